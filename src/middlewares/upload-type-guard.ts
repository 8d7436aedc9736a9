import type { Core } from '@strapi/strapi';
import { enforceUploadTypes, filesOf, renameMultipartFileInfos } from '../uploads/upload-guard';

/**
 * Every file of a multipart body (only the upload routes accept one: global::request-body-guard) must
 * be one of UPLOAD_ALLOWED_TYPES by its content, before any route or the upload plugin sees the
 * request: one refused file refuses the whole request with 400, so nothing of it is stored (the
 * plugin's own validation would store the other files). An accepted file whose name says another
 * type is renamed to its real type's extension here. Runs after strapi::body, which wrote the
 * files to the temp folder; global::request-body-guard removes them when the request ends.
 */
const uploadTypeGuard: Core.MiddlewareFactory = (_config, { strapi }) => {
  return async (ctx, next) => {
    const files = (ctx.request as { files?: Record<string, unknown> }).files;
    if (files) {
      const all = Object.values(files).flatMap((entry) => filesOf(entry));
      if (all.length > 0) {
        // Stored under their real types from here on, their fileInfo renamed with them, so the upload
        // plugin's own validation (the same list) sees a name, a declared type and a content that agree.
        const { renamed } = await enforceUploadTypes(strapi, all);
        renameMultipartFileInfos(ctx.request.body, renamed);
      }
    }
    await next();
  };
};

export default uploadTypeGuard;
