import type { Core } from '@strapi/strapi';
import { buildEmailProviderConfig } from '../src/email/provider-config';
import { createGraphqlErrorFormatter } from '../src/graphql/format-error';
import { graphqlLandingPage } from '../src/graphql/landing-page';
import { graphqlProtection } from '../src/graphql/protection';
import { createSurrogateKeysPlugin } from '../src/graphql/surrogate-keys-plugin';
import { documentationPluginConfig } from '../src/openapi/documentation-config';
import { requiredEnv } from '../src/utils/required-env';
import { DEFAULT_UPLOAD_ALLOWED_TYPES, parseAllowedUploadTypes } from '../src/uploads/upload-policy';
import { DEFAULT_EMAIL_FROM } from '../src/utils/mail-identity';

const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  'users-permissions': {
    config: {
      jwtSecret: requiredEnv(env, 'JWT_SECRET'),
    },
  },
  i18n: {
    enabled: true,
  },
  upload: {
    config: {
      // The plugin's own allow-list, behind the project's content check (src/uploads/upload-guard.ts),
      // which refuses a request whole before this one runs; the same list, so both agree.
      security: {
        allowedTypes: parseAllowedUploadTypes(env('UPLOAD_ALLOWED_TYPES', DEFAULT_UPLOAD_ALLOWED_TYPES)),
      },
    },
  },
  // Generates docs/openapi.json; loaded only by `npm run openapi:generate` / `openapi:check`
  // (scripts/openapi.js). The running app serves the committed file instead (API_DOCS_ENABLED).
  documentation: {
    enabled: env.bool('OPENAPI_GENERATOR', false),
    config: documentationPluginConfig(),
  },
  graphql: {
    enabled: true,
    config: {
      endpoint: '/graphql',
      shadowCRUD: true,
      // The sandbox with GRAPHQL_PLAYGROUND=true; otherwise a plain page on how to query the endpoint.
      landingPage: graphqlLandingPage(env.bool('GRAPHQL_PLAYGROUND', false)),
      // 5.54 reads these three names; without them it warns at every start.
      depthLimit: env.int('GRAPHQL_DEPTH_LIMIT', 10),
      defaultLimit: env.int('GRAPHQL_DEFAULT_LIMIT', 25),
      maxLimit: env.int('GRAPHQL_MAX_LIMIT', 100),
      apolloServer: {
        // Schema discovery is for development; production answers it only when explicitly enabled.
        introspection: env.bool('GRAPHQL_INTROSPECTION', env('NODE_ENV', 'development') !== 'production'),
        // The plugin's own CORS layer reflects any origin; strapi::cors (config/middlewares.ts) already
        // answers for /graphql with the project's allow-list.
        cors: false,
        // Apollo's maintained linear rule (each fragment counted once, memoised), run with graphql-js's
        // own rules (NoFragmentCycles among them) BEFORE every other rule: when it or they refuse a
        // document, the depth limit and graphql-armor's cost rule, which expand every fragment spread
        // again, never see it (Apollo runs them as "later" rules only after a clean first pass).
        maxRecursiveSelections: env.int('GRAPHQL_MAX_SELECTIONS', 2000),
        // Driver and internal errors answer "Internal Server Error" without their text (the plugin's
        // formatter copies it into extensions.error).
        formatError: createGraphqlErrorFormatter(() => strapi),
        // graphql-armor's limits (aliases, tokens, cost, directives) plus the draft guard, and the
        // recorder of the documents each answer shows (its Surrogate-Key); the plugin concatenates these
        // lists with its own depth limit and landing page.
        ...graphqlProtection(
          {
            maxAliases: env.int('GRAPHQL_MAX_ALIASES', 15),
            maxTokens: env.int('GRAPHQL_MAX_TOKENS', 2000),
            maxCost: env.int('GRAPHQL_MAX_COST', 5000),
            maxDirectives: env.int('GRAPHQL_MAX_DIRECTIVES', 20),
          },
          [createSurrogateKeysPlugin(() => strapi)]
        ),
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
      from: env('EMAIL_FROM', DEFAULT_EMAIL_FROM),
      replyTo: env('EMAIL_REPLY_TO', 'commercial@example.com'),
      mailDir: env('EMAIL_FILE_DIR', '.tmp/mail'),
      pool: env.bool('SMTP_POOL', true),
      // As many as the outbox sends in parallel (EMAIL_OUTBOX_CONCURRENCY).
      maxConnections: env.int('SMTP_MAX_CONNECTIONS', 10),
      timeoutMs: env.int('SMTP_TIMEOUT_MS', 10000),
    }),
  },
});

export default config;
