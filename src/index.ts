import type { Core } from '@strapi/strapi';
import { applyAdminLanguageDefault, registerAdminLanguageDefault } from './bootstrap/admin-language';
import { applyAdminRoles, revokeQuoteAccessFromContentRoles } from './bootstrap/admin-roles';
import { applyAdminViews } from './bootstrap/admin-views';
import { backfillListColumns } from './bootstrap/list-columns-backfill';
import { ensureLocales } from './bootstrap/locales';
import { grantPublicReadPermissions } from './bootstrap/public-permissions';
import { importSeedOnFirstRun } from './bootstrap/seed/import-seed';
import { registerQuoteRequestGraphql } from './api/quote-request/graphql';
import { registerPrivacyGraphql } from './api/privacy-log/graphql';
import { registerSalesDeskGraphql } from './api/sales-desk/graphql';
import { cacheInvalidation } from './cache/invalidation';
import { registerOutboxWriteGuard } from './api/quote-notification/outbox-write-guard';
import { registerPrivacyLogWriteGuard } from './api/privacy-log/log-write-guard';
import { registerRetryAction } from './api/quote-notification/retry-action';
import { registerDashboardAction } from './api/sales-desk/dashboard-action';
import { applyUsersPermissionsSettings } from './bootstrap/users-permissions';
import { registerContentAccess } from './security/content-access';
import { hideLocalizationsFromGraphql } from './graphql/public-schema';
import { guardPreviewRoute } from './preview/preview-url';
import { getService } from './utils/get-service';

export default {
  async register({ strapi }: { strapi: Core.Strapi }) {
    await registerRetryAction();
    await registerDashboardAction();
    registerQuoteRequestGraphql(strapi);
    registerPrivacyGraphql(strapi);
    registerSalesDeskGraphql(strapi);
    registerContentAccess(strapi);
    hideLocalizationsFromGraphql(strapi);
    guardPreviewRoute(strapi);
    registerOutboxWriteGuard(strapi);
    registerPrivacyLogWriteGuard(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureLocales(strapi);
    await grantPublicReadPermissions(strapi);
    if (strapi.config.get<boolean>('seed.onStart', true)) {
      await importSeedOnFirstRun(strapi);
    }
    await getService('quote-routing').seedFromEnvironment();
    await getService('quote-routing').warnAboutUnroutedModels();
    await getService('sales-desk').seedFromEnvironment();
    await applyAdminViews(strapi);
    await backfillListColumns(strapi);
    registerAdminLanguageDefault(strapi);
    await applyAdminLanguageDefault(strapi);
    await applyAdminRoles(strapi);
    await revokeQuoteAccessFromContentRoles(strapi);
    await applyUsersPermissionsSettings(strapi);
    await cacheInvalidation(strapi).start();
    getService('quote-notification').start();
    getService('privacy-retention').start();
    getService('sla-reminders').start();
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await cacheInvalidation(strapi).close();
    await getService('privacy-retention').stop();
    await getService('sla-reminders').stop();
    await getService('quote-notification').stop();
    await getService('quote-request').closeRateLimiter();
  },
};
