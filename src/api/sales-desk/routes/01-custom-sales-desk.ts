import { adminSessionStrategy } from '../../quote-request/auth/admin-session-strategy';

/**
 * The sales desk over HTTP. Its settings (the single type) have no route: Super Admins edit them in the
 * admin. What it measures has two:
 * - GET /quote-stats: public figures (the Public role is granted `stats` at every start), no personal data;
 * - GET /quote-requests/dashboard: the admin dashboard's figures, with an admin panel session; the
 *   controller admits Super Admin and Sales.
 */
export default {
  routes: [
    {
      method: 'GET',
      path: '/quote-stats',
      handler: 'api::sales-desk.sales-desk.stats',
      config: {
        policies: [],
        middlewares: [],
      },
    },
    {
      method: 'GET',
      path: '/quote-requests/dashboard',
      handler: 'api::sales-desk.sales-desk.dashboard',
      config: {
        auth: { strategies: [adminSessionStrategy] },
        policies: [],
        middlewares: [],
      },
    },
  ],
};
