import type { Core } from '@strapi/strapi';

/** Public content reads (src/middlewares/http-cache.ts): Cache-Control of anonymous GETs, in-memory response cache and its invalidation across instances. */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  cacheControl: env('HTTP_CACHE_CONTROL', 'public, max-age=60, stale-while-revalidate=300'),
  responseTtlMs: env.int('HTTP_RESPONSE_CACHE_TTL_MS', 5000),
  // Invalidations reach every instance through Redis pub/sub when set, else PostgreSQL LISTEN/NOTIFY
  // when the database is PostgreSQL, else only this instance (src/cache/invalidation.ts).
  redisUrl: env('REDIS_URL', ''),
});

export default config;
