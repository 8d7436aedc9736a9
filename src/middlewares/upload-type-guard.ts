import type { Core } from '@strapi/strapi';
import { enforceUploadTypes, filesOf } from '../uploads/upload-guard';

/**
 * Every file of a multipart body (only the upload routes accept one: global::request-body-guard) must
 * be one of UPLOAD_ALLOWED_TYPES by its content, before any route or the upload plugin sees the
 * request: one refused file refuses the whole request with 400, so nothing of it is stored (the
 * plugin's own validation would store the other files). Runs after strapi::body, which wrote the
 * files to the temp folder; global::request-body-guard removes them when the request ends.
 */
const uploadTypeGuard: Core.MiddlewareFactory = (_config, { strapi }) => {
  return async (ctx, next) => {
    const files = (ctx.request as { files?: Record<string, unknown> }).files;
    if (files) {
      const all = Object.values(files).flatMap((entry) => filesOf(entry));
      if (all.length > 0) await enforceUploadTypes(strapi, all);
    }
    await next();
  };
};

export default uploadTypeGuard;
