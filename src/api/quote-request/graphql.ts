import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import {
  APPROACHES,
  QUOTE_NOTIFICATION_UID,
  QUOTE_REQUEST_UID,
  QUOTE_ROUTING_UID,
  REQUESTED_MODELS,
  REQUEST_LOCALES,
  SCOPES,
} from './constants';
import type { QuoteReceipt } from './services/quote-request';
import { getService } from '../../utils/get-service';
import { getStrapiService } from '../../utils/strapi-services';
import { ATTACHMENT_UID } from './attachments/store';

/**
 * The submission input, as precise as the REST body (src/openapi/quote-request-contract.ts): the fields
 * the validation requires are non-null, the choices are enums of the same values. The lengths, formats and
 * messages stay with the yup schema both paths share.
 */
const REQUIRED_STRING_FIELDS = ['fullName', 'email', 'company', 'message'] as const;
const OPTIONAL_STRING_FIELDS = ['jobTitle', 'phone', 'sourceUrl', '_gotcha'] as const;
const SUBMISSION_ENUMS = [
  { field: 'requestedModel', type: 'QuoteRequestedModel', members: REQUESTED_MODELS, required: true },
  { field: 'scope', type: 'QuoteScope', members: SCOPES, required: false },
  { field: 'approach', type: 'QuoteApproach', members: APPROACHES, required: false },
  { field: 'locale', type: 'QuoteRequestLocale', members: REQUEST_LOCALES, required: false },
] as const;

/**
 * Quote requests over GraphQL: the generated CRUD of quote requests, notifications and routing is
 * removed (nothing readable, no createQuoteRequest), and `submitQuoteRequest` goes through the same
 * rate limit, validation and service as POST /api/quote-requests.
 */
export const registerQuoteRequestGraphql = (strapi: Core.Strapi): void => {
  if (!strapi.plugin('graphql')) return;
  const extension = getStrapiService('plugin::graphql.extension');

  for (const uid of [QUOTE_REQUEST_UID, QUOTE_NOTIFICATION_UID, QUOTE_ROUTING_UID, ATTACHMENT_UID]) {
    extension.shadowCRUD(uid).disable();
  }

  extension.use(({ nexus }) => ({
    types: [
      ...SUBMISSION_ENUMS.map(({ type, members }) => nexus.enumType({ name: type, members })),
      nexus.inputObjectType({
        name: 'QuoteRequestSubmissionInput',
        description: 'A quote request; validated by the same rules as POST /api/quote-requests',
        definition(t) {
          for (const field of REQUIRED_STRING_FIELDS) t.nonNull.string(field);
          for (const field of OPTIONAL_STRING_FIELDS) t.string(field);
          for (const { field, type, required } of SUBMISSION_ENUMS) {
            if (required) t.nonNull.field(field, { type });
            else t.field(field, { type });
          }
          t.nonNull.boolean('consent');
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
