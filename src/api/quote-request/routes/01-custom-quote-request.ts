import { adminSessionStrategy } from '../auth/admin-session-strategy';

/**
 * Quote requests over HTTP: a public, rate-limited submission, a CSV export for admin users, and a
 * person's access and erasure for Super Admins.
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
    // Files a prospect attached: listed and downloaded by admins whose role may read the request
    // (checked in the controller with the Content Manager's permission checker).
    {
      method: 'GET',
      path: '/quote-requests/:documentId/attachments',
      handler: 'api::quote-request.quote-request.listAttachments',
      config: {
        auth: { strategies: [adminSessionStrategy] },
        policies: [],
        middlewares: [],
      },
    },
    {
      method: 'GET',
      path: '/quote-requests/:documentId/attachments/:attachmentId',
      handler: 'api::quote-request.quote-request.downloadAttachment',
      config: {
        auth: { strategies: [adminSessionStrategy] },
        policies: [],
        middlewares: [],
      },
    },
    // A person's rights from the admin (Super Admin only, checked in the controller): everything held
    // about the address of this request, and its erasure. Same service as `npm run privacy`.
    {
      method: 'GET',
      path: '/quote-requests/:documentId/personal-data',
      handler: 'api::quote-request.quote-request.exportPersonalData',
      config: {
        auth: { strategies: [adminSessionStrategy] },
        policies: [],
        middlewares: [],
      },
    },
    {
      method: 'POST',
      path: '/quote-requests/:documentId/erase-personal-data',
      handler: 'api::quote-request.quote-request.erasePersonalData',
      config: {
        auth: { strategies: [adminSessionStrategy] },
        policies: [],
        middlewares: [],
      },
    },
  ],
};
