import type { Core } from '@strapi/strapi';
import type { StoredRow } from '../utils/stored-row';

/**
 * What anonymous visitors may do on the content API: read the published pages, the company's identity
 * (`/api/site`) and the sales desk's public figures (GET /api/quote-stats, no personal data), nothing else.
 */
export const PUBLIC_CONTENT_ACTIONS = [
  'api::outsourcing-category.outsourcing-category.find',
  'api::outsourcing-category.outsourcing-category.findOne',
  'api::comparison-page.comparison-page.find',
  'api::comparison-page.comparison-page.findOne',
  'api::outsourcing-overview.outsourcing-overview.find',
  'api::site.site.find',
  'api::sales-desk.sales-desk.stats',
] as const;

/**
 * Plugin actions anonymous visitors need besides the plugin's own defaults: the list of the site's locales
 * (GET /api/i18n/locales, GraphQL `i18NLocales`), so a frontend builds its language switcher from the CMS.
 */
export const PUBLIC_PLUGIN_ACTIONS = ['plugin::i18n.locales.listLocales'] as const;

type RoleRow = StoredRow<'plugin::users-permissions.role', 'type'>;
type PermissionRow = StoredRow<'plugin::users-permissions.permission', 'action'>;

/**
 * Grants the Public role exactly the read actions above on this project's APIs, and removes any other
 * `api::` action from it (an admin ticking "create" on a content type by mistake is undone at the next
 * start); grants the plugin actions above. Other plugin actions (users-permissions auth routes) keep the
 * plugin's own defaults.
 */
export const grantPublicReadPermissions = async (strapi: Core.Strapi): Promise<void> => {
  const publicRole = (await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } })) as RoleRow | null;
  if (!publicRole) {
    throw new Error('users-permissions public role not found: the plugin did not bootstrap');
  }

  const existing = (await strapi.db.query('plugin::users-permissions.permission').findMany({
    where: { role: publicRole.id, action: { $startsWith: 'api::' } },
  })) as PermissionRow[];

  const wanted = new Set<string>(PUBLIC_CONTENT_ACTIONS);
  const unwanted = existing.filter((p) => !wanted.has(p.action));
  if (unwanted.length > 0) {
    await strapi.db
      .query('plugin::users-permissions.permission')
      .deleteMany({ where: { id: { $in: unwanted.map((p) => p.id) } } });
    strapi.log.warn(`[permissions] removed public API actions: ${unwanted.map((p) => p.action).join(', ')}`);
  }

  const plugins = (await strapi.db.query('plugin::users-permissions.permission').findMany({
    where: { role: publicRole.id, action: { $in: [...PUBLIC_PLUGIN_ACTIONS] } },
  })) as PermissionRow[];
  const present = new Set([...existing, ...plugins].map((p) => p.action));
  for (const action of [...PUBLIC_CONTENT_ACTIONS, ...PUBLIC_PLUGIN_ACTIONS]) {
    if (!present.has(action)) {
      await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: publicRole.id } });
    }
  }
};
