import type { StrapiApp } from '@strapi/strapi/admin';

type RbacMiddleware = Exclude<Parameters<StrapiApp['addRBACMiddleware']>[0], unknown[]>;

const CREATE = 'plugin::content-manager.explorer.create';
const UPDATE = 'plugin::content-manager.explorer.update';
const DELETE = 'plugin::content-manager.explorer.delete';
const PUBLISH = 'plugin::content-manager.explorer.publish';

/**
 * What the server refuses on records the application writes itself, a Super Admin included
 * (src/api/privacy-log/log-write-guard.ts, consent-text-write-guard.ts,
 * src/api/quote-notification/outbox-write-guard.ts):
 * - the privacy log: append-only and written by the application only (no create, edit, delete);
 * - consent texts: append-only (a new wording is a new row; no edit, delete);
 * - quote notifications: written by the application only (no create).
 */
const REFUSED_ACTIONS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['api::privacy-log.privacy-log', new Set([CREATE, UPDATE, DELETE, PUBLISH])],
  ['api::privacy-log.consent-text', new Set([UPDATE, DELETE, PUBLISH])],
  ['api::quote-notification.quote-notification', new Set([CREATE])],
]);

/**
 * The Content Manager offers "Create new entry" and "Duplicate" to whoever holds the create permission,
 * an editable form and Save to whoever holds update, "Delete" (one or in bulk) to whoever holds delete:
 * on these records each offer would only end in a refusal, so the admin does not count those
 * permissions (the edit view opens read-only, without Delete).
 */
export const hideRefusedWritesOnApplicationRecords: RbacMiddleware = () => (next) => (permissions) =>
  next(
    permissions.filter(
      (permission) => !REFUSED_ACTIONS.get(String(permission.subject ?? ''))?.has(String(permission.action))
    )
  );
