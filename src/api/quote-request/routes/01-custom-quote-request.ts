import { adminSessionStrategy } from '../auth/admin-session-strategy';

/**
 * Quote requests over HTTP: a public, rate-limited submission, and a CSV export for admin users.
 * There are no core find/findOne/update/delete routes: requests are read in the admin panel only.
 */
export default {
  routes: [
    {
      method: 'POST',
      path: '/quote-requests',
      handler: 'api::quote-request.quote-request.submit',
      config: {
        auth: false,
        policies: [],
        middlewares: [],
      },
    },
    {
      method: 'GET',
      path: '/quote-requests/export',
      handler: 'api::quote-request.quote-request.exportCsv',
      config: {
        // An admin panel session, not an end-user JWT or API token; the controller checks the role.
        auth: { strategies: [adminSessionStrategy] },
        policies: [],
        middlewares: [],
      },
    },
  ],
};
