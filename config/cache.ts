import type { Core } from '@strapi/strapi';

const nonNegative = (value: number, fallback: number): number =>
  Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;

/** Public content reads (src/middlewares/http-cache.ts): Cache-Control of anonymous GETs, in-memory response cache and its invalidation across instances. */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  cacheControl: env('HTTP_CACHE_CONTROL', 'public, max-age=60, stale-while-revalidate=300'),
  responseTtlMs: env.int('HTTP_RESPONSE_CACHE_TTL_MS', 5000),
  // Seconds shared caches keep a 404 on a public read (a page not published yet) and an answer whose
  // documents cannot all be named (src/middlewares/error-cache-control.ts, http-cache.ts).
  notFoundMaxAge: nonNegative(env.int('API_NOT_FOUND_MAX_AGE', 10), 10),
  // Invalidations reach every instance through Redis pub/sub when set, else PostgreSQL LISTEN/NOTIFY
  // when the database is PostgreSQL, else only this instance (src/cache/invalidation.ts).
  redisUrl: env('REDIS_URL', ''),
});

export default config;
