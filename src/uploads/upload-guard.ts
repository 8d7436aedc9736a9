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
        strapi.log.warn(`Upload refused, its content could not be read: ${(error as Error).message}`);
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

/**
 * Every file must be allowed; each is then stored under its real type (name extension, MIME type).
 * Refuses all of them when one is not allowed.
 */
export const enforceUploadTypes = async (strapi: Core.Strapi, files: UploadedFileLike[]): Promise<FileTypeInfo[]> => {
  const allowedTypes = allowedUploadTypes(strapi);
  const accepted = await checkAll(strapi, files, allowedTypes);
  accepted.forEach((check, index) => normaliseToContent(files[index], check.type));
  return accepted.map((check) => check.type);
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
    const [type] = await enforceUploadTypes(strapi, files);
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
