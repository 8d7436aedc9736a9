import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { AdminAbility } from '../../quote-request/services/quote-export';
import { RETRY_NOTIFICATION_ACTION } from '../retry-action';

type OutboxService = ReturnType<typeof import('../services/quote-notification').default>;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/quote-notifications/:documentId/retry — an explicit re-queue; nobody chooses recipients. */
  async retry(ctx: Context) {
    const ability = (ctx.state.auth as { ability?: AdminAbility } | undefined)?.ability;
    if (!ability?.can(RETRY_NOTIFICATION_ACTION)) {
      throw new errors.ForbiddenError('Retrying notifications is not allowed for your admin role');
    }
    const outbox = strapi.service('api::quote-notification.quote-notification') as unknown as OutboxService;
    const row = await outbox.retry(String(ctx.params.documentId));
    ctx.body = { data: row };
  },
});
