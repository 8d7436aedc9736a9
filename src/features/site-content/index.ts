import type { Core } from '@strapi/strapi';
import { hideLocalizationsFromGraphql } from '../../graphql/public-schema';
import { guardPreviewRoute } from '../../preview/preview-url';
import { ensureLocales } from '../../bootstrap/locales';
import { importSeedOnFirstRun } from '../../bootstrap/seed/import-seed';
import { registerFrontendEvents } from '../../frontend-events';
import { keepPublishedRelations } from './published-relations';
import { registerComparisonCustomFields } from '../../api/comparison-page/custom-fields';
import {
  registerComparisonTableGuard,
  reportNonCompliantTables,
} from '../../api/comparison-page/comparison-table-guard';

/**
 * The site content: the outsourcing page's content types (outsourcing-overview, outsourcing-category,
 * comparison-page) and the company's identity (site), in French and English, read over REST and
 * GraphQL. Its roles: ./roles.ts; its admin views: admin-view.ts beside each schema and
 * ./component-views.ts. Each publish, unpublish and delete is announced to the frontend
 * (FRONTEND_REVALIDATE_URL) through the signed-event outbox (src/signed-events), started by src/index.ts.
 */
export default {
  /**
   * The public GraphQL schema without `localizations`; the admin's preview route behind its guard; publish
   * events for frontends; relations kept across unpublish and publish (registered after the events, so it
   * runs inside them: an event sees the links it restored); the comparison table's inputs and rules.
   */
  register(strapi: Core.Strapi): void {
    registerComparisonCustomFields(strapi);
    registerComparisonTableGuard(strapi);
    hideLocalizationsFromGraphql(strapi);
    guardPreviewRoute(strapi);
    registerFrontendEvents(strapi);
    keepPublishedRelations(strapi);
  },

  /** French (default) and English, then the versioned seed content on a first run; tables breaking the rules named. */
  async bootstrap(strapi: Core.Strapi): Promise<void> {
    await ensureLocales(strapi);
    if (strapi.config.get<boolean>('seed.onStart', true)) {
      await importSeedOnFirstRun(strapi);
    }
    await reportNonCompliantTables(strapi);
  },
};
