import type { Core } from '@strapi/strapi';

/** Public content reads (src/middlewares/http-cache.ts): Cache-Control of anonymous GETs, in-memory response cache. */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  cacheControl: env('HTTP_CACHE_CONTROL', 'public, max-age=60, stale-while-revalidate=300'),
  responseTtlMs: env.int('HTTP_RESPONSE_CACHE_TTL_MS', 5000),
});

export default config;
