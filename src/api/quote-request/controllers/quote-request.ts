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
      const decision = await quotes.enforceRateLimit(ctx.request.ip);
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

  /**
   * CSV export for admin users, with the Content Manager's permissions (conditions and fields) of their
   * role, streamed: every matching row, in constant memory. No `X-Total-Count` (see the export service).
   */
  async exportCsv(ctx: Context) {
    const ability = (ctx.state.auth as { ability?: AdminAbility } | undefined)?.ability;
    if (!ability) throw new errors.ForbiddenError('Reading quote requests is not allowed for your admin role');
    const exporter = getService('quote-export');
    const checker = exporter.checkerFor(ability);
    if (checker.cannot.read()) {
      throw new errors.ForbiddenError('Reading quote requests is not allowed for your admin role');
    }
    const { separator, ...filters } = await parseExportQuery(ctx.query);
    const { stream } = await exporter.exportCsv(filters, checker, { separator });
    stream.once('error', (error: Error) => {
      // Before the first byte Koa still answers 500. After it, the status line is gone: Koa only logs,
      // and the response would end looking complete or hang. Cutting the connection leaves the client
      // an unterminated chunked body (fetch: "terminated", curl: exit 18), never a shorter valid file.
      const cut = ctx.headerSent;
      strapi.log.error(`quote request CSV export failed${cut ? ', download cut off' : ''}: ${error.message}`);
      if (cut) ctx.res.destroy();
    });
    const stamp = new Date().toISOString().slice(0, 10);
    ctx.set('Content-Disposition', `attachment; filename="quote-requests-${stamp}.csv"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = stream;
  },
});
