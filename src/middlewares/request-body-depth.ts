import type { Core } from '@strapi/strapi';
import { assertBodyDepth } from './request-body-guard';

/**
 * Right after strapi::body: the parsed body of a request global::request-body-guard let through on a
 * public JSON route (the submission, GraphQL, every content-API route) nests at most MAX_BODY_DEPTH
 * levels (400 otherwise), before any route, policy or validator reads it.
 */
const requestBodyDepth: Core.MiddlewareFactory = () => async (ctx, next) => {
  assertBodyDepth(ctx);
  await next();
};

export default requestBodyDepth;
