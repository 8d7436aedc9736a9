import path from 'path';
import { detectFileTypeOfPath, recognisedMimeTypes, typeOfMime, type FileTypeInfo } from './file-type';

/**
 * Which files the media library accepts: those whose CONTENT (src/uploads/file-type.ts) is one of the
 * allowed types. The name a client gave a file and the type it declared decide nothing: a file is
 * stored under the extension and type of what it is (`photo.png` holding a JPEG is stored as a .jpg,
 * image/jpeg), so what /uploads serves always matches its bytes.
 */

/** The images the site uses, and PDF. */
export const DEFAULT_UPLOAD_ALLOWED_TYPES = 'image/png,image/jpeg,image/gif,image/webp,image/avif,application/pdf';

/**
 * UPLOAD_ALLOWED_TYPES as a list of media types. A type the sniffer cannot recognise by its bytes
 * (image/svg+xml, text/html...) could never be checked, so naming one stops the start with an error
 * rather than being silently ignored. An empty value allows no upload at all.
 */
export const parseAllowedUploadTypes = (raw: string): string[] => {
  const types = [
    ...new Set(
      raw
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter((entry) => entry.length > 0)
    ),
  ];
  const unknown = types.filter((type) => !typeOfMime(type));
  if (unknown.length > 0) {
    throw new Error(
      `UPLOAD_ALLOWED_TYPES names ${unknown.join(', ')}, which cannot be recognised by content; ` +
        `allowed values: ${recognisedMimeTypes().join(', ')}`
    );
  }
  return types;
};

/** The fields of an uploaded file (formidable's, as koa-body and the upload plugin pass it) read here. */
export interface UploadedFileLike {
  filepath?: string;
  originalFilename?: string | null;
  mimetype?: string | null;
  /** Set by the upload plugin's own validation: the type it will store. */
  detectedMimeType?: string;
}

export type UploadCheck = { allowed: true; type: FileTypeInfo } | { allowed: false; fileName: string; message: string };

export const displayName = (file: UploadedFileLike): string => file.originalFilename || 'unnamed file';

export const refusalMessage = (fileName: string, allowedTypes: readonly string[]): string =>
  allowedTypes.length === 0
    ? `"${fileName}" was refused: uploads are disabled (UPLOAD_ALLOWED_TYPES is empty)`
    : `"${fileName}" was refused: its content is not one of the allowed types (${allowedTypes.join(', ')})`;

/** Whether a file's content is one of the allowed types; a file that cannot be read is refused. */
export const checkUploadedFile = async (
  file: UploadedFileLike,
  allowedTypes: readonly string[]
): Promise<UploadCheck> => {
  const fileName = displayName(file);
  const refused: UploadCheck = { allowed: false, fileName, message: refusalMessage(fileName, allowedTypes) };
  if (!file.filepath) return refused;
  const type = await detectFileTypeOfPath(file.filepath);
  if (!type || !allowedTypes.includes(type.mime)) return refused;
  return { allowed: true, type };
};

/** `name` with the extension of `type` in place of its own (`photo.png` → `photo.jpg` for a JPEG). */
export const nameWithExtensionOf = (name: string, type: FileTypeInfo): string => {
  const extension = path.extname(name);
  const base = extension ? name.slice(0, -extension.length) : name;
  return `${base || 'file'}.${type.ext}`;
};

/** Whether an extension (`.JPEG`, `jpg`) is one under which a file of `type` is stored. */
export const extensionMatchesType = (extension: string, type: FileTypeInfo): boolean => {
  const bare = extension.replace(/^\./, '').toLowerCase();
  return bare === type.ext || (type.ext === 'jpg' && bare === 'jpeg');
};

/**
 * Makes an accepted file say what it is: its name ends with its real type's extension, and the
 * declared and detected types are its real type (the upload plugin stores `mime` and `ext` from them).
 */
export const normaliseToContent = (file: UploadedFileLike, type: FileTypeInfo): void => {
  if (!extensionMatchesType(path.extname(file.originalFilename ?? ''), type)) {
    file.originalFilename = nameWithExtensionOf(file.originalFilename ?? '', type);
  }
  file.mimetype = type.mime;
  file.detectedMimeType = type.mime;
};
