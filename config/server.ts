import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/utils/required-env';

type Env = Core.Config.Shared.ConfigParams['env'];

/**
 * How many proxies append to X-Forwarded-For. An empty or unparsable value must not become NaN: koa
 * ignores a maxIpsCount that is not > 0 and would trust the leftmost, client-written entry again.
 */
const trustedProxyHops = (env: Env): number => {
  const hops = env.int('PROXY_TRUSTED_HOPS', 1);
  return Number.isSafeInteger(hops) && hops > 0 ? hops : 1;
};

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => {
  const proxied = env.bool('IS_PROXIED', false);
  const hops = trustedProxyHops(env);
  return {
    host: env('HOST', '0.0.0.0'),
    port: env.int('PORT', 1337),
    // Behind reverse proxies, X-Forwarded-For is read from the right: each of the PROXY_TRUSTED_HOPS
    // proxies appends the address it saw, so the entry they wrote is the client; anything further left
    // was written by the client itself and never decides its rate-limit identity.
    proxy: {
      koa: proxied,
      maxIpsCount: proxied ? hops : 0,
    },
    // No update check against the internet at start (and no banner in logs).
    logger: { updates: { enabled: false } },
    app: {
      keys: requiredEnv(env, 'APP_KEYS')
        .split(',')
        .map((key) => key.trim()),
    },
  };
};

export default config;
