import path from 'path';
import { RECOGNISED_TYPES } from './file-type';

/**
 * How files under /uploads are served: as data, never as a page or a script of the admin's origin.
 *
 * - Every answer under /uploads carries `X-Content-Type-Options: nosniff` and
 *   `Content-Security-Policy: default-src 'none'; sandbox`: whatever a file holds, it loads nothing,
 *   runs no script, and the sandbox gives it an opaque origin (no cookie, no storage, no same-origin
 *   request of the admin's). Chromium still displays an image or a PDF opened directly under this policy.
 * - Only the types the media library may hold (src/uploads/file-type.ts) are served inline under their
 *   own type, and only the images and PDF among them; office documents are attachments under their
 *   type; anything else (an .html, .svg or .js stored before uploads were checked) is an attachment of
 *   type application/octet-stream, which no browser renders or runs.
 */
export const UPLOADS_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

const INLINE_TYPES = new Set<string>([
  RECOGNISED_TYPES.png.mime,
  RECOGNISED_TYPES.jpeg.mime,
  RECOGNISED_TYPES.gif.mime,
  RECOGNISED_TYPES.webp.mime,
  RECOGNISED_TYPES.avif.mime,
  RECOGNISED_TYPES.pdf.mime,
]);

const TYPE_BY_EXTENSION = new Map<string, string>([
  ...Object.values(RECOGNISED_TYPES).map((type): [string, string] => [type.ext, type.mime]),
  ['jpeg', RECOGNISED_TYPES.jpeg.mime],
]);

export interface ServedAs {
  contentType: string;
  /** `inline` or `attachment`. */
  disposition: 'inline' | 'attachment';
}

/** The type and disposition a stored file is served with, from its extension (what it was stored as). */
export const servedAs = (fileName: string): ServedAs => {
  const extension = path.posix.extname(fileName).replace(/^\./, '').toLowerCase();
  const type = TYPE_BY_EXTENSION.get(extension);
  if (!type) return { contentType: 'application/octet-stream', disposition: 'attachment' };
  return { contentType: type, disposition: INLINE_TYPES.has(type) ? 'inline' : 'attachment' };
};

/**
 * The file under /uploads a request path names, the way the static servers resolve it (koa-send:
 * percent-decoded, `.` and `..` segments and repeated slashes resolved), or undefined when the path
 * is not under /uploads. Compared case-insensitively, as the router matches: `/Uploads/x` and
 * `/%75ploads/x` are under /uploads too.
 */
export const uploadsFileOf = (requestPath: string): string | undefined => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    // koa-send answers 400 to a path it cannot decode: nothing is served.
    return undefined;
  }
  const normalised = path.posix.normalize(`/${decoded.replace(/\\/g, '/')}`);
  if (!normalised.toLowerCase().startsWith('/uploads/')) return undefined;
  return normalised.slice('/uploads/'.length);
};
