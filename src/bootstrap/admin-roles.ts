import type { Core } from '@strapi/strapi';
import { RETRY_NOTIFICATION_ACTION } from '../api/quote-notification/retry-action';
import { DASHBOARD_ACTION } from '../api/sales-desk/dashboard-action';
import { getStrapiService, type AdminPermission } from '../utils/strapi-services';
import { projectStore } from './project-store';

/**
 * Admin roles, applied when ADMIN_ROLES_VERSION changes (an administrator's later edits in
 * Settings → Roles are kept until the next version ships):
 * - "Sales" (code `sales`): reads quote requests, notifications and routing; retries a failed
 *   notification (without choosing its recipients); may change only a
 *   request's stage and internal notes; no content, no Content-Type Builder, no settings.
 * - "Editor" (Strapi's `strapi-editor`): manages and publishes the site content; no access to quote
 *   requests (personal data), notifications or routing.
 * Custom roles and field-level permissions are part of the Community edition; conditions beyond the
 * built-in ones and review workflows are not used.
 */
// 6: Sales reads the new request fields (remindedAt, firstResponseBusinessMinutes).
// 7: Sales reads the routing's address lists, the notifications' recipient text and list order, the
// requests' routed-to text.
// 9: Editor and Author get every field Strapi checks on the site content (nested component paths and
// relations included, derived from the schemas); the Author on the documents they created; the Site
// single type (the company's identity) joins the site content.
export const ADMIN_ROLES_VERSION = 9;
export const SALES_ROLE_CODE = 'sales';
const EDITOR_ROLE_CODE = 'strapi-editor';
const AUTHOR_ROLE_CODE = 'strapi-author';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';
const ROUTING = 'api::quote-routing.quote-routing';
const PRIVACY_LOG = 'api::privacy-log.privacy-log';
const CONSENT_TEXT = 'api::privacy-log.consent-text';
const SALES_DESK = 'api::sales-desk.sales-desk';
export const SITE_CONTENT_TYPES = [
  'api::outsourcing-category.outsourcing-category',
  'api::comparison-page.comparison-page',
  'api::outsourcing-overview.outsourcing-overview',
  'api::site.site',
];

/** Every field the Content Manager checks permissions on: the content type's own attributes, minus relations to admin users. */
const fieldsOf = (strapi: Core.Strapi, uid: string): string[] =>
  Object.entries(strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]).attributes)
    .filter(
      ([name, attribute]) =>
        ![
          'createdBy',
          'updatedBy',
          'createdAt',
          'updatedAt',
          'publishedAt',
          'locale',
          'localizations',
          'documentId',
          'id',
        ].includes(name) && (attribute as { type: string }).type !== 'relation'
    )
    .map(([name]) => name);

/**
 * Every field path the Content Manager checks permissions on for a site content type, as Strapi itself
 * computes it for its default roles: attributes, nested component paths (`quoteCta.title`), relations
 * (`categories`) and media. Derived from the schemas, so a new attribute is covered without a list to edit.
 */
export const contentFieldsOf = (strapi: Core.Strapi, uid: string): string[] =>
  getStrapiService('admin::content-type').getNestedFields(
    strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]),
    {
      components: strapi.components as unknown as Record<string, unknown>,
    }
  );

const localesOf = async (strapi: Core.Strapi): Promise<string[]> =>
  ((await strapi.db.query('plugin::i18n.locale').findMany({ select: ['code'] })) as { code: string }[]).map(
    (l) => l.code
  );

export const salesPermissions = (strapi: Core.Strapi): AdminPermission[] => [
  { action: 'plugin::content-manager.explorer.read', subject: QR, properties: { fields: fieldsOf(strapi, QR) } },
  {
    action: 'plugin::content-manager.explorer.update',
    subject: QR,
    properties: { fields: ['stage', 'internalNotes'] },
  },
  { action: 'plugin::content-manager.explorer.read', subject: QN, properties: { fields: fieldsOf(strapi, QN) } },
  {
    action: 'plugin::content-manager.explorer.read',
    subject: ROUTING,
    properties: { fields: fieldsOf(strapi, ROUTING) },
  },
  // The consent sentences requests refer to (by hash): not personal data. The privacy log is Super Admin only.
  {
    action: 'plugin::content-manager.explorer.read',
    subject: CONSENT_TEXT,
    properties: { fields: fieldsOf(strapi, CONSENT_TEXT) },
  },
  { action: RETRY_NOTIFICATION_ACTION },
  { action: DASHBOARD_ACTION },
];

const CONTENT_VERBS = ['create', 'read', 'update', 'delete', 'publish'] as const;

/**
 * The site content, whole: every attribute of every site content type in every locale. The Editor has it
 * on every document; the Author on the documents they created (Strapi's `admin::is-creator`).
 */
const contentPermissions = async (strapi: Core.Strapi, conditions: string[] = []): Promise<AdminPermission[]> => {
  const locales = await localesOf(strapi);
  const hasDrafts = (uid: string) =>
    Boolean(
      (strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]) as { options?: { draftAndPublish?: boolean } })
        .options?.draftAndPublish
    );
  const perType = (uid: string): AdminPermission[] =>
    CONTENT_VERBS.filter((verb) => verb !== 'publish' || hasDrafts(uid)).map((verb) => ({
      action: `plugin::content-manager.explorer.${verb}`,
      subject: uid,
      properties:
        verb === 'delete' || verb === 'publish' ? { locales } : { fields: contentFieldsOf(strapi, uid), locales },
      ...(conditions.length > 0 ? { conditions } : {}),
    }));
  return [
    ...SITE_CONTENT_TYPES.flatMap(perType),
    { action: 'plugin::upload.read' },
    { action: 'plugin::upload.assets.create' },
    { action: 'plugin::upload.assets.update' },
    { action: 'plugin::upload.assets.download' },
    { action: 'plugin::upload.assets.copy-link' },
  ];
};

export const applyAdminRoles = async (strapi: Core.Strapi, { force = false } = {}): Promise<boolean> => {
  const store = projectStore(strapi);
  if (!force && (await store.get('adminRolesVersion')) === ADMIN_ROLES_VERSION) return false;
  const roles = getStrapiService('admin::role');

  const sales =
    (await roles.findOne({ code: SALES_ROLE_CODE })) ??
    (await roles.create({
      name: 'Sales',
      code: SALES_ROLE_CODE,
      description: 'Reads and follows up quote requests (stage, internal notes); reads routing.',
    }));
  await roles.assignPermissions(sales.id, salesPermissions(strapi));

  const editor = await roles.findOne({ code: EDITOR_ROLE_CODE });
  if (editor) await roles.assignPermissions(editor.id, await contentPermissions(strapi));
  const author = await roles.findOne({ code: AUTHOR_ROLE_CODE });
  if (author) await roles.assignPermissions(author.id, await contentPermissions(strapi, ['admin::is-creator']));

  await store.set('adminRolesVersion', ADMIN_ROLES_VERSION);
  strapi.log.info(`[admin] roles version ${ADMIN_ROLES_VERSION} applied (Sales, Editor, Author)`);
  return true;
};

/** Strapi's default content roles: never a permission on quote data, whatever was ticked in Settings → Roles. */
export const CONTENT_ONLY_ROLE_CODES = ['strapi-author', EDITOR_ROLE_CODE];
const QUOTE_SUBJECTS = [QR, QN, ROUTING, PRIVACY_LOG, CONSENT_TEXT, SALES_DESK];

/**
 * Runs at every start (unlike the versioned role setup above): removes any permission of the Author
 * and Editor roles on quote requests, notifications, routing, the sales desk and the privacy records. Those hold
 * prospects' personal data (or what was done with it) and decide where it is mailed; only Sales and
 * Super Admin see them (the privacy log: Super Admin only).
 */
export const revokeQuoteAccessFromContentRoles = async (strapi: Core.Strapi): Promise<number> => {
  const roles = (await strapi.db
    .query('admin::role')
    .findMany({ where: { code: { $in: CONTENT_ONLY_ROLE_CODES } }, select: ['id'] })) as { id: number }[];
  if (roles.length === 0) return 0;
  const permissions = (await strapi.db.query('admin::permission').findMany({
    where: { role: { id: { $in: roles.map((r) => r.id) } }, subject: { $in: QUOTE_SUBJECTS } },
    select: ['id', 'action', 'subject'],
  })) as { id: number; action: string; subject: string }[];
  if (permissions.length === 0) return 0;
  await strapi.db.query('admin::permission').deleteMany({ where: { id: { $in: permissions.map((p) => p.id) } } });
  // Expected on a first start (Strapi's default roles are made for every content type): information.
  strapi.log.info(
    `[admin] Author and Editor roles: quote data kept Sales-only (${permissions.length} permission(s) removed: ${permissions
      .map((p) => `${p.action} ${p.subject}`)
      .join(', ')})`
  );
  return permissions.length;
};
