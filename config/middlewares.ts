import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  {
    name: 'strapi::cors',
    config: {
      origin: env.array('CORS_ORIGINS', ['*']),
      headers: [
        'Content-Type',
        'Authorization',
        'Origin',
        'Accept',
        'Idempotency-Key',
        'If-None-Match',
        'X-Preview-Token',
      ],
      expose: ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    },
  },
  'strapi::poweredBy',
  'strapi::query',
  'global::query-guard',
  // Runs before strapi::body so an oversize submission is refused before it is buffered.
  'global::submission-body-limit',
  'strapi::body',
  'global::quote-status-passthrough',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
  'global::http-cache',
];

export default config;
