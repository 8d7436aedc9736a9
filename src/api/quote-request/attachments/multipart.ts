import formidable from 'formidable';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import { detectFileTypeOfPath } from '../../../uploads/file-type';
import { ACCEPTED_ATTACHMENT_TYPES, cleanFileName, newTempName, type UploadedAttachment } from './store';

/**
 * A multipart submission (`data`: the JSON of a JSON submission, `attachments`: up to `maxCount` files),
 * streamed to `tmpDir` part by part: formidable pauses the request while a chunk is written, so memory
 * stays bounded whatever the files' sizes. Any refusal stops the parse at once; the caller removes every
 * path pushed to `tempFiles` (complete or partial) when the request ends, whatever happened.
 */
export interface AttachmentLimits {
  maxCount: number;
  maxBytes: number;
  /** At most this many bytes of the `data` field. */
  maxDataBytes: number;
  tmpDir: string;
}

export interface MultipartSubmission {
  /** The `data` field, parsed as JSON. */
  data: unknown;
  attachments: UploadedAttachment[];
}

const ACCEPTED_NAMES = 'PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG';
const megabytes = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

const refuse = (status: 400 | 413 | 415, message: string, file?: string): Error => {
  const details = file === undefined ? {} : { file };
  if (status === 400) return new errors.ValidationError(message, details);
  if (status === 413) return new errors.PayloadTooLargeError(message, details);
  // Strapi has no error class for 415: an http-errors error is answered with the same body shape.
  return Object.assign(createHttpError(415, message), { details });
};

/** Internals formidable's own documentation tells callers to use when they override `onPart`. */
interface FormInternals {
  _handlePart(part: formidable.Part): void;
  _error(error: Error): void;
}

/** A temp file of this request: its path, and when its write stream has closed (then it can be removed for good). */
export interface TempFile {
  filepath: string;
  closed(): Promise<void>;
}

interface StreamHolder {
  _writeStream?: NodeJS.WritableStream & { closed?: boolean };
}

/** Waits (at most 2 s) for formidable's write stream of `file` to close: removing it earlier could race its open(). */
const closedOf = (file: StreamHolder) => (): Promise<void> =>
  new Promise((resolve) => {
    const stream = file._writeStream;
    if (!stream || stream.closed) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, 2000);
    stream.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });

interface ReceivedFile {
  tmpPath: string;
  name: string;
  size: number;
  sha256: string;
}

export const parseMultipartSubmission = (
  ctx: Context,
  limits: AttachmentLimits,
  tempFiles: TempFile[]
): Promise<MultipartSubmission> =>
  new Promise<{ data: string | undefined; files: ReceivedFile[] }>((resolve, reject) => {
    const form = formidable({
      uploadDir: limits.tmpDir,
      filename: () => newTempName(),
      enabledPlugins: ['multipart'],
      multiples: true,
      // Counted per file below; this is the whole body's bound, a second line of defence.
      maxFileSize: limits.maxCount * limits.maxBytes,
      minFileSize: 0,
      allowEmptyFiles: true,
      maxFields: 0,
      maxFieldsSize: limits.maxDataBytes,
      hashAlgorithm: 'sha256',
    });
    const internals = form as unknown as FormInternals;
    let settled = false;
    let fileCount = 0;
    let dataSeen = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      internals._error(error);
      reject(error);
    };

    form.onPart = (part: formidable.Part): void => {
      if (settled) return;
      const isFile = part.originalFilename !== null && part.originalFilename !== undefined;
      if (!isFile) {
        if (part.name !== 'data') {
          fail(refuse(400, `Unknown form field «${String(part.name)}»: send «data» (JSON) and files «attachments»`));
          return;
        }
        if (dataSeen) {
          fail(refuse(400, 'The form field «data» was sent twice'));
          return;
        }
        dataSeen = true;
        internals._handlePart(part);
        return;
      }
      const name = cleanFileName(part.originalFilename);
      if (part.name !== 'attachments') {
        fail(refuse(400, `«${name}» was sent as «${String(part.name)}»: files go in the field «attachments»`, name));
        return;
      }
      fileCount += 1;
      if (fileCount > limits.maxCount) {
        fail(refuse(400, `«${name}»: at most ${limits.maxCount} files may be attached`, name));
        return;
      }
      // A file part without a type of its own would be read as a text field: its type is decided by
      // content anyway.
      if (!part.mimetype) part.mimetype = 'application/octet-stream';
      let bytes = 0;
      part.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limits.maxBytes) {
          fail(refuse(413, `«${name}» is larger than ${megabytes(limits.maxBytes)}`, name));
        }
      });
      internals._handlePart(part);
    };

    const files: (ReceivedFile & { order: number })[] = [];
    // Where each file began in the body: formidable reports a file once its write to disk has finished,
    // and a small second file may finish before the first. The request keeps the order the prospect sent.
    const begun = new Map<string, number>();
    let data: string | undefined;
    form.on('fileBegin', (_field, file) => {
      begun.set(file.filepath, begun.size);
      tempFiles.push({ filepath: file.filepath, closed: closedOf(file as unknown as StreamHolder) });
    });
    form.on('file', (_field, file) => {
      files.push({
        order: begun.get(file.filepath) ?? begun.size,
        tmpPath: file.filepath,
        name: cleanFileName(file.originalFilename),
        size: file.size,
        sha256: String(file.hash ?? ''),
      });
    });
    form.on('field', (_field, value) => {
      data = value;
    });
    form.on('error', (error: Error & { httpCode?: number }) => {
      if (settled) return;
      settled = true;
      const cut = /aborted/i.test(error.message);
      reject(
        cut
          ? refuse(400, 'The request body ended before the upload was complete')
          : error.httpCode === 413
            ? refuse(
                413,
                `The form is larger than allowed (data: ${limits.maxDataBytes} bytes, files: ${megabytes(limits.maxBytes)} each)`
              )
            : refuse(400, 'The request body is not a readable multipart/form-data form')
      );
    });
    form.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ data, files: [...files].sort((a, b) => a.order - b.order) });
    });
    // A client that goes away mid-upload may close the socket without an error or `aborted` event.
    ctx.req.once('close', () => {
      if (!ctx.req.complete) fail(refuse(400, 'The request body ended before the upload was complete'));
    });
    form.parse(ctx.req);
  }).then(async ({ data, files }) => {
    if (data === undefined) throw refuse(400, 'The form field «data» (the request as JSON) is missing');
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw refuse(400, 'The form field «data» is not valid JSON');
    }
    const attachments: UploadedAttachment[] = [];
    for (const file of files) {
      if (file.size === 0) throw refuse(400, `«${file.name}» is empty`, file.name);
      const type = await detectFileTypeOfPath(file.tmpPath);
      const accepted = type && ACCEPTED_ATTACHMENT_TYPES.find((candidate) => candidate.mime === type.mime);
      if (!accepted) {
        throw refuse(
          415,
          `«${file.name}» is not an accepted file type (${ACCEPTED_NAMES}, recognised by content)`,
          file.name
        );
      }
      attachments.push({
        tmpPath: file.tmpPath,
        name: file.name,
        size: file.size,
        mime: accepted.mime,
        sha256: file.sha256,
      });
    }
    return { data: parsed, attachments };
  });
