import type { StrapiApp } from '@strapi/strapi/admin';

type RbacMiddleware = Exclude<Parameters<StrapiApp['addRBACMiddleware']>[0], unknown[]>;

/**
 * Records the application writes itself (the server refuses any other write, a Super Admin's included):
 * the privacy log and the quote notifications.
 */
const APPLICATION_WRITTEN = new Set(['api::privacy-log.privacy-log', 'api::quote-notification.quote-notification']);
const CREATE_ACTION = 'plugin::content-manager.explorer.create';

/**
 * The Content Manager offers "Create new entry" (and "Duplicate") to whoever holds the create permission:
 * on these records the offer would only end in a refusal, so the admin does not count that permission.
 */
export const hideCreateOnApplicationRecords: RbacMiddleware = () => (next) => (permissions) =>
  next(
    permissions.filter(
      (permission) =>
        !(permission.action === CREATE_ACTION && APPLICATION_WRITTEN.has(String(permission.subject ?? '')))
    )
  );
