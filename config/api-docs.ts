import type { Core } from '@strapi/strapi';

/**
 * The frontend contract served read-only (src/openapi/serve-docs.ts): docs/openapi.json at
 * /api-docs/openapi.json and docs/schema.graphql at /api-docs/schema.graphql. On by default in
 * development only (`NODE_ENV` unset or `development`); API_DOCS_ENABLED=true turns it on elsewhere.
 */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  enabled: env.bool('API_DOCS_ENABLED', env('NODE_ENV', 'development') === 'development'),
});

export default config;
