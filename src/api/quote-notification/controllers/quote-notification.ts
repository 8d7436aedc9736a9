import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../../../utils/get-service';
import type { AdminAbility } from '../../../utils/strapi-services';
import { RETRY_NOTIFICATION_ACTION } from '../retry-action';

export default () => ({
  /** POST /api/quote-notifications/:documentId/retry — an explicit re-queue; nobody chooses recipients. */
  async retry(ctx: Context) {
    const ability = (ctx.state.auth as { ability?: AdminAbility } | undefined)?.ability;
    if (!ability?.can(RETRY_NOTIFICATION_ACTION)) {
      throw new errors.ForbiddenError('Retrying notifications is not allowed for your admin role');
    }
    const row = await getService('quote-notification').retry(
      String((ctx.params as { documentId?: string }).documentId)
    );
    ctx.body = { data: row };
  },
});
