import type { Core } from '@strapi/strapi';
import { QUOTE_DESK_ROLES } from '../features/quote-desk/roles';
import { SITE_CONTENT_ROLES } from '../features/site-content/roles';
import { getStrapiService, type AdminPermission } from '../utils/strapi-services';
import { projectStore } from './project-store';
import type { ContentVerb, FeatureRoles, RoleDefinition } from './role-table';

export { SITE_CONTENT_TYPES } from '../features/site-content/roles';

/**
 * Admin roles, from each feature's role table (src/features/<feature>/roles.ts: who reads, edits,
 * publishes what), applied when ADMIN_ROLES_VERSION changes (an administrator's later edits in
 * Settings → Roles are kept until the next version ships):
 * - "Sales" (code `sales`), the quote desk's: quote requests, notifications, routing; no content.
 * - "Sales manager" (code `sales-manager`): Sales' permissions, plus editing the routing and the sales desk.
 * - "Editor" and "Author" (Strapi's `strapi-editor`, `strapi-author`), the site content's: the site
 *   content; no access to quote requests (personal data), notifications or routing.
 * Custom roles and field-level permissions are part of the Community edition; conditions beyond the
 * built-in ones and review workflows are not used.
 */
// 6: Sales reads the new request fields (remindedAt, firstResponseBusinessMinutes).
// 7: Sales reads the routing's address lists, the notifications' recipient text and list order, the
// requests' routed-to text.
// 9: Editor and Author get every field Strapi checks on the site content (nested component paths and
// relations included, derived from the schemas); the Author on the documents they created; the Site
// single type (the company's identity) joins the site content.
// 10: "Sales manager" (code `sales-manager`): Sales' permissions plus the routing and the sales desk.
export const ADMIN_ROLES_VERSION = 10;

/** Every feature's role table, in the order the roles are applied. */
export const ROLE_TABLES: FeatureRoles[] = [QUOTE_DESK_ROLES, SITE_CONTENT_ROLES];

type ModelUid = Parameters<Core.Strapi['getModel']>[0];

/**
 * Every field path the Content Manager checks permissions on for a content type, as Strapi itself
 * computes it for its default roles: attributes, nested component paths (`quoteCta.title`), relations
 * (`categories`) and media. Derived from the schemas, so a new attribute is covered without a list to edit.
 */
export const contentFieldsOf = (strapi: Core.Strapi, uid: string): string[] =>
  getStrapiService('admin::content-type').getNestedFields(strapi.getModel(uid as ModelUid), {
    components: strapi.components as unknown as Record<string, unknown>,
  });

const localesOf = async (strapi: Core.Strapi): Promise<string[]> =>
  ((await strapi.db.query('plugin::i18n.locale').findMany({ select: ['code'] })) as { code: string }[]).map(
    (l) => l.code
  );

interface ModelOptions {
  options?: { draftAndPublish?: boolean };
  pluginOptions?: { i18n?: { localized?: boolean } };
}
const optionsOf = (strapi: Core.Strapi, uid: string): ModelOptions => strapi.getModel(uid as ModelUid) as ModelOptions;

/** The verbs whose permission names fields; delete and publish name only locales. */
const FIELD_VERBS = new Set<ContentVerb>(['create', 'read', 'update']);

/** A role's table row as Strapi permissions: content permissions (every locale of a localized type), then the other actions. */
export const permissionsOf = (strapi: Core.Strapi, role: RoleDefinition, locales: string[]): AdminPermission[] => [
  ...role.content.flatMap((grant) =>
    grant.contentTypes.flatMap((uid) =>
      grant.verbs
        .filter((verb) => verb !== 'publish' || Boolean(optionsOf(strapi, uid).options?.draftAndPublish))
        .map((verb) => ({
          action: `plugin::content-manager.explorer.${verb}`,
          subject: uid,
          properties: {
            ...(FIELD_VERBS.has(verb) ? { fields: grant.fields ?? contentFieldsOf(strapi, uid) } : {}),
            ...(optionsOf(strapi, uid).pluginOptions?.i18n?.localized ? { locales } : {}),
          },
          ...(role.conditions && role.conditions.length > 0 ? { conditions: role.conditions } : {}),
        }))
    )
  ),
  ...(role.actions ?? []).map((action) => ({ action })),
];

export const applyAdminRoles = async (strapi: Core.Strapi, { force = false } = {}): Promise<boolean> => {
  const store = projectStore(strapi);
  if (!force && (await store.get('adminRolesVersion')) === ADMIN_ROLES_VERSION) return false;
  const roles = getStrapiService('admin::role');
  const locales = await localesOf(strapi);

  const definitions = ROLE_TABLES.flatMap((table) => table.roles);
  for (const definition of definitions) {
    const { code, name, createWithDescription } = definition;
    const role =
      (await roles.findOne({ code })) ??
      (createWithDescription === undefined
        ? null
        : await roles.create({ name, code, description: createWithDescription }));
    if (role) await roles.assignPermissions(role.id, permissionsOf(strapi, definition, locales));
  }

  await store.set('adminRolesVersion', ADMIN_ROLES_VERSION);
  strapi.log.info(
    `[admin] roles version ${ADMIN_ROLES_VERSION} applied (${definitions.map((role) => role.name).join(', ')})`
  );
  return true;
};

/** Strapi's default content roles: never a permission on quote data, whatever was ticked in Settings → Roles. */
export const CONTENT_ONLY_ROLE_CODES = SITE_CONTENT_ROLES.roles.map((role) => role.code);
const QUOTE_SUBJECTS = QUOTE_DESK_ROLES.contentTypes;

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
