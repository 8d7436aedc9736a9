import path from 'path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { FileTypeInfo } from './file-type';
import {
  checkUploadedFile,
  displayName,
  extensionMatchesType,
  normaliseToContent,
  refusalMessage,
  type UploadCheck,
  type UploadedFileLike,
} from './upload-policy';

/**
 * The upload type rule applied where files enter the media library:
 * - `global::upload-type-guard` checks every file of a multipart body before any route runs, so a
 *   request with one refused file is refused whole (the upload plugin's own validation would store
 *   the others);
 * - the upload service's `upload` and `replace` check again, for every caller that reaches them
 *   without a multipart body (the admin's upload from URLs, plugins, scripts).
 * A refusal is a 400 ValidationError naming the file and the allowed types; nothing is stored.
 */

export const allowedUploadTypes = (strapi: Core.Strapi): string[] =>
  strapi.config.get<string[]>('security.uploadAllowedTypes', []);

const isFileLike = (value: unknown): value is UploadedFileLike =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The files of a multipart body or of a service call, whatever their nesting (one file or a list). */
export const filesOf = (value: unknown): UploadedFileLike[] => {
  if (Array.isArray(value)) return value.filter(isFileLike);
  return isFileLike(value) ? [value] : [];
};

const refuse = (refusals: Extract<UploadCheck, { allowed: false }>[], allowedTypes: readonly string[]): never => {
  throw new errors.ValidationError(refusals.map((refusal) => refusal.message).join('; '), {
    files: refusals.map((refusal) => refusal.fileName),
    allowedTypes: [...allowedTypes],
  });
};

const checkAll = async (
  strapi: Core.Strapi,
  files: UploadedFileLike[],
  allowedTypes: readonly string[]
): Promise<Extract<UploadCheck, { allowed: true }>[]> => {
  const checks = await Promise.all(
    files.map(async (file): Promise<UploadCheck> => {
      try {
        return await checkUploadedFile(file, allowedTypes);
      } catch (error) {
        // A file that cannot be read is refused (fail closed); the reason goes to the log.
        strapi.log.warn(
          `Upload refused, its content could not be read: ${error instanceof Error ? error.message : String(error)}`
        );
        return {
          allowed: false,
          fileName: displayName(file),
          message: refusalMessage(displayName(file), allowedTypes),
        };
      }
    })
  );
  const refusals = checks.filter((check): check is Extract<UploadCheck, { allowed: false }> => !check.allowed);
  if (refusals.length > 0) refuse(refusals, allowedTypes);
  return checks.filter((check): check is Extract<UploadCheck, { allowed: true }> => check.allowed);
};

/** Every file must be allowed: refuses all of them when one is not. Returns each file's real type. */
export const assertAllowedUploads = async (strapi: Core.Strapi, files: UploadedFileLike[]): Promise<FileTypeInfo[]> => {
  const accepted = await checkAll(strapi, files, allowedUploadTypes(strapi));
  return accepted.map((check) => check.type);
};

/**
 * Every file must be allowed; each is then stored under its real type (name extension, MIME type).
 * Returns the names it changed (old name → new name).
 */
export const enforceUploadTypes = async (
  strapi: Core.Strapi,
  files: UploadedFileLike[]
): Promise<{ types: FileTypeInfo[]; renamed: Map<string, string> }> => {
  const types = await assertAllowedUploads(strapi, files);
  const renamed = new Map<string, string>();
  types.forEach((type, index) => {
    const before = files[index].originalFilename ?? '';
    normaliseToContent(files[index], type);
    const after = files[index].originalFilename ?? '';
    if (after !== before) renamed.set(before, after);
  });
  return { types, renamed };
};

/**
 * The `fileInfo` fields of a multipart body (JSON strings, one per file, as the media library sends
 * them) renamed like their files: the admin's controller pairs files with their fileInfo by name.
 * An entry that is not JSON is left as it is (the upload plugin refuses it).
 */
export const renameMultipartFileInfos = (body: unknown, renamed: Map<string, string>): void => {
  if (renamed.size === 0 || typeof body !== 'object' || body === null) return;
  const fields = body as { fileInfo?: unknown };
  if (fields.fileInfo === undefined) return;
  const rename = (entry: unknown): unknown => {
    let parsed: unknown = entry;
    if (typeof entry === 'string') {
      try {
        parsed = JSON.parse(entry) as unknown;
      } catch {
        return entry; // not JSON: the plugin's own body validation answers it
      }
    }
    if (typeof parsed !== 'object' || parsed === null) return entry;
    const info = parsed as { name?: unknown };
    if (typeof info.name !== 'string' || !renamed.has(info.name)) return entry;
    info.name = renamed.get(info.name);
    return typeof entry === 'string' ? JSON.stringify(info) : info;
  };
  fields.fileInfo = Array.isArray(fields.fileInfo) ? fields.fileInfo.map(rename) : rename(fields.fileInfo);
};

/** The `fileInfo.name` of a service call renamed like its file, so the stored name tells the same type. */
const renameFileInfo = (fileInfo: unknown, file: UploadedFileLike): void => {
  if (!isFileLike(fileInfo)) return;
  const info = fileInfo as { name?: unknown };
  if (typeof info.name !== 'string' || !file.detectedMimeType) return;
  const stored = path.extname(file.originalFilename ?? '');
  if (path.extname(info.name).toLowerCase() !== stored.toLowerCase()) {
    const extension = path.extname(info.name);
    info.name = `${extension ? info.name.slice(0, -extension.length) : info.name}${stored}`;
  }
};

interface UploadServiceInput {
  data?: { fileInfo?: unknown };
  files?: unknown;
  file?: unknown;
}

interface StoredFile {
  ext?: string | null;
  name?: string | null;
}

interface UploadService {
  upload(input: UploadServiceInput, ...rest: unknown[]): Promise<unknown>;
  replace(id: unknown, input: UploadServiceInput, ...rest: unknown[]): Promise<unknown>;
  findOne(id: unknown): Promise<StoredFile | null>;
}

/**
 * Wraps the upload service's `upload` and `replace`. A replacement keeps the stored file's URL and so
 * its extension (the upload plugin's rule): it must be of the type that extension is served as, or it
 * is refused (upload it as a new file instead).
 */
export const guardUploadService = (strapi: Core.Strapi): void => {
  const service = strapi.plugin('upload').service('upload') as unknown as UploadService;
  const upload = service.upload.bind(service);
  const replace = service.replace.bind(service);

  service.upload = async (input, ...rest) => {
    const files = filesOf(input.files);
    await enforceUploadTypes(strapi, files);
    const infos = Array.isArray(input.data?.fileInfo) ? input.data.fileInfo : [input.data?.fileInfo];
    files.forEach((file, index) => renameFileInfo(infos[index], file));
    return upload(input, ...rest);
  };

  service.replace = async (id, input, ...rest) => {
    const files = filesOf(input.file);
    if (files.length !== 1) throw new errors.ValidationError('Replace a file with exactly one file');
    const {
      types: [type],
    } = await enforceUploadTypes(strapi, files);
    const stored = await service.findOne(id);
    const extension = stored?.ext ?? '';
    if (stored && !extensionMatchesType(extension, type)) {
      throw new errors.ValidationError(
        `"${displayName(files[0])}" is a ${type.mime} file and cannot replace "${stored.name ?? ''}" ` +
          `(${extension || 'no extension'}), whose address keeps its extension: upload it as a new file`,
        { files: [displayName(files[0])] }
      );
    }
    renameFileInfo(input.data?.fileInfo, files[0]);
    return replace(id, input, ...rest);
  };
};
