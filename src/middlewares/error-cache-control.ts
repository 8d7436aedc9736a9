import type { Core } from '@strapi/strapi';
import { restErrorSurrogateKeys, setPurgeHints } from '../cache/surrogate-keys';
import { isAnonymousRequest } from '../security/content-access';
import { answerStatusOf } from '../utils/error-status';
import { routePath } from '../utils/route-path';
import { isPublicReadPath, shortLivedCacheControl } from './http-cache';

/** Statuses that say "no such content (yet)": a publish may change them. */
const ABSENT_CONTENT = new Set([404, 410]);

/**
 * Caching headers of error answers on public reads (GET/HEAD under /api and on the GraphQL endpoint),
 * set right inside `strapi::errors` so it sees what every later middleware and the router threw or set:
 * - a 404 (a document or single type not published, or not yet) to an anonymous caller: `public,
 *   max-age=<API_NOT_FOUND_MAX_AGE>` and its type's surrogate key, so a CDN keeps it briefly and the
 *   publish that creates the page purges it (without headers, Varnish keeps a 404 for its default TTL);
 * - any other error (400 from the query guards and GraphQL validation, 401, 403, 405, 429, 5xx):
 *   `no-store`. It depends on the request or the caller, not on content a publish changes, and storing
 *   it would let anyone fill a shared cache with variants of a bad request or replay a passing failure;
 * - an error answered to credentials (API token, preview token, end-user JWT): `private, no-store`.
 * GraphQL answers 200 with `errors` for what a resolver refused: http-cache.ts handles those.
 */
const errorCacheControl: Core.MiddlewareFactory = (_config, { strapi }) => {
  const graphqlEndpoint = String(strapi.config.get('plugin::graphql.endpoint', '/graphql'));
  const shortLived = shortLivedCacheControl(strapi.config.get<number>('cache.notFoundMaxAge', 10));

  const markErrorAnswer = (ctx: Parameters<Core.MiddlewareHandler>[0], status: number): void => {
    ctx.vary('Authorization');
    if (!isAnonymousRequest(ctx.state)) {
      ctx.set('Cache-Control', 'private, no-store');
      return;
    }
    if (!ABSENT_CONTENT.has(status)) {
      ctx.set('Cache-Control', 'no-store');
      return;
    }
    ctx.set('Cache-Control', shortLived);
    if (routePath(ctx.path) !== routePath(graphqlEndpoint)) setPurgeHints(ctx, restErrorSurrogateKeys(ctx.path));
  };

  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !isPublicReadPath(ctx.path, graphqlEndpoint)) {
      await next();
      return;
    }
    try {
      await next();
    } catch (error) {
      // strapi::errors answers it; its headers are set here first and kept.
      markErrorAnswer(ctx, answerStatusOf(error));
      throw error;
    }
    // Also a route nobody matched: Koa's default 404, which strapi::errors then answers.
    if (ctx.status >= 400) markErrorAnswer(ctx, ctx.status);
  };
};

export default errorCacheControl;
