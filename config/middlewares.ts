import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { adminOrigin, corsOrigins, frontendUrl } from '../src/utils/origins';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  // Strapi's `strapi::logger` line format, with secrets and personal data taken out of the URL.
  'global::access-log',
  'strapi::errors',
  // Cache-Control and Surrogate-Key of error answers on public reads: inside strapi::errors, it sees
  // what the guards, the router and the controllers threw.
  'global::error-cache-control',
  {
    name: 'strapi::security',
    config: {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // The admin's Preview panel frames the frontend.
          'frame-src': ["'self'", new URL(frontendUrl(env)).origin],
        },
      },
    },
  },
  // /uploads answers: nosniff, a CSP that runs nothing, attachments for what is not an image or PDF.
  'global::upload-serving',
  {
    name: 'strapi::cors',
    config: {
      // Only the listed origins get Access-Control-Allow-Origin (default: the admin's own origin and
      // the frontend's); credentials (the admin's refresh cookie) only for the admin's origin.
      origin: corsOrigins(env),
      credentials: (ctx: Context) => ctx.get('Origin') === adminOrigin(env),
      headers: [
        'Content-Type',
        'Authorization',
        'Origin',
        'Accept',
        'Idempotency-Key',
        'If-None-Match',
        'X-Preview-Token',
        // What Apollo's CSRF prevention asks of a GraphQL GET (README, "For frontend developers").
        'apollo-require-preflight',
      ],
      expose: ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    },
  },
  'strapi::poweredBy',
  'strapi::query',
  'global::query-guard',
  // Runs before strapi::body: refused bodies are never buffered, inflated or written to disk.
  'global::request-body-guard',
  // A multipart quote submission's files, streamed to the private attachments directory (not koa-body's).
  'global::quote-attachments-body',
  {
    name: 'strapi::body',
    config: {
      formidable: { maxFileSize: env.int('UPLOAD_MAX_FILE_SIZE', 50 * 1024 * 1024) },
    },
  },
  // The guard's depth limit, on the bodies strapi::body has just parsed.
  'global::request-body-depth',
  // Every uploaded file must be an allowed type by its content (UPLOAD_ALLOWED_TYPES), or nothing is stored.
  'global::upload-type-guard',
  'strapi::session',
  // Browsers ask for /favicon.ico on every admin and example page: serve one instead of a logged 500.
  { name: 'strapi::favicon', config: { path: 'public/favicon.png' } },
  'strapi::public',
  'global::http-cache',
];

export default config;
