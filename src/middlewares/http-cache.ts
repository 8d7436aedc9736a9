import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { cacheInvalidation } from '../cache/invalidation';
import { graphqlSurrogateKeys, recordedDocuments, restSurrogateKeys, setPurgeHints } from '../cache/surrogate-keys';
import { isAnonymousRequest } from '../security/content-access';
import { isUnder, routePath } from '../utils/route-path';

/**
 * Public content reads: conditional GETs and a short-lived response cache.
 *
 * - Every successful anonymous GET under /api (and GraphQL GETs) carries a weak ETag computed from the
 *   body; a matching If-None-Match answers 304 with no body. Anonymous responses get the operator's
 *   Cache-Control (HTTP_CACHE_CONTROL); authenticated ones are `private, no-cache` and never cached here.
 *   "Anonymous" is what authentication decided (`ctx.state.auth`, the preview grant), not whether an
 *   Authorization header was present; a REST response that set `no-store` (the CSV export) is left alone.
 * - Anonymous answers carry `Surrogate-Key` / `Cache-Tag` (src/cache/surrogate-keys.ts). A GraphQL answer
 *   with errors, or whose documents could not all be named, is kept only API_NOT_FOUND_MAX_AGE by shared
 *   caches (one with an internal error: `no-store`). Error statuses: src/middlewares/error-cache-control.ts.
 * - Anonymous responses are kept in memory for HTTP_RESPONSE_CACHE_TTL_MS (0 disables). Any write to a
 *   content, locale, media, permission or routing row empties the cache at once, on this instance and,
 *   through PostgreSQL or Redis, on every other one (src/cache/invalidation.ts); on SQLite without Redis
 *   another process's write shows here within the TTL. Quote-request traffic never touches the cache.
 */
const MAX_ENTRIES = 500;

interface CachedResponse {
  body: string;
  etag: string;
  type: string;
  version: number;
  storedAt: number;
  /** CDN purge hints (src/cache/surrogate-keys.ts). */
  keys: string[];
  cacheControl: string;
}

/**
 * The Cache-Control of a public answer shared caches may keep only briefly (API_NOT_FOUND_MAX_AGE): a 404
 * (src/middlewares/error-cache-control.ts), a GraphQL answer with errors, or one whose documents could
 * not all be named. Their surrogate keys still purge them on a publish; the short life bounds the rest.
 */
export const shortLivedCacheControl = (maxAgeSeconds: number): string => `public, max-age=${maxAgeSeconds}`;

/** Whether a GraphQL answer reports errors, and whether one of them is a failure of the server. */
const graphqlErrorsOf = (body: unknown): { any: boolean; internal: boolean } => {
  const errors = (body as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return { any: false, internal: false };
  const internal = errors.some((error: unknown) => {
    const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    return typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR';
  });
  return { any: true, internal };
};

/**
 * RFC 9110 §13.1.2 If-None-Match, weak comparison. Koa's `ctx.fresh` also refuses a 304 whenever the
 * request says `Cache-Control: no-cache`, which WHATWG fetch (Node, Next.js, browsers) adds to every
 * request that sets If-None-Match by hand: such clients would never get a 304. The origin evaluates
 * the condition itself.
 */
export const matchesIfNoneMatch = (header: string, etag: string): boolean => {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
};

/** Content types a browser sends cross-site without a CORS preflight (Apollo Server's list). */
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
/** Apollo Server's default `csrfPrevention` request headers. */
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * Whether a GraphQL request carries what Apollo's CSRF prevention asks for: a Content-Type a browser
 * cannot send cross-site without a preflight, or a non-empty `apollo-require-preflight` /
 * `x-apollo-operation-name` header. The cache answers before Apollo runs, so it must not serve a request
 * Apollo would refuse: a GET another site's page makes would otherwise read the cached answer. Stricter
 * than Apollo where they differ (an unparsable Content-Type passes Apollo, not this): such a request
 * only misses the cache and Apollo decides.
 */
export const passesGraphqlCsrfCheck = (header: (name: string) => string): boolean => {
  const contentType = header('content-type');
  if (contentType) {
    const essence = contentType.split(';')[0].trim().toLowerCase();
    if (/^[a-z0-9!#$%&'*+.^_`|~-]+\/[a-z0-9!#$%&'*+.^_`|~-]+$/.test(essence) && !SIMPLE_CONTENT_TYPES.has(essence)) {
      return true;
    }
  }
  return PREFLIGHT_HEADERS.some((name) => header(name).length > 0);
};

/**
 * The cache key: the path as the router matches it (`/API/Quote-Stats/` is `/api/quote-stats`), so
 * spellings of one route share an entry instead of each taking one of the MAX_ENTRIES, and the query
 * string as sent (routes refuse parameters they do not know: /api/quote-stats refuses any).
 */
export const cacheKeyOf = (path: string, querystring: string): string =>
  querystring ? `${routePath(path)}?${querystring}` : routePath(path);

/**
 * The public reads: content under /api (quote submissions aside) and the GraphQL endpoint, paths
 * compared the way the router matches them (case-insensitive, trailing slash ignored).
 */
export const isPublicReadPath = (path: string, graphqlEndpoint: string): boolean => {
  const route = routePath(path);
  return (isUnder(route, '/api') && !isUnder(route, '/api/quote-requests')) || route === routePath(graphqlEndpoint);
};

/** A JSON body as the client will read it (a string or a Buffer); undefined when it is not JSON. */
const parseJson = (body: unknown): unknown => {
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return body;
  try {
    return JSON.parse(body.toString()) as unknown;
  } catch {
    return undefined;
  }
};

const httpCache: Core.MiddlewareFactory = (_config, { strapi }) => {
  const cacheControl = strapi.config.get<string>('cache.cacheControl');
  const ttlMs = strapi.config.get<number>('cache.responseTtlMs', 5000);
  const shortLived = shortLivedCacheControl(strapi.config.get<number>('cache.notFoundMaxAge', 10));
  const graphqlEndpoint = String(strapi.config.get('plugin::graphql.endpoint', '/graphql'));
  const cache = new Map<string, CachedResponse>();
  let version = 0;

  cacheInvalidation(strapi).onInvalidate(() => {
    version += 1;
    cache.clear();
  });

  return async (ctx, next) => {
    const cacheable = (ctx.method === 'GET' || ctx.method === 'HEAD') && isPublicReadPath(ctx.path, graphqlEndpoint);
    if (!cacheable) {
      await next();
      return;
    }
    // A request carrying credentials is never answered from the shared cache (whether they are valid is
    // only known after authentication); whether its answer may be stored is decided after `next()`.
    const mayHoldCredentials = Boolean(ctx.get('authorization')) || Boolean(ctx.get('x-preview-token'));
    const isGraphql = routePath(ctx.path) === routePath(graphqlEndpoint);
    // A GraphQL GET Apollo would refuse as a possible CSRF is left to Apollo, never answered from here.
    const mayBeServedFromCache = !mayHoldCredentials && (!isGraphql || passesGraphqlCsrfCheck((name) => ctx.get(name)));
    const key = cacheKeyOf(ctx.path, ctx.querystring);
    const versionAtStart = version;

    const hit = mayBeServedFromCache && ttlMs > 0 ? cache.get(key) : undefined;
    if (hit && hit.version === version && Date.now() - hit.storedAt < ttlMs) {
      ctx.status = 200;
      ctx.type = hit.type;
      ctx.set('Cache-Control', hit.cacheControl);
      ctx.vary('Authorization');
      ctx.set('ETag', hit.etag);
      setPurgeHints(ctx, hit.keys);
      ctx.body = hit.body;
      if (matchesIfNoneMatch(ctx.get('if-none-match'), hit.etag)) {
        ctx.status = 304;
        ctx.body = null;
      }
      return;
    }

    await next();

    if (ctx.status !== 200 || ctx.body === undefined || ctx.body === null) return;
    if (typeof (ctx.body as { pipe?: unknown }).pipe === 'function') return; // streams are not hashed
    // A route that forbids storing its answer keeps it that way; Apollo's own default `no-store` on
    // GraphQL answers is replaced, GraphQL GETs being content reads like REST ones.
    if (!isGraphql && /no-store/i.test(String(ctx.response.get('Cache-Control') ?? ''))) return;
    // Drafts (API token, preview grant) and per-user answers are private; only what authentication
    // decided was an anonymous read is shared.
    const authenticated = !isAnonymousRequest(ctx.state);

    // CDN purge hints, on shared (anonymous) answers only: what a publish event's `tags` name.
    let keys: string[] = [];
    let policy = authenticated ? 'private, no-cache' : cacheControl;
    let storable = !authenticated;
    if (!authenticated) {
      if (isGraphql) {
        // The documents the resolvers returned (src/graphql/surrogate-keys-plugin.ts), not the ones the
        // answer happens to name: a query need not select `documentId`. Fail closed: an answer whose
        // documents are not all known carries every type's key and lives briefly, as one with errors
        // does; one with a server failure is not kept at all.
        const resolved = graphqlSurrogateKeys(recordedDocuments(ctx));
        const errors = graphqlErrorsOf(parseJson(ctx.body));
        keys = resolved.keys;
        if (errors.internal) policy = 'no-store';
        else if (errors.any || !resolved.complete) policy = shortLived;
        storable = !errors.any;
      } else {
        keys = restSurrogateKeys(strapi, ctx.path, typeof ctx.body === 'string' ? parseJson(ctx.body) : ctx.body);
      }
      if (policy !== 'no-store') setPurgeHints(ctx, keys);
    }
    ctx.set('Cache-Control', policy);
    ctx.vary('Authorization');

    if (typeof ctx.body !== 'string' && !Buffer.isBuffer(ctx.body)) {
      // Serialise once: Koa would otherwise stringify the object again when writing the response.
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(ctx.body);
    }
    const payload = ctx.body as string | Buffer;
    const etag = `W/"${crypto.createHash('sha1').update(payload).digest('base64url')}"`;
    ctx.set('ETag', etag);

    if (storable && ttlMs > 0 && typeof payload === 'string' && versionAtStart === version) {
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(key, {
        body: payload,
        etag,
        type: String(ctx.response.get('Content-Type') || 'application/json'),
        version,
        storedAt: Date.now(),
        keys,
        cacheControl: policy,
      });
    }

    if (matchesIfNoneMatch(ctx.get('if-none-match'), etag)) {
      ctx.status = 304;
      ctx.body = null;
    }
  };
};

export default httpCache;
