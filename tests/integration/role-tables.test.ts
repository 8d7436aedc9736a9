/**
 * The role tables (src/features/<feature>/roles.ts) against the schemas: every content type of the
 * application belongs to exactly one feature's table, a role is granted only its own feature's content
 * types, and a permission's derived field list holds every attribute of the schema (nested component
 * paths and relations included), as the roles hold it after a start.
 */
import type { Core } from '@strapi/strapi';
import { getStrapi, useStrapi } from '../helpers/strapi';
import { contentFieldsOf, ROLE_TABLES } from '../../src/bootstrap/admin-roles';

useStrapi({ EMAIL_OUTBOX_ENABLED: 'false' });

/** What Strapi adds to a schema by itself (ids, timestamps, authors, draft & publish, i18n). */
const SYSTEM = new Set([
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'locale',
  'localizations',
]);

interface Attribute {
  type: string;
  component?: string;
}
type Attributes = Record<string, Attribute>;

/** Every field path a schema declares: attributes, and a component's own fields under `name.field`. */
const declaredPaths = (strapi: Core.Strapi, attributes: Attributes, prefix = ''): string[] =>
  Object.entries(attributes)
    .filter(([name]) => !SYSTEM.has(name))
    .flatMap(([name, attribute]) => {
      const at = `${prefix}${name}`;
      if (attribute.type !== 'component' || !attribute.component) return [at];
      const component = strapi.components[attribute.component as keyof typeof strapi.components] as unknown as {
        attributes: Attributes;
      };
      return declaredPaths(strapi, component.attributes, `${at}.`);
    });

const apiContentTypes = (): string[] => Object.keys(getStrapi().contentTypes).filter((uid) => uid.startsWith('api::'));

describe('role tables', () => {
  it('cover every content type of the application, each in exactly one feature', () => {
    const uids = apiContentTypes();
    expect(uids.length).toBeGreaterThanOrEqual(10);
    for (const uid of uids) {
      expect([uid, ROLE_TABLES.filter((table) => table.contentTypes.includes(uid)).length]).toEqual([uid, 1]);
    }
    expect(
      ROLE_TABLES.flatMap((table) => table.contentTypes)
        .filter((uid) => !uids.includes(uid))
        .sort()
    ).toEqual([]);
  });

  it("grant a feature's roles only that feature's content types", () => {
    for (const table of ROLE_TABLES) {
      const granted = table.roles.flatMap((role) => role.content.flatMap((grant) => grant.contentTypes));
      expect(granted.filter((uid) => !table.contentTypes.includes(uid))).toEqual([]);
    }
  });

  it('derive from each schema every field, component paths and relations included', () => {
    const strapi = getStrapi();
    for (const uid of apiContentTypes()) {
      const model = strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]) as unknown as {
        attributes: Attributes;
      };
      const declared = declaredPaths(strapi, model.attributes);
      expect([uid, declared.length > 0]).toEqual([uid, true]);
      expect([uid, [...contentFieldsOf(strapi, uid)].sort()]).toEqual([uid, [...declared].sort()]);
    }
  });

  it('are what the roles hold after a start, field by field', async () => {
    const strapi = getStrapi();
    let checked = 0;
    for (const role of ROLE_TABLES.flatMap((table) => table.roles)) {
      const held = (await strapi.db.query('admin::permission').findMany({
        where: { role: { code: role.code } },
        select: ['action', 'subject', 'properties'],
      })) as { action: string; subject: string | null; properties: { fields?: string[] } | null }[];
      for (const grant of role.content) {
        for (const uid of grant.contentTypes) {
          for (const verb of grant.verbs.filter((v) => v === 'read' || v === 'update' || v === 'create')) {
            const permission = held.find(
              (p) => p.subject === uid && p.action === `plugin::content-manager.explorer.${verb}`
            );
            expect([role.code, uid, verb, [...(permission?.properties?.fields ?? [])].sort()]).toEqual([
              role.code,
              uid,
              verb,
              [...(grant.fields ?? contentFieldsOf(strapi, uid))].sort(),
            ]);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
