import type { FeatureRoles, RoleDefinition } from '../../bootstrap/role-table';

export const SITE_CONTENT_TYPES = [
  'api::outsourcing-category.outsourcing-category',
  'api::comparison-page.comparison-page',
  'api::outsourcing-overview.outsourcing-overview',
  'api::site.site',
];

/**
 * The site content, whole: every attribute of every site content type in every locale, and the media
 * library. The Editor has it on every document; the Author on the documents they created (Strapi's
 * `admin::is-creator`). Neither ever holds a permission on the quote desk's content types.
 */
const contentRole = (code: string, name: string, conditions: string[] = []): RoleDefinition => ({
  code,
  name,
  ...(conditions.length > 0 ? { conditions } : {}),
  content: [{ contentTypes: SITE_CONTENT_TYPES, verbs: ['create', 'read', 'update', 'delete', 'publish'] }],
  actions: [
    'plugin::upload.read',
    'plugin::upload.assets.create',
    'plugin::upload.assets.update',
    'plugin::upload.assets.download',
    'plugin::upload.assets.copy-link',
  ],
});

export const SITE_CONTENT_ROLES: FeatureRoles = {
  contentTypes: SITE_CONTENT_TYPES,
  roles: [contentRole('strapi-editor', 'Editor'), contentRole('strapi-author', 'Author', ['admin::is-creator'])],
};
