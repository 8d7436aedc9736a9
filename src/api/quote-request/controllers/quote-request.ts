import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { QUOTE_REQUEST_UID } from '../constants';

type QuoteRequestService = ReturnType<typeof import('../services/quote-request').default>;

const service = (strapi: Core.Strapi) => strapi.service(QUOTE_REQUEST_UID) as unknown as QuoteRequestService;

/** Thin: rate limit -> validate -> service -> 201 receipt. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async submit(ctx: Context) {
    const quotes = service(strapi);
    try {
      const decision = quotes.enforceRateLimit(ctx.request.ip);
      ctx.set('RateLimit-Limit', String(decision.limit));
      ctx.set('RateLimit-Remaining', String(decision.remaining));
      ctx.set('RateLimit-Reset', String(Math.ceil(decision.resetMs / 1000)));
    } catch (error) {
      const retryAfter = (error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
      if (retryAfter) ctx.set('Retry-After', String(retryAfter));
      throw error;
    }

    const input = await quotes.validate(ctx.request.body, ctx.get('accept-language'));
    const receipt = await quotes.submit(input, {
      ip: ctx.request.ip,
      userAgent: ctx.get('user-agent') || undefined,
      idempotencyKey: ctx.get('idempotency-key') || undefined,
    });
    ctx.status = 201;
    ctx.body = { data: receipt };
  },
});
