import { sweepAttachmentFiles } from '../../api/quote-request/attachments/store';
import type { Core } from '@strapi/strapi';
import { registerQuoteRequestGraphql } from '../../api/quote-request/graphql';
import { registerPrivacyGraphql } from '../../api/privacy-log/graphql';
import { registerSalesDeskGraphql } from '../../api/sales-desk/graphql';
import { registerOutboxWriteGuard } from '../../api/quote-notification/outbox-write-guard';
import { registerPrivacyLogWriteGuard } from '../../api/privacy-log/log-write-guard';
import { registerConsentTextWriteGuard } from '../../api/privacy-log/consent-text-write-guard';
import { registerRetryAction } from '../../api/quote-notification/retry-action';
import { registerDashboardAction } from '../../api/sales-desk/dashboard-action';
import { getService } from '../../utils/get-service';
import { backfillListColumns } from './list-columns-backfill';
import { backfillMailboxKeys } from './mailbox-key-backfill';

/**
 * The quote desk: prospects' quote requests (src/api/quote-request), their mail outbox
 * (quote-notification), the routing of sales mail (quote-routing), the sales desk's settings, reminders
 * and figures (sales-desk) and the requesters' privacy (privacy-log). Its roles: ./roles.ts; its admin
 * views: admin-view.ts beside each schema.
 */
export default {
  /** Admin actions (before the admin syncs permissions), GraphQL operations, the write guards of the outbox, the privacy log and the consent texts. */
  async register(strapi: Core.Strapi): Promise<void> {
    await registerRetryAction();
    await registerDashboardAction();
    registerQuoteRequestGraphql(strapi);
    registerPrivacyGraphql(strapi);
    registerSalesDeskGraphql(strapi);
    registerOutboxWriteGuard(strapi);
    registerPrivacyLogWriteGuard(strapi);
    registerConsentTextWriteGuard(strapi);
  },

  /** Routing and desk settings from the environment, the admin's list columns and mailbox keys, then the outbox, retention and reminder workers. */
  async bootstrap(strapi: Core.Strapi): Promise<void> {
    await getService('quote-routing').seedFromEnvironment();
    await getService('quote-routing').warnAboutUnroutedModels();
    await getService('sales-desk').seedFromEnvironment();
    await backfillListColumns(strapi);
    await backfillMailboxKeys(strapi);
    getService('quote-notification').start();
    // Uploads a killed process left half-written, files whose transaction never committed.
    const swept = await sweepAttachmentFiles(strapi);
    if (swept.temp + swept.orphans > 0) {
      strapi.log.info(
        `[quote] attachments: ${swept.temp} unfinished uploads and ${swept.orphans} files without a request removed`
      );
    }
    getService('privacy-retention').start();
    getService('sla-reminders').start();
  },

  async destroy(): Promise<void> {
    await getService('privacy-retention').stop();
    await getService('sla-reminders').stop();
    await getService('quote-notification').stop();
    await getService('quote-request').closeRateLimiter();
  },
};
