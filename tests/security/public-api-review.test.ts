/**
 * Issue 16, items 1–6: the public API's guards fail closed, GraphQL documents are refused in time linear
 * in their text, no driver text reaches an error body, `populate=*` works for public callers, and
 * preview tokens are minted only for what exists and read only the one draft they name.
 */
import { adminToken } from '../helpers/admin';
import type { ErrorBody, GraphQLBody, RestBody } from '../helpers/http';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { createPreviewToken } from '../../src/preview/preview';

const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const COMPARISON = 'api::comparison-page.comparison-page';
const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
const SECRET = 'UNRELEASED-4d9c';

let bpoId = '';
let overviewId = '';
let frOnlyComparisonId = '';

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${httpServer()}${path}`, { headers });
const graphql = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${httpServer()}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
const secret = () => String(getStrapi().config.get('admin.auth.secret'));

useStrapi({ ...INTEGRATION_ENV, EMAIL_OUTBOX_ENABLED: 'false' });

beforeAll(async () => {
  const categories = getStrapi().documents(CATEGORY);
  bpoId = (await categories.findFirst({ filters: { code: 'bpo' }, locale: 'en' }))!.documentId;
  overviewId = (await getStrapi().documents(OVERVIEW).findFirst({ locale: 'en' }))!.documentId;
  // Unreleased work: the English BPO summary as a draft only.
  await categories.update({ documentId: bpoId, locale: 'en', data: { summary: `${SECRET} summary` } });
  // A comparison page written in French only (no English version yet).
  const created = await getStrapi()
    .documents(COMPARISON)
    .create({
      locale: 'fr',
      data: { title: 'Nearshore ou offshore', slug: 'nearshore-offshore', intro: 'Brouillon.', displayOrder: 9 },
    });
  frOnlyComparisonId = created.documentId;
});

const expectGraphqlRefusal = async (res: Response): Promise<GraphQLBody> => {
  const text = await res.text();
  expect(text).not.toContain(SECRET);
  expect(res.status).toBe(400);
  const body = JSON.parse(text) as GraphQLBody;
  expect(body.errors?.length).toBeGreaterThan(0);
  expect(body.data ?? null).toBeNull();
  return body;
};

/** `{"and":[{"and":[ … leaf … ]}]}`, `levels` deep. */
const nestedAnd = (levels: number, leaf: Record<string, unknown>): Record<string, unknown> => {
  let filter: Record<string, unknown> = leaf;
  for (let i = 0; i < levels; i += 1) filter = { and: [filter] };
  return filter;
};

describe('1. GraphQL: localizations cannot be reached at any depth', () => {
  const query = 'query($f: OutsourcingCategoryFiltersInput){ outsourcingCategories(filters:$f, locale:"en"){ code } }';

  it.each([1, 11, 30])(
    'refuses a localizations filter under %i nested and levels, hit or miss alike',
    async (levels) => {
      const hit = await graphql(query, { f: nestedAnd(levels, { localizations: { summary: { contains: SECRET } } }) });
      const miss = await graphql(query, { f: nestedAnd(levels, { localizations: { summary: { contains: 'zzz' } } }) });
      const hitBody = await expectGraphqlRefusal(hit);
      await expectGraphqlRefusal(miss);
      expect(JSON.stringify(hitBody)).not.toContain('"code":"bpo"');
    }
  );

  it('refuses the same filter written inline', async () => {
    let inline = `{ localizations: { summary: { startsWith: "${SECRET}" } } }`;
    for (let i = 0; i < 11; i += 1) inline = `{ and: [${inline}] }`;
    await expectGraphqlRefusal(await graphql(`{ outsourcingCategories(locale: "en", filters: ${inline}) { code } }`));
  });

  it('has no localizations field nor filter in the public schema', async () => {
    await expectGraphqlRefusal(
      await graphql('{ outsourcingCategories(locale: "en") { code localizations { summary } } }')
    );
    const types = await graphql(
      '{ f: __type(name: "OutsourcingCategoryFiltersInput") { inputFields { name } } t: __type(name: "OutsourcingCategory") { fields { name } } }'
    );
    const body = (await types.json()) as GraphQLBody<{
      f: { inputFields: { name: string }[] };
      t: { fields: { name: string }[] };
    }>;
    expect(body.data!.f.inputFields.map((f) => f.name)).toEqual(expect.arrayContaining(['code', 'and', 'or']));
    expect(body.data!.f.inputFields.map((f) => f.name)).not.toContain('localizations');
    expect(body.data!.t.fields.map((f) => f.name)).not.toContain('localizations');
  });

  it('REST refuses a filter nested deeper than the guard reads instead of passing it', async () => {
    let path = 'filters';
    for (let i = 0; i < 18; i += 1) path += '[$and][0]';
    const res = await get(`/api/outsourcing-categories?locale=en&${path}[code][$eq]=bpo`);
    // Strapi's query parser stops at 20 levels; whatever reaches the guard deeper than it reads is refused.
    expect([200, 400]).toContain(res.status);
    const body = (await res.json()) as RestBody<{ code: string }[]> | ErrorBody;
    if (res.status === 200) expect((body as RestBody<{ code: string }[]>).data.map((c) => c.code)).toEqual(['bpo']);
    const deep = await graphql(query, { f: nestedAnd(40, { code: { eq: 'bpo' } }) });
    const deepBody = await expectGraphqlRefusal(deep);
    expect(JSON.stringify(deepBody)).toMatch(/deeper than/);
  });
});

/** fragment F0 { code }, then Fi { ...F(i-1) ×4 } for i = 1…levels, then the query spreading F(levels). */
const fanOut = (levels: number): string => {
  const fragments = ['fragment F0 on OutsourcingCategory { code }'];
  for (let i = 1; i <= levels; i += 1) {
    fragments.push(`fragment F${i} on OutsourcingCategory { ...F${i - 1} ...F${i - 1} ...F${i - 1} ...F${i - 1} }`);
  }
  return `${fragments.join('\n')}\n{ outsourcingCategories { ...F${levels} } }`;
};

describe('2–3. GraphQL documents refused in time linear in their text', () => {
  it.each([13, 14])(
    'refuses the %i × 4 fragment fan-out with 400 (selections limit), the server answering meanwhile',
    async (levels) => {
      const document = fanOut(levels);
      expect(document.length).toBeLessThan(1100);
      const [res, health] = await Promise.all([graphql(document), get('/_health')]);
      const body = await expectGraphqlRefusal(res);
      expect(body.errors![0].message).toMatch(/recursively requests too many selections/);
      expect(health.status).toBe(204);
    }
  );

  it('still answers a document with a few fragments, and the cost rule still runs after the linear one', async () => {
    const withLocale = (document: string) =>
      document.replace('{ outsourcingCategories {', '{ outsourcingCategories(locale: "fr") {');
    const res = await graphql(withLocale(fanOut(2)));
    const body = (await res.json()) as GraphQLBody<{ outsourcingCategories: { code: string }[] }>;
    expect(body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    expect(body.data!.outsourcingCategories.map((c) => c.code).sort()).toEqual(['bpo', 'ito', 'kpo']);
    // 64 selections pass the linear limit; graphql-armor's cost rule (a later rule) refuses them.
    const costly = await expectGraphqlRefusal(await graphql(withLocale(fanOut(3))));
    expect(costly.errors![0].message).toMatch(/Query Cost limit/);
  });

  it.each([
    [
      'a two-fragment cycle',
      'fragment A on OutsourcingCategory { code ...B } fragment B on OutsourcingCategory { ...A } { outsourcingCategories { ...A } }',
    ],
    [
      'a fragment spreading itself',
      'fragment A on OutsourcingCategory { code ...A } { outsourcingCategories { ...A } }',
    ],
  ])('refuses %s with graphql-js NoFragmentCycles (400, not 500)', async (_name, document) => {
    const body = await expectGraphqlRefusal(await graphql(document));
    expect(body.errors!.some((e) => /Cannot spread fragment/.test(e.message))).toBe(true);
  });
});

describe('4. no driver text in error bodies; long filter strings refused before any query', () => {
  const long = 'a'.repeat(50_001);

  it('GraphQL: a 50,001-character pattern is a 400 naming filters, with no SQL', async () => {
    const res = await graphql(`{ outsourcingCategories(filters: { summary: { contains: "${long}" } }) { code } }`);
    const body = await expectGraphqlRefusal(res);
    const text = JSON.stringify(body);
    expect(text).toMatch(/filters/);
    expect(text).not.toMatch(/select|outsourcing_categories|Sqlite|LIKE/i);
  });

  it('REST: a 1,001-character filter value is a 400 on filters; 1,000 characters are served', async () => {
    const refused = await get(`/api/outsourcing-categories?locale=fr&filters[summary][$contains]=${'a'.repeat(1001)}`);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as ErrorBody<{ errors: { path: string[] }[] }>;
    expect(body.error.details.errors[0].path).toEqual(['filters']);
    const served = await get(`/api/outsourcing-categories?locale=fr&filters[summary][$contains]=${'a'.repeat(1000)}`);
    expect(served.status).toBe(200);
  });
});

describe('5. populate=* works for public callers, without localizations', () => {
  it.each([
    '/api/outsourcing-categories?locale=fr&populate=*',
    '/api/outsourcing-categories?locale=en&populate=*',
    '/api/comparison-pages?locale=fr&populate=*',
    '/api/outsourcing-overview?locale=fr&populate=*',
    '/api/outsourcing-overview?locale=en&populate[0]=categories&populate[1]=seo',
    '/api/outsourcing-overview?locale=fr&populate[categories][populate]=*',
  ])('%s answers 200 with its relations and no localizations', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('"localizations"');
    expect(text).not.toContain(SECRET);
    const { data } = JSON.parse(text) as RestBody<Record<string, unknown> | Record<string, unknown>[]>;
    const first = Array.isArray(data) ? data[0] : data;
    expect(first).toBeDefined();
    if (path.includes('outsourcing-overview')) {
      const categories = (first as { categories: { code: string; summary: string }[] }).categories;
      expect(categories.map((c) => c.code).sort()).toEqual(['bpo', 'ito', 'kpo']);
    }
  });

  it('an explicit populate[localizations] is still refused, as filters and sorts through it are', async () => {
    for (const path of [
      '/api/outsourcing-categories?locale=en&populate[localizations]=true',
      '/api/outsourcing-categories?locale=en&populate=localizations',
      `/api/outsourcing-categories?locale=en&filters[localizations][summary][$startsWith]=${SECRET}`,
      '/api/outsourcing-categories?locale=en&sort=localizations.summary:asc',
    ]) {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(await res.text()).not.toContain(SECRET);
    }
  });
});

describe('6. preview tokens', () => {
  const previewUrl = (token: string, uid: string, documentId: string, locale: string) =>
    fetch(`${httpServer()}/content-manager/preview/url/${uid}?documentId=${documentId}&locale=${locale}&status=draft`, {
      headers: { Authorization: `Bearer ${token}` },
    });

  it('are not minted for a locale that does not exist yet (404), for any role', async () => {
    for (const role of ['strapi-author', 'strapi-editor', 'strapi-super-admin']) {
      const res = await previewUrl(await adminToken(role), COMPARISON, frOnlyComparisonId, 'en');
      const text = await res.text();
      expect(text).not.toContain('previewToken');
      expect(res.status).toBe(404);
    }
  });

  it('are minted for an existing locale to a role that may read it, refused to the Author who did not create it', async () => {
    const editor = await previewUrl(await adminToken('strapi-editor'), COMPARISON, frOnlyComparisonId, 'fr');
    expect(editor.status).toBe(200);
    expect(await editor.text()).toContain('previewToken');
    const author = await previewUrl(await adminToken('strapi-author'), COMPARISON, frOnlyComparisonId, 'fr');
    expect(author.status).toBe(403);
    const sales = await previewUrl(await adminToken('sales'), COMPARISON, frOnlyComparisonId, 'fr');
    expect(sales.status).toBe(403);
    expect(await sales.text()).not.toContain('previewToken');
  });

  it("an overview token reads the overview's draft and only the published versions of its categories", async () => {
    const token = createPreviewToken({ uid: OVERVIEW, documentId: overviewId, locale: 'en' }, secret());
    for (const path of [
      '/api/outsourcing-overview?locale=en&status=draft&populate[categories][fields][0]=summary',
      '/api/outsourcing-overview?locale=en&status=draft&populate=*',
      '/api/outsourcing-overview?locale=en&status=draft&populate=categories',
    ]) {
      const res = await get(path, { 'X-Preview-Token': token });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(SECRET);
      const { data } = JSON.parse(text) as RestBody<{ categories: { documentId: string; summary: string }[] }>;
      expect(data.categories).toHaveLength(3);
      const bpo = data.categories.find((c) => c.documentId === bpoId);
      expect(bpo?.summary.length).toBeGreaterThan(0);
    }
  });

  it("a category token reads that category's draft", async () => {
    const token = createPreviewToken({ uid: CATEGORY, documentId: bpoId, locale: 'en' }, secret());
    const res = await get(`/api/outsourcing-categories/${bpoId}?locale=en&status=draft`, { 'X-Preview-Token': token });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(SECRET);
  });
});
