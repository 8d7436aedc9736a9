import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../../../utils/get-service';
import { getStrapiService, type AdminAbility } from '../../../utils/strapi-services';
import { QUOTE_ROUTING_UID } from '../../quote-request/constants';
import { DASHBOARD_ACTION } from '../dashboard-action';

export default () => ({
  /**
   * GET /api/quote-stats: the promise backed by data, public (Public role), cached like content. It takes
   * no parameter, and refuses any: each distinct query string would otherwise be a new entry of the
   * shared response cache, so anyone could churn it with `?x=1`, `?x=2`…
   */
  async stats(ctx: Context) {
    const unknown = Object.keys(ctx.query);
    if (unknown.length > 0) {
      throw new errors.ValidationError(`GET /api/quote-stats takes no parameter (got ${unknown.join(', ')})`, {
        errors: unknown.map((name) => ({ path: [name], message: 'Unknown parameter', name: 'ValidationError' })),
      });
    }
    ctx.body = { data: await getService('quote-stats').publicStats() };
  },

  /**
   * GET /api/quote-requests/dashboard: an admin session (401 without one) whose role holds the dashboard
   * permission (Super Admin, Sales, Sales manager; 403 for any other role). Decided on what the admin-session strategy
   * authenticated, never on the path's spelling; the home page widget asks for the same permission.
   */
  async dashboard(ctx: Context) {
    const ability = (ctx.state.auth as { ability?: AdminAbility } | undefined)?.ability;
    if (!ability?.can(DASHBOARD_ACTION)) {
      throw new errors.ForbiddenError('The sales dashboard is for Super Admins, Sales and Sales managers');
    }
    ctx.set('Cache-Control', 'no-store');
    // Whoever can save the routing is offered the link to it; anyone else is told whom to ask (names
    // only: an address is not needed to find a colleague).
    const canEditRouting = getStrapiService('plugin::content-manager.permission-checker')
      .create({ userAbility: ability, model: QUOTE_ROUTING_UID })
      .can.update();
    const stats = getService('quote-stats');
    ctx.body = {
      data: {
        ...(await stats.dashboard()),
        routing: { canEdit: canEditRouting, askNames: canEditRouting ? [] : await stats.routingEditorNames() },
      },
    };
  },
});
