import { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { servedAs, uploadsFileOf, UPLOADS_CONTENT_SECURITY_POLICY } from '../uploads/serving';

/**
 * Headers of everything served under /uploads (src/uploads/serving.ts), whichever route serves it: the
 * upload plugin's `/uploads/(.*)` and strapi::public both resolve a percent-encoded or dotted path to
 * the same file. Placed after strapi::security, so this policy replaces the admin's CSP (which allows
 * `script-src 'self'`) on these answers, before and after the static server runs.
 */
const setPolicyHeaders = (ctx: Context): void => {
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', UPLOADS_CONTENT_SECURITY_POLICY);
};

const isFileBody = (body: unknown): boolean => body instanceof Readable;

const uploadServing: Core.MiddlewareFactory = () => {
  return async (ctx, next) => {
    const file = ctx.method === 'GET' || ctx.method === 'HEAD' ? uploadsFileOf(ctx.path) : undefined;
    if (file === undefined) {
      await next();
      return;
    }

    setPolicyHeaders(ctx);
    try {
      await next();
    } finally {
      setPolicyHeaders(ctx);
    }
    // koa-send answers with a file stream (koa-range may slice it for a Range request): that body is
    // typed by what the file was stored as, never by what the static server guesses from it.
    if (isFileBody(ctx.body)) {
      const { contentType, disposition } = servedAs(file);
      ctx.type = contentType;
      ctx.set('Content-Disposition', disposition);
    }
  };
};

export default uploadServing;
