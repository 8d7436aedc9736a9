import type { Core } from '@strapi/strapi';
import { applyAdminRoles, revokeQuoteAccessFromContentRoles } from './bootstrap/admin-roles';
import { applyAdminViews } from './bootstrap/admin-views';
import { ensureLocales } from './bootstrap/locales';
import { grantPublicReadPermissions } from './bootstrap/public-permissions';
import { importSeedOnFirstRun } from './bootstrap/seed/import-seed';
import { registerQuoteRequestGraphql } from './graphql/quote-request';
import { registerOutboxWriteGuard } from './api/quote-notification/outbox-write-guard';
import { registerRetryAction } from './api/quote-notification/retry-action';
import { applyUsersPermissionsSettings } from './bootstrap/users-permissions';
import { registerContentAccess } from './security/content-access';

interface Outbox {
  start(): void;
  stop(): Promise<void>;
}
interface RoutingSeeder {
  seedFromEnvironment(): Promise<void>;
}

const outbox = (strapi: Core.Strapi) =>
  strapi.service('api::quote-notification.quote-notification') as unknown as Outbox;

export default {
  async register({ strapi }: { strapi: Core.Strapi }) {
    await registerRetryAction(strapi);
    registerQuoteRequestGraphql(strapi);
    registerContentAccess(strapi);
    registerOutboxWriteGuard(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureLocales(strapi);
    await grantPublicReadPermissions(strapi);
    if (strapi.config.get<boolean>('seed.onStart', true)) {
      await importSeedOnFirstRun(strapi);
    }
    await (strapi.service('api::quote-routing.quote-routing') as unknown as RoutingSeeder).seedFromEnvironment();
    await applyAdminViews(strapi);
    await applyAdminRoles(strapi);
    await revokeQuoteAccessFromContentRoles(strapi);
    await applyUsersPermissionsSettings(strapi);
    outbox(strapi).start();
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await outbox(strapi).stop();
  },
};
