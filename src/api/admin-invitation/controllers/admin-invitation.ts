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

/** The caller's admin session, if its role may invite (else 403), and the user id of the path (else 400). */
const authorise = (ctx: Context): { inviter: AdminCredentials; userId: number } => {
  const auth = ctx.state.auth as { ability?: AdminAbility; credentials?: AdminCredentials } | undefined;
  const ability = auth?.ability;
  if (!ability || !auth.credentials || !RESEND_INVITATION_ACTIONS.every((action) => ability.can(action))) {
    throw new errors.ForbiddenError('Resending invitations is not allowed for your admin role');
  }
  const raw = String((ctx.params as { id?: string }).id ?? '');
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) {
    throw new errors.ValidationError('The user id must be a positive whole number');
  }
  return { inviter: auth.credentials, userId: Number(raw) };
};

export default () => ({
  /** GET /api/admin-invitations/:id — whether the user still has to register, and until when the link works. */
  async findOne(ctx: Context) {
    const { userId } = authorise(ctx);
    ctx.body = { data: await getService('admin-invitation').status(userId) };
  },

  /** POST /api/admin-invitations/:id/resend */
  async resend(ctx: Context) {
    const { inviter, userId } = authorise(ctx);
    const result = await getService('admin-invitation').resend(userId, {
      id: inviter.id,
      language: inviter.preferedLanguage,
    });
    ctx.body = { data: result };
  },
});
