import { adminSessionStrategy } from '../../quote-request/auth/admin-session-strategy';

/**
 * Settings → Users → a user who has not registered: whether they still have to (and until when their link
 * works), and "Resend invitation": a new sign-up link, mailed through the outbox. Admin sessions only, and only for roles that may both create and update admin users.
 */
export default {
  routes: [
    {
      method: 'GET',
      path: '/admin-invitations/:id',
      handler: 'api::admin-invitation.admin-invitation.findOne',
      config: { auth: { strategies: [adminSessionStrategy] }, policies: [], middlewares: [] },
    },
    {
      method: 'POST',
      path: '/admin-invitations/:id/resend',
      handler: 'api::admin-invitation.admin-invitation.resend',
      config: { auth: { strategies: [adminSessionStrategy] }, policies: [], middlewares: [] },
    },
  ],
};
