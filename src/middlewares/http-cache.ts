import crypto from 'crypto';
import type { Core } from '@strapi/strapi';

/**
 * Conditional GETs for the content API: every successful GET under /api (and GraphQL GETs) carries a
 * weak ETag computed from the response body; a matching If-None-Match answers 304 with no body.
 * Anonymous responses get the operator's Cache-Control (HTTP_CACHE_CONTROL); authenticated ones are
 * marked private so a shared cache never serves one user's view to another.
 */
const DEFAULT_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

const isCacheablePath = (path: string, graphqlEndpoint: string): boolean =>
  (path.startsWith('/api/') && !path.startsWith('/api/quote-requests')) || path === graphqlEndpoint;

const httpCache: Core.MiddlewareFactory = (_config, { strapi }) => {
  const cacheControl = process.env.HTTP_CACHE_CONTROL || DEFAULT_CACHE_CONTROL;
  const graphqlEndpoint = String(strapi.config.get('plugin::graphql.endpoint', '/graphql'));

  return async (ctx, next) => {
    await next();

    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !isCacheablePath(ctx.path, graphqlEndpoint)) return;
    if (ctx.status !== 200 || ctx.body === undefined || ctx.body === null) return;
    if (typeof (ctx.body as { pipe?: unknown }).pipe === 'function') return; // streams are not hashed

    const authenticated = Boolean(ctx.get('authorization'));
    ctx.set('Cache-Control', authenticated ? 'private, no-cache' : cacheControl);
    ctx.vary('Authorization');

    const payload =
      typeof ctx.body === 'string' || Buffer.isBuffer(ctx.body) ? ctx.body : JSON.stringify(ctx.body);
    if (typeof ctx.body !== 'string' && !Buffer.isBuffer(ctx.body)) {
      // Serialise once: Koa would otherwise stringify the object again when writing the response.
      ctx.type = 'application/json';
      ctx.body = payload;
    }
    const hash = crypto.createHash('sha1').update(payload).digest('base64url');
    ctx.set('ETag', `W/"${hash}"`);

    if (ctx.fresh) {
      ctx.status = 304;
      ctx.body = null;
    }
  };
};

export default httpCache;
