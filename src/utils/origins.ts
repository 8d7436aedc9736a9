import type { Core } from '@strapi/strapi';

type Env = Core.Config.Shared.ConfigParams['env'];

/** This server's public URL: PUBLIC_URL, or this server on localhost and its own port. */
export const publicUrl = (env: Env): string =>
  (env('PUBLIC_URL', '') || `http://localhost:${env.int('PORT', 1337)}`).replace(/\/+$/, '');

/** The origin the admin panel is served from. */
export const adminOrigin = (env: Env): string => new URL(publicUrl(env)).origin;

/**
 * Where the admin's Preview button leads: FRONTEND_URL, by default the example page this server
 * serves itself, so preview works on whatever port or host the CMS runs.
 */
export const frontendUrl = (env: Env): string => env('FRONTEND_URL', `${publicUrl(env)}/example`);

/**
 * The origins this server answers on by itself: PUBLIC_URL's, and its port on the loopback names a
 * person types (`localhost`, `127.0.0.1`, `[::1]`).
 */
export const ownOrigins = (env: Env, port: number = env.int('PORT', 1337)): string[] => {
  return [
    ...new Set([adminOrigin(env), `http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]),
  ];
};

/**
 * Where the Preview button leads for an admin on `requestOrigin`: FRONTEND_URL when set; otherwise the
 * example page on the very origin the admin is using, when it is one of this server's own, so the
 * preview frame is same-origin (`frame-ancestors 'self'`) whether the admin was opened on `localhost`,
 * `127.0.0.1` or PUBLIC_URL.
 */
export const previewFrontendUrl = (
  env: Env,
  requestOrigin: string | undefined,
  listeningPort: number = env.int('PORT', 1337)
): string => {
  if (env('FRONTEND_URL', '')) return frontendUrl(env);
  return requestOrigin && ownOrigins(env, listeningPort).includes(requestOrigin)
    ? `${requestOrigin}/example`
    : frontendUrl(env);
};

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
