import { errors } from '@strapi/utils';

/** Strapi's application errors and the status `strapi::errors` answers them with (@strapi/core services/errors). */
const APPLICATION_ERROR_STATUS: readonly [abstract new (...args: never[]) => Error, number][] = [
  [errors.UnauthorizedError, 401],
  [errors.ForbiddenError, 403],
  [errors.NotFoundError, 404],
  [errors.PayloadTooLargeError, 413],
  [errors.RateLimitError, 429],
  [errors.NotImplementedError, 501],
];

/**
 * The HTTP status `strapi::errors` will answer for an error thrown inside it: an application error's
 * (400 unless mapped), an HTTP error's own (`ctx.throw`, `ctx.notFound()`), 500 for anything else.
 */
export const answerStatusOf = (error: unknown): number => {
  if (error instanceof errors.ApplicationError) {
    return APPLICATION_ERROR_STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
  }
  if (error instanceof errors.HttpError) return error.status || 500;
  return 500;
};
