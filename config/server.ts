import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/utils/required-env';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // Behind reverse proxies, X-Forwarded-For is read from the right: each of the PROXY_TRUSTED_HOPS
  // proxies appends the address it saw, so the entry they wrote is the client; anything further left
  // was written by the client itself and never decides its rate-limit identity.
  proxy: {
    koa: env.bool('IS_PROXIED', false),
    maxIpsCount: env.bool('IS_PROXIED', false) ? Math.max(1, env.int('PROXY_TRUSTED_HOPS', 1)) : 0,
  },
  // No update check against the internet at start (and no banner in logs).
  logger: { updates: { enabled: false } },
  app: {
    keys: requiredEnv(env, 'APP_KEYS')
      .split(',')
      .map((key) => key.trim()),
  },
});

export default config;
