import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/utils/required-env';
import { resolvePreviewUrl } from '../src/preview/preview-url';
import { frontendUrl, ownOrigins, previewFrontendUrl } from '../src/utils/origins';

/** This project's own admin setting, read by src/bootstrap/admin-language.ts. */
interface AdminInterface {
  /** The admin interface language of a user who has not chosen one (`fr` or `en`). */
  interfaceDefaultLocale: string;
  /** How long an invited admin user's sign-up link works (ADMIN_INVITATION_TTL_HOURS). */
  invitationTtlHours: number;
}

/** The port this server listens on (PORT, or the one the system gave for PORT=0). */
const listeningPort = (env: Core.Config.Shared.ConfigParams['env']): number => {
  const address = strapi.server?.httpServer?.address();
  return address && typeof address === 'object' ? address.port : env.int('PORT', 1337);
};

const positiveHours = (value: number, name: string): number => {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of hours, 1 or more`);
  return value;
};

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin & AdminInterface => ({
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
      // The example page is served on whichever of this server's origins the admin uses (see
      // previewFrontendUrl); a FRONTEND_URL of its own is the only origin otherwise.
      allowedOrigins: env('FRONTEND_URL', '') ? [new URL(frontendUrl(env)).origin] : ownOrigins(env),
      handler: (uid: string, params: { documentId: string; locale?: string; status?: string }) =>
        resolvePreviewUrl(
          strapi,
          previewFrontendUrl(env, strapi.requestContext.get()?.request.origin, listeningPort(env)),
          requiredEnv(env, 'ADMIN_JWT_SECRET'),
          uid,
          params
        ),
    },
  },
  interfaceDefaultLocale: env.oneOf('ADMIN_DEFAULT_LOCALE', ['fr', 'en'], 'fr'),
  // Strapi's registration links never expire; an invitation's does, this many hours after it was (re)sent.
  invitationTtlHours: positiveHours(env.int('ADMIN_INVITATION_TTL_HOURS', 72), 'ADMIN_INVITATION_TTL_HOURS'),
  flags: {
    nps: env.bool('FLAG_NPS', false),
    promoteEE: env.bool('FLAG_PROMOTE_EE', false),
  },
});

export default config;
