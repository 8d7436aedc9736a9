import type { Core } from '@strapi/strapi';

type Env = Core.Config.Shared.ConfigParams['env'];

/** The origin the admin panel is served from: PUBLIC_URL, or this server on localhost. */
export const adminOrigin = (env: Env): string =>
  new URL(env('PUBLIC_URL', '') || `http://localhost:${env.int('PORT', 1337)}`).origin;

/** Where the admin's Preview button and the example page live. */
export const frontendUrl = (env: Env): string => env('FRONTEND_URL', 'http://localhost:1337/example');

/**
 * Origins allowed by CORS: CORS_ORIGINS (comma-separated), by default the admin's origin and the
 * frontend's. `*` is honoured if an operator sets it explicitly, but credentials never follow it.
 */
export const corsOrigins = (env: Env): string[] => {
  const configured = env
    .array('CORS_ORIGINS', [])
    .map((origin) => String(origin).trim())
    .filter((origin) => origin.length > 0);
  if (configured.length > 0) return configured;
  return [...new Set([adminOrigin(env), new URL(frontendUrl(env)).origin])];
};
