import type { Core } from '@strapi/strapi';
import { applyAdminLanguageDefault, registerAdminLanguageDefault } from './bootstrap/admin-language';
import { applyAdminRoles, revokeQuoteAccessFromContentRoles } from './bootstrap/admin-roles';
import { applyAdminViews } from './bootstrap/admin-views';
import { grantPublicReadPermissions } from './bootstrap/public-permissions';
import { applyUsersPermissionsSettings } from './bootstrap/users-permissions';
import { cacheInvalidation } from './cache/invalidation';
import { guardContentManagerReads } from './security/admin-field-reads';
import { registerContentAccess } from './security/content-access';
import { guardRelationLookups } from './security/relation-lookups';
import { refusePublicationWithoutDrafts } from './security/publication-routes';
import quoteDesk from './features/quote-desk';
import siteContent from './features/site-content';
import { registerOpenApiOverrides } from './openapi/public-contract';
import { serveApiDocs } from './openapi/serve-docs';
import { guardUploadService } from './uploads/upload-guard';
import { signedEvents } from './signed-events';
import { mailInvitationsOnUserCreation } from './api/admin-invitation/admin-user-hooks';

/**
 * Two features, each with its own register and bootstrap (src/features/<feature>/index.ts), on a shared
 * platform: content access rules, the public role, admin views and roles from every feature's tables,
 * cache invalidation. The README's "Architecture" section maps the rest.
 */
export default {
  async register({ strapi }: { strapi: Core.Strapi }) {
    registerContentAccess(strapi);
    guardRelationLookups(strapi);
    // Field-level read permissions on the Content Manager's sort, filters and search, every content type.
    guardContentManagerReads(strapi);
    refusePublicationWithoutDrafts(strapi);
    // Every file the media library stores is an allowed type by its content, whoever calls the service.
    guardUploadService(strapi);
    // The signed-event outbox of both features (publish events, lead events): a bad URL or secret stops the start.
    signedEvents(strapi);
    siteContent.register(strapi);
    await quoteDesk.register(strapi);
    // Settings → Users → Invite new user mails the sign-up link (through the quote desk's outbox); links expire.
    mailInvitationsOnUserCreation(strapi);
    // The frontend contract (docs/openapi.json): only when `npm run openapi:*` loads the documentation plugin.
    registerOpenApiOverrides(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await siteContent.bootstrap(strapi);
    await grantPublicReadPermissions(strapi);
    await applyAdminViews(strapi);
    registerAdminLanguageDefault(strapi);
    await applyAdminLanguageDefault(strapi);
    await applyAdminRoles(strapi);
    await revokeQuoteAccessFromContentRoles(strapi);
    await applyUsersPermissionsSettings(strapi);
    await cacheInvalidation(strapi).start();
    await quoteDesk.bootstrap(strapi);
    // After the seed: its publishes are events too, sent once the dispatcher runs.
    signedEvents(strapi).start();
    // The frontend contract, read-only at /api-docs/* when API_DOCS_ENABLED.
    serveApiDocs(strapi);
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await signedEvents(strapi).stop();
    await cacheInvalidation(strapi).close();
    await quoteDesk.destroy();
  },
};
