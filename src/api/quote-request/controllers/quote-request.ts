import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../../../utils/get-service';
import type { AdminAbility } from '../../../utils/strapi-services';
import { parseExportQuery } from '../validation/export-query';

export default () => ({
  /** Thin: rate limit -> validate -> service -> 201 receipt. */
  async submit(ctx: Context) {
    const quotes = getService('quote-request');
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

  /** CSV export for admin users, with the Content Manager's permissions (conditions and fields) of their role. */
  async exportCsv(ctx: Context) {
    const ability = (ctx.state.auth as { ability?: AdminAbility } | undefined)?.ability;
    if (!ability) throw new errors.ForbiddenError('Reading quote requests is not allowed for your admin role');
    const exporter = getService('quote-export');
    const checker = exporter.checkerFor(ability);
    if (checker.cannot.read()) {
      throw new errors.ForbiddenError('Reading quote requests is not allowed for your admin role');
    }
    const filters = await parseExportQuery(ctx.query);
    const { csv, rows } = await exporter.exportCsv(filters, checker);
    const stamp = new Date().toISOString().slice(0, 10);
    ctx.set('Content-Disposition', `attachment; filename="quote-requests-${stamp}.csv"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Total-Count', String(rows));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = csv;
  },
});
