import fs from 'fs/promises';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { SUBMISSION_BODY_LIMIT_BYTES, SUBMISSION_PATH } from '../api/quote-request/constants';
import { parseMultipartSubmission, type TempFile } from '../api/quote-request/attachments/multipart';
import { attachmentDirs, ensureAttachmentDirs, type UploadedAttachment } from '../api/quote-request/attachments/store';
import { quoteSettings } from '../api/quote-request/settings';
import { countSubmissionAttempt } from '../api/quote-request/submission-rate-limit';
import { routePath } from '../utils/route-path';

/**
 * A multipart quote submission (`data` + files `attachments`), read here instead of by strapi::body:
 * koa-body would write every file, of any size and name, to the system's temp folder with the
 * upload plugin's limits. Here the client is rate-limited first, each file is streamed to the private
 * temp directory under QUOTE_ATTACHMENT_MAX_BYTES and checked by content, and every temp file (kept,
 * refused or cut) is removed when the request ends: the service has renamed the ones it keeps.
 *
 * The parsed `{ data }` becomes the request body, exactly as a JSON submission's; the body's length
 * headers are then dropped so that strapi::body (required by Strapi, next in line) sees a request with
 * nothing left to read rather than parsing a consumed stream.
 */
const uploads = new WeakMap<Context, UploadedAttachment[]>();

/** The checked files of this request's multipart submission (none for a JSON one). */
export const uploadedAttachmentsOf = (ctx: Context): UploadedAttachment[] => uploads.get(ctx) ?? [];

const quoteAttachmentsBody: Core.MiddlewareFactory = (_config, { strapi }) => {
  const submissionPath = routePath(SUBMISSION_PATH);
  const { maxCount, maxBytes } = quoteSettings(strapi).attachments;
  const dirs = attachmentDirs(strapi);
  let dirsReady: Promise<void> | undefined;

  return async (ctx, next) => {
    if (ctx.method !== 'POST' || routePath(ctx.path) !== submissionPath || !ctx.is('multipart/form-data')) {
      await next();
      return;
    }
    await countSubmissionAttempt(ctx);
    dirsReady ??= ensureAttachmentDirs(dirs);
    await dirsReady;

    const tempFiles: TempFile[] = [];
    try {
      const { data, attachments } = await parseMultipartSubmission(
        ctx,
        { maxCount, maxBytes, maxDataBytes: SUBMISSION_BODY_LIMIT_BYTES, tmpDir: dirs.tmp },
        tempFiles
      );
      delete ctx.req.headers['content-length'];
      delete ctx.req.headers['transfer-encoding'];
      (ctx.request as { body?: unknown }).body = { data };
      uploads.set(ctx, attachments);
      await next();
    } finally {
      await Promise.all(
        tempFiles.map(async (file) => {
          await file.closed();
          await fs.rm(file.filepath, { force: true });
        })
      );
    }
  };
};

export default quoteAttachmentsBody;
