import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/utils/required-env';
import { buildPreviewUrl } from '../src/preview/preview';

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
  // Preview: the "Open preview" button of the content manager opens the frontend (FRONTEND_URL, the
  // bundled example page by default) on the edited document, drafts included through a signed token.
  preview: {
    enabled: env.bool('PREVIEW_ENABLED', true),
    config: {
      allowedOrigins: [new URL(env('FRONTEND_URL', 'http://localhost:1337/example')).origin],
      async handler(
        uid: string,
        { documentId, locale, status }: { documentId: string; locale?: string; status?: string }
      ) {
        const document = (await strapi
          .documents(uid as Parameters<typeof strapi.documents>[0])
          .findOne({ documentId, locale, status: status === 'draft' ? 'draft' : 'published' })) as {
          slug?: string;
        } | null;
        return buildPreviewUrl(
          env('FRONTEND_URL', 'http://localhost:1337/example'),
          uid,
          { documentId, locale, status: status === 'draft' ? 'draft' : 'published', slug: document?.slug },
          requiredEnv(env, 'ADMIN_JWT_SECRET')
        );
      },
    },
  },
  flags: {
    nps: env.bool('FLAG_NPS', false),
    promoteEE: env.bool('FLAG_PROMOTE_EE', false),
  },
});

export default config;
