import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/utils/required-env';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  // Benchmarks and fault runs start API-only production servers without building the admin bundle.
  serveAdminPanel: env.bool('SERVE_ADMIN_PANEL', true),
  auth: {
    secret: requiredEnv(env, 'ADMIN_JWT_SECRET'),
  },
  apiToken: {
    salt: requiredEnv(env, 'API_TOKEN_SALT'),
  },
  transfer: {
    token: {
      salt: requiredEnv(env, 'TRANSFER_TOKEN_SALT'),
    },
  },
  secrets: {
    encryptionKey: requiredEnv(env, 'ENCRYPTION_KEY'),
  },
  flags: {
    nps: env.bool('FLAG_NPS', false),
    promoteEE: env.bool('FLAG_PROMOTE_EE', false),
  },
});

export default config;
