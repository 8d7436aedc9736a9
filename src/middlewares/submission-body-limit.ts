import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import { SUBMISSION_BODY_LIMIT_BYTES, SUBMISSION_PATH } from '../api/quote-request/constants';

/**
 * Guards the public submission route before strapi::body buffers anything: the body must be JSON,
 * declare its length, and stay under 64 KB. Other routes (the admin included) keep Strapi's limits.
 */
const submissionBodyLimit: Core.MiddlewareFactory = () => async (ctx, next) => {
  if (ctx.method !== 'POST' || ctx.path !== SUBMISSION_PATH) {
    await next();
    return;
  }

  const declared = ctx.get('content-length');
  if (!declared) {
    throw createHttpError(411, 'A Content-Length header is required');
  }
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0) {
    throw createHttpError(400, 'Invalid Content-Length header');
  }
  if (length > SUBMISSION_BODY_LIMIT_BYTES) {
    throw new errors.PayloadTooLargeError(`Request body exceeds ${SUBMISSION_BODY_LIMIT_BYTES} bytes`, {
      limit: SUBMISSION_BODY_LIMIT_BYTES,
    });
  }
  if (!ctx.is('application/json')) {
    throw createHttpError(415, 'Content-Type must be application/json');
  }
  await next();
};

export default submissionBodyLimit;
