import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../../../utils/get-service';
import type { AdminAbility } from '../../../utils/strapi-services';

/** Inviting is creating an admin user, and a new link changes one: a role needs both rights. */
export const RESEND_INVITATION_ACTIONS = ['admin::users.create', 'admin::users.update'] as const;

interface AdminCredentials {
  id: number;
  preferedLanguage?: string | null;
}

export default () => ({
  /** POST /api/admin-invitations/:id/resend */
  async resend(ctx: Context) {
    const auth = ctx.state.auth as { ability?: AdminAbility; credentials?: AdminCredentials } | undefined;
    const ability = auth?.ability;
    if (!ability || !auth.credentials || !RESEND_INVITATION_ACTIONS.every((action) => ability.can(action))) {
      throw new errors.ForbiddenError('Resending invitations is not allowed for your admin role');
    }
    const raw = String((ctx.params as { id?: string }).id ?? '');
    if (!/^[1-9][0-9]{0,9}$/.test(raw)) {
      throw new errors.ValidationError('The user id must be a positive whole number');
    }
    const { id, preferedLanguage } = auth.credentials;
    const result = await getService('admin-invitation').resend(Number(raw), { id, language: preferedLanguage });
    ctx.body = { data: result };
  },
});
