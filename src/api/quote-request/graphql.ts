import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { QUOTE_NOTIFICATION_UID, QUOTE_REQUEST_UID, QUOTE_ROUTING_UID } from './constants';
import type { QuoteReceipt } from './services/quote-request';
import { getService } from '../../utils/get-service';
import { getStrapiService } from '../../utils/strapi-services';

const SUBMISSION_STRING_FIELDS = [
  'fullName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'requestedModel',
  'scope',
  'approach',
  'message',
  'locale',
  'sourceUrl',
  '_gotcha',
] as const;

/**
 * Quote requests over GraphQL: the generated CRUD of quote requests, notifications and routing is
 * removed (nothing readable, no createQuoteRequest), and `submitQuoteRequest` goes through the same
 * rate limit, validation and service as POST /api/quote-requests.
 */
export const registerQuoteRequestGraphql = (strapi: Core.Strapi): void => {
  if (!strapi.plugin('graphql')) return;
  const extension = getStrapiService('plugin::graphql.extension');

  for (const uid of [QUOTE_REQUEST_UID, QUOTE_NOTIFICATION_UID, QUOTE_ROUTING_UID]) {
    extension.shadowCRUD(uid).disable();
  }

  extension.use(({ nexus }) => ({
    types: [
      nexus.inputObjectType({
        name: 'QuoteRequestSubmissionInput',
        description: 'A quote request; validated by the same rules as POST /api/quote-requests',
        definition(t) {
          for (const field of SUBMISSION_STRING_FIELDS) t.string(field);
          t.boolean('consent');
        },
      }),
      nexus.objectType({
        name: 'QuoteRequestReceipt',
        definition(t) {
          t.nonNull.string('reference');
          t.nonNull.string('status');
          t.nonNull.string('expectedResponseBy');
          t.nonNull.string('timeZone');
        },
      }),
      nexus.extendType({
        type: 'Mutation',
        definition(t) {
          t.nonNull.field('submitQuoteRequest', {
            type: 'QuoteRequestReceipt',
            args: { data: nexus.nonNull('QuoteRequestSubmissionInput') },
            async resolve(
              _parent: unknown,
              args: { data: Record<string, unknown> },
              context: { koaContext: Context }
            ): Promise<QuoteReceipt> {
              const ctx = context.koaContext;
              const quotes = getService('quote-request');
              await quotes.enforceRateLimit(ctx.request.ip);
              // GraphQL passes omitted arguments as absent and explicit nulls as null: the validator treats both as "not given".
              const input = await quotes.validate({ data: { ...args.data } }, ctx.get('accept-language'));
              return quotes.submit(input, {
                ip: ctx.request.ip,
                userAgent: ctx.get('user-agent') || undefined,
                idempotencyKey: ctx.get('idempotency-key') || undefined,
              });
            },
          });
        },
      }),
    ],
    resolversConfig: {
      'Mutation.submitQuoteRequest': { auth: false },
    },
  }));
};
