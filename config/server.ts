import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/utils/required-env';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // Behind a reverse proxy, trust X-Forwarded-For so rate limiting sees the client address.
  proxy: { koa: env.bool('IS_PROXIED', false) },
  // No update check against the internet at start (and no banner in logs).
  logger: { updates: { enabled: false } },
  app: {
    keys: requiredEnv(env, 'APP_KEYS')
      .split(',')
      .map((key) => key.trim()),
  },
});

export default config;
