import { adminSessionStrategy } from '../../quote-request/auth/admin-session-strategy';

/**
 * The outbox has no CRUD routes: rows are written by the application only. Admins holding the
 * "Retry failed notifications" permission (Sales, Super Admin) may re-queue a failed or partial one;
 * its recipients are resolved again from the request and the routing when it is sent.
 */
export default {
  routes: [
    {
      method: 'POST',
      path: '/quote-notifications/:documentId/retry',
      handler: 'api::quote-notification.quote-notification.retry',
      config: { auth: { strategies: [adminSessionStrategy] }, policies: [], middlewares: [] },
    },
  ],
};
