/**
 * Editors edit the whole page: Strapi's Editor role reads and updates every field the Content Manager
 * checks on each site content type (nested component paths and relations included), also after the
 * boot-time permission clean-up Strapi runs at every start; the Author has the same on what they
 * created. An Editor's change to a component field and to a relation, published, reaches REST.
 */
import { adminToken } from '../helpers/admin';
import type { RestBody } from '../helpers/http';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';
import { contentFieldsOf, SITE_CONTENT_TYPES } from '../../src/bootstrap/admin-roles';

const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';

useStrapi({ EMAIL_OUTBOX_ENABLED: 'false' });

interface Permission {
  action: string;
  subject: string | null;
  properties: { fields?: string[]; locales?: string[] };
  conditions: string[];
}

const adminFetch = (token: string, path: string, init: RequestInit = {}) =>
  fetch(`${httpServer()}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });

const myPermissions = async (token: string): Promise<Permission[]> => {
  const res = await adminFetch(token, '/admin/users/me/permissions');
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Permission[] }).data;
};

const fieldsFor = (permissions: Permission[], verb: string, uid: string): string[] =>
  permissions.find((p) => p.action === `plugin::content-manager.explorer.${verb}` && p.subject === uid)?.properties
    .fields ?? [];

describe.each([
  ['strapi-editor', []],
  ['strapi-author', ['admin::is-creator']],
])('%s', (role, conditions) => {
  it.each(SITE_CONTENT_TYPES)('reads, creates and updates every field of %s, in fr and en', async (uid) => {
    const expected = contentFieldsOf(getStrapi(), uid);
    // The derivation itself reaches into components and relations.
    if (uid === OVERVIEW)
      expect(expected).toEqual(expect.arrayContaining(['categories', 'quoteCta.title', 'seo.metaTitle']));
    const permissions = await myPermissions(await adminToken(role));
    for (const verb of ['read', 'create', 'update']) {
      expect(fieldsFor(permissions, verb, uid).sort()).toEqual([...expected].sort());
    }
    const drafts = uid !== 'api::site.site';
    for (const verb of ['read', 'create', 'update', 'delete', ...(drafts ? ['publish'] : [])]) {
      const permission = permissions.find(
        (p) => p.action === `plugin::content-manager.explorer.${verb}` && p.subject === uid
      );
      expect(permission?.properties.locales?.sort()).toEqual(['en', 'fr']);
      expect(permission?.conditions ?? []).toEqual(conditions);
    }
  });
});

it('keeps every field after the permission clean-up Strapi runs at each start', async () => {
  const permissionService = getStrapi().service('admin::permission') as unknown as {
    cleanPermissionsInDatabase(): Promise<void>;
  };
  await permissionService.cleanPermissionsInDatabase();
  const permissions = await myPermissions(await adminToken('strapi-editor'));
  for (const uid of SITE_CONTENT_TYPES) {
    expect(fieldsFor(permissions, 'update', uid).sort()).toEqual([...contentFieldsOf(getStrapi(), uid)].sort());
  }
});

it('an Editor changes a component field and a relation of the overview in English, publishes, and REST serves it', async () => {
  const token = await adminToken('strapi-editor');
  const base = `/content-manager/single-types/${OVERVIEW}`;
  const current = await adminFetch(token, `${base}?locale=en`);
  expect(current.status).toBe(200);
  const { data } = (await current.json()) as {
    data: Record<string, unknown> & { quoteCta: Record<string, unknown>; categories: { count?: number } };
  };
  const categories = (await getStrapi()
    .documents('api::outsourcing-category.outsourcing-category')
    .findMany({ locale: 'en', fields: ['code'] })) as { documentId: string; code: string }[];
  const bpo = categories.find((c) => c.code === 'bpo')!;
  const saved = await adminFetch(token, `${base}?locale=en`, {
    method: 'PUT',
    body: JSON.stringify({
      ...data,
      quoteCta: { ...data.quoteCta, title: 'Ask for your free quote today' },
      categories: { set: [{ documentId: bpo.documentId, locale: 'en' }] },
    }),
  });
  expect(saved.status).toBe(200);
  const published = await adminFetch(token, `${base}/actions/publish?locale=en`, { method: 'POST', body: '{}' });
  expect(published.status).toBe(200);

  const res = await fetch(`${httpServer()}/api/outsourcing-overview?locale=en&populate=*`);
  expect(res.status).toBe(200);
  const overview = ((await res.json()) as RestBody<{ quoteCta: { title: string }; categories: { code: string }[] }>)
    .data;
  expect(overview.quoteCta.title).toBe('Ask for your free quote today');
  expect(overview.categories.map((c) => c.code)).toEqual(['bpo']);
});
