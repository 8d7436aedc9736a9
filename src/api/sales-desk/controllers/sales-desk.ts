import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../../../utils/get-service';
import { SALES_ROLE_CODE } from '../../../bootstrap/admin-roles';

const SUPER_ADMIN_ROLE_CODE = 'strapi-super-admin';
/** Who sees the sales dashboard: the desk's own people; content roles (Editor, Author) do not. */
export const DASHBOARD_ROLE_CODES = [SUPER_ADMIN_ROLE_CODE, SALES_ROLE_CODE];

interface AdminCredentials {
  roles?: { code?: string }[];
}

export default () => ({
  /** GET /api/quote-stats: the promise backed by data, public (Public role), cached like content. */
  async stats(ctx: Context) {
    ctx.body = { data: await getService('quote-stats').publicStats() };
  },

  /**
   * GET /api/quote-requests/dashboard: an admin session (401 without one), of a Super Admin or a Sales
   * user (403 for any other role). Decided on what the admin-session strategy authenticated, never on
   * the path's spelling.
   */
  async dashboard(ctx: Context) {
    const user = (ctx.state.auth as { credentials?: AdminCredentials } | undefined)?.credentials;
    if (!user?.roles?.some((role) => typeof role.code === 'string' && DASHBOARD_ROLE_CODES.includes(role.code))) {
      throw new errors.ForbiddenError('The sales dashboard is for Super Admins and the Sales role');
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await getService('quote-stats').dashboard() };
  },
});
