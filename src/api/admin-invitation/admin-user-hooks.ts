import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';

/** The parts of Strapi's `admin::user` service the invitation wraps (Strapi 5.54). */
interface AdminUserService {
  create(
    attributes: Record<string, unknown>
  ): Promise<{ id: number; registrationToken?: string | null; isActive?: boolean | null }>;
  findRegistrationInfo(registrationToken: unknown): Promise<unknown>;
  register(params: { registrationToken: unknown; userInfo: unknown }): Promise<{ id: number }>;
}

interface ServicesRegistry {
  extend(uid: string, extend: (service: AdminUserService) => AdminUserService): unknown;
}

/** The admin user behind the current request (Settings → Users → Invite new user), if any. */
const inviterOf = (strapi: Core.Strapi): { id: number; language?: unknown } | undefined => {
  const user: unknown = strapi.requestContext.get()?.state?.user;
  if (typeof user !== 'object' || user === null || !('id' in user) || typeof user.id !== 'number') return undefined;
  return { id: user.id, language: 'preferedLanguage' in user ? user.preferedLanguage : undefined };
};

/**
 * Strapi 5.54 creates an invited admin user with a registration token and only shows the link once, in the
 * admin; its token never expires. Wrapped here, at the service every caller goes through:
 * - a user created with a token (an invitation; the CLI and the first admin get none) is mailed the link
 *   through the outbox, in the inviter's admin language, so a mail server that is down delays it only;
 * - the sign-up page and the registration refuse a token whose invitation is older than
 *   ADMIN_INVITATION_TTL_HOURS, and a registration ends the invitation.
 * The user's creation and the outbox row are two writes: Strapi's `create` starts work it does not wait for
 * (its telemetry counts users), which must not run inside a transaction that has ended. If queueing fails,
 * the error reaches the admin and "Resend invitation" queues it again.
 */
export const mailInvitationsOnUserCreation = (strapi: Core.Strapi): void => {
  strapi.get<ServicesRegistry>('services').extend('admin::user', (service) => ({
    ...service,
    async create(attributes) {
      const user = await service.create(attributes);
      // Strapi gives every new user a token; one created active (CLI, scripts) with a password is no invitation.
      if (user.registrationToken && user.isActive !== true) {
        await getService('admin-invitation').queue(user.id, inviterOf(strapi));
        getService('quote-notification').wake();
      }
      return user;
    },
    async findRegistrationInfo(registrationToken) {
      await getService('admin-invitation').refuseExpired(registrationToken);
      return service.findRegistrationInfo(registrationToken);
    },
    async register(params) {
      await getService('admin-invitation').refuseExpired(params.registrationToken);
      const user = await service.register(params);
      await getService('admin-invitation').forget(user.id);
      return user;
    },
  }));
};
