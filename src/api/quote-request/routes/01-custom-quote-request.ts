/**
 * The only HTTP entry of quote requests: a public, rate-limited submission. There are no core
 * find/findOne/update/delete routes: requests are read by admin users in the admin panel only.
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
  ],
};
