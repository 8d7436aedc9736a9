import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import { getStrapiService } from '../../utils/strapi-services';
import { SALES_DESK_UID } from './constants';
import type { PublicQuoteStats } from './services/quote-stats';

/**
 * The sales desk over GraphQL: its settings are not readable (no generated query or mutation), its
 * public figures are, as `quoteStats`, under the same permission as GET /api/quote-stats.
 */
export const registerSalesDeskGraphql = (strapi: Core.Strapi): void => {
  if (!strapi.plugin('graphql')) return;
  const extension = getStrapiService('plugin::graphql.extension');
  extension.shadowCRUD(SALES_DESK_UID).disable();

  extension.use(({ nexus }) => ({
    types: [
      nexus.objectType({
        name: 'QuoteStats',
        description: 'How the sales desk keeps its response promise (business minutes, non-spam requests)',
        definition(t) {
          t.int('medianFirstResponseMinutes', {
            description: 'Median first response in business minutes; null below 10 requests',
          });
          t.float('withinPromiseRate', { description: 'Share answered by the promised time (0 to 1); null below 10' });
          t.nonNull.int('sampleSize', { description: 'Requests whose outcome is known in the window' });
          t.nonNull.int('windowDays');
        },
      }),
      nexus.extendType({
        type: 'Query',
        definition(t) {
          t.nonNull.field('quoteStats', {
            type: 'QuoteStats',
            resolve(): Promise<PublicQuoteStats> {
              return getService('quote-stats').publicStats();
            },
          });
        },
      }),
    ],
    resolversConfig: {
      // The REST route's permission: the Public role is granted it at every start.
      'Query.quoteStats': { auth: { scope: ['api::sales-desk.sales-desk.stats'] } },
    },
  }));
};
