import type { Core } from '@strapi/strapi';
import { buildEmailProviderConfig } from '../src/email/provider-config';
import { requiredEnv } from '../src/utils/required-env';

const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  'users-permissions': {
    config: {
      jwtSecret: requiredEnv(env, 'JWT_SECRET'),
    },
  },
  i18n: {
    enabled: true,
  },
  graphql: {
    enabled: true,
    config: {
      endpoint: '/graphql',
      shadowCRUD: true,
      landingPage: env.bool('GRAPHQL_PLAYGROUND', false),
      // 5.54 reads these three names; without them it warns at every start.
      depthLimit: env.int('GRAPHQL_DEPTH_LIMIT', 10),
      defaultLimit: env.int('GRAPHQL_DEFAULT_LIMIT', 25),
      maxLimit: env.int('GRAPHQL_MAX_LIMIT', 100),
      apolloServer: {
        introspection: env.bool('GRAPHQL_INTROSPECTION', true),
      },
    },
  },
  email: {
    config: buildEmailProviderConfig({
      host: env('SMTP_HOST', ''),
      port: env.int('SMTP_PORT', 587),
      secure: env.bool('SMTP_SECURE', false),
      username: env('SMTP_USERNAME', ''),
      password: env('SMTP_PASSWORD', ''),
      from: env('EMAIL_FROM', 'Devis <devis@example.com>'),
      replyTo: env('EMAIL_REPLY_TO', 'commercial@example.com'),
      mailDir: env('EMAIL_FILE_DIR', '.tmp/mail'),
      pool: env.bool('SMTP_POOL', true),
      maxConnections: env.int('SMTP_MAX_CONNECTIONS', 5),
      timeoutMs: env.int('SMTP_TIMEOUT_MS', 10000),
    }),
  },
});

export default config;
