/**
 * What a shared cache (Varnish, a CDN) reads in the answers of public reads, through Node's fetch as a
 * frontend sends them: every GraphQL answer names each document it shows, nested ones too, whether or
 * not the query selects `documentId`; a 404 on each public type is kept API_NOT_FOUND_MAX_AGE with its
 * type's key (so the publish that creates the page purges it) and a publish makes it a 200 at once here;
 * other errors are never stored; GraphQL GETs (with `apollo-require-preflight`) are cacheable like REST
 * reads; nothing answered to credentials is tagged or shared.
 */
import { apiToken } from '../helpers/admin';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

useStrapi({ ...INTEGRATION_ENV, API_NOT_FOUND_MAX_AGE: '7' });

const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const COMPARISON = 'api::comparison-page.comparison-page';
const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
const SITE = 'api::site.site';
/** HTTP_CACHE_CONTROL in tests (tests/helpers/test-env.ts). */
const PUBLIC = 'public, max-age=30';
const SHORT = 'public, max-age=7';
const PREFLIGHT = { 'apollo-require-preflight': 'true' };

interface Headers {
  status: number;
  cacheControl: string | null;
  keys: string[];
  cacheTag: string[];
  etag: string | null;
}

const headersOf = (res: Response): Headers => ({
  status: res.status,
  cacheControl: res.headers.get('cache-control'),
  keys: (res.headers.get('surrogate-key') ?? '').split(' ').filter(Boolean),
  cacheTag: (res.headers.get('cache-tag') ?? '').split(',').filter(Boolean),
  etag: res.headers.get('etag'),
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${httpServer()}${path}`, { headers });
  const body: unknown = res.status === 304 ? null : await res.json();
  return { ...headersOf(res), body };
};

const graphqlGet = (query: string, headers: Record<string, string> = PREFLIGHT) =>
  get(`/graphql?${new URLSearchParams({ query }).toString()}`, headers);

interface OverviewRest {
  data: { documentId: string; categories: { documentId: string }[]; comparisonPages: { documentId: string }[] };
}

/** The overview's documents as REST names them (it always answers documentId). */
const overviewDocuments = async (locale: string) => {
  const { body } = await get(`/api/outsourcing-overview?locale=${locale}`);
  const { data } = body as OverviewRest;
  return {
    overview: `outsourcing-overview:${data.documentId}`,
    categories: data.categories.map((category) => `outsourcing-category:${category.documentId}`),
    pages: data.comparisonPages.map((page) => `comparison-page:${page.documentId}`),
  };
};

describe('GraphQL answers name every document their resolvers returned', () => {
  it('the overview’s categories without documentId in the query: the overview’s key and each category’s', async () => {
    const expected = await overviewDocuments('fr');
    expect(expected.categories).toHaveLength(3);
    const res = await graphqlGet('{ outsourcingOverview { categories { code summary } } }');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('documentId');
    expect(res.keys).toEqual(
      ['outsourcing-category', ...expected.categories, 'outsourcing-overview', expected.overview].sort()
    );
    expect(res.cacheTag).toEqual(res.keys);
    expect(res.cacheControl).toBe(PUBLIC);
  });

  it('in English, through aliases, connections, fragments and __typename-only selections', async () => {
    const expected = await overviewDocuments('en');
    const res = await graphqlGet(`{
      page: outsourcingOverview(locale: "en") { ...links }
      list: outsourcingCategories_connection(locale: "en") { nodes { __typename } }
    }
    fragment links on OutsourcingOverview { comparisonPages { __typename } categories_connection { nodes { acronym } } }`);
    expect(res.status).toBe(200);
    expect(res.keys).toEqual(
      [
        'comparison-page',
        'outsourcing-category',
        'outsourcing-overview',
        expected.overview,
        ...expected.categories,
        ...expected.pages,
      ].sort()
    );
    expect(res.cacheControl).toBe(PUBLIC);
  });

  it('the same keys from the response cache, an ETag, and 304 on If-None-Match', async () => {
    const query = '{ comparisonPages(locale: "en") { title } }';
    const first = await graphqlGet(query);
    const pages = ((await get('/api/comparison-pages?locale=en')).body as { data: { documentId: string }[] }).data;
    expect(first.keys).toEqual(
      ['comparison-page', ...pages.map((page) => `comparison-page:${page.documentId}`)].sort()
    );
    expect(first.etag).toMatch(/^W\/"/);
    const second = await graphqlGet(query);
    expect([second.keys, second.etag, second.cacheControl]).toEqual([first.keys, first.etag, PUBLIC]);
    const revalidated = await graphqlGet(query, { ...PREFLIGHT, 'If-None-Match': first.etag ?? '' });
    expect(revalidated.status).toBe(304);
  });

  it('a document that is not there: a 200 with null (GraphQL) or an empty list (REST), tagged with the type', async () => {
    const missing = await graphqlGet('{ outsourcingCategory(documentId: "no-such-document") { code } }');
    expect([missing.status, missing.keys, missing.cacheControl]).toEqual([200, ['outsourcing-category'], PUBLIC]);
    const emptyList = await get('/api/outsourcing-categories?filters[slug][$eq]=no-such-slug&locale=fr');
    expect((emptyList.body as { data: unknown[] }).data).toEqual([]);
    expect([emptyList.status, emptyList.keys, emptyList.cacheControl]).toEqual([200, ['outsourcing-category'], PUBLIC]);
    const emptyGraphql = await graphqlGet('{ comparisonPages(filters: { slug: { eq: "no-such-slug" } }) { title } }');
    expect([emptyGraphql.status, emptyGraphql.keys]).toEqual([200, ['comparison-page']]);
  });

  it('fails closed: an answer with a field the public may not read is short-lived and carries every type', async () => {
    // usersPermissionsUsers: in the schema, refused to the public (FORBIDDEN), and no content type's.
    const res = await graphqlGet('{ outsourcingCategories { code } usersPermissionsUsers { username } }');
    expect((res.body as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    expect(res.cacheControl).toBe(SHORT);
    expect(res.keys).toEqual(
      expect.arrayContaining(['comparison-page', 'outsourcing-category', 'outsourcing-overview', 'site'])
    );
  });

  it('a GraphQL GET without apollo-require-preflight (or a non-simple Content-Type) is refused and never stored', async () => {
    const query = '{ outsourcingCategories { code } }';
    const refusedHeaders: Record<string, string>[] = [
      {},
      { 'Content-Type': 'text/plain' },
      { 'apollo-require-preflight': '' },
    ];
    for (const headers of refusedHeaders) {
      const refused = await graphqlGet(query, headers);
      expect([headers, refused.status, refused.cacheControl, refused.keys]).toEqual([headers, 400, 'no-store', []]);
    }
    const invalid = await graphqlGet('{ noSuchField }');
    expect([invalid.status, invalid.cacheControl, invalid.keys]).toEqual([400, 'no-store', []]);
  });

  it('answers to an API token are private and untagged, over GraphQL and REST, found or not', async () => {
    const token = await apiToken('read-only');
    const auth = { Authorization: `Bearer ${token}` };
    const graphql = await graphqlGet('{ outsourcingOverview { categories { code } } }', { ...PREFLIGHT, ...auth });
    const missing = await get('/api/outsourcing-categories/no-such-document', auth);
    expect([graphql.status, graphql.cacheControl, graphql.keys]).toEqual([200, 'private, no-cache', []]);
    expect([missing.status, missing.cacheControl, missing.keys]).toEqual([404, 'private, no-store', []]);
  });
});

describe('404s on public reads', () => {
  const documentIdOf = async (uid: string, locale: string): Promise<string> => {
    const found = (await getStrapi()
      .documents(uid as typeof CATEGORY)
      .findFirst({ locale, status: 'published', fields: ['documentId'] })) as { documentId: string } | null;
    if (!found) throw new Error(`no published ${uid} in ${locale}`);
    return found.documentId;
  };

  it.each([
    ['/api/outsourcing-categories/no-such-document?locale=fr', 'outsourcing-category'],
    ['/API/Outsourcing-Categories/no-such-document/', 'outsourcing-category'],
    ['/api/comparison-pages/no-such-document?locale=en', 'comparison-page'],
  ])('%s: 404, public max-age=API_NOT_FOUND_MAX_AGE, the type key, never an ETag', async (path, key) => {
    const anonymous: Record<string, string>[] = [{}, { Authorization: 'Basic Zm9vOmJhcg==' }];
    for (const headers of anonymous) {
      const res = await get(path, headers);
      expect([res.status, res.cacheControl, res.keys, res.cacheTag, res.etag]).toEqual([
        404,
        SHORT,
        [key],
        [key],
        null,
      ]);
      expect((res.body as { error: { status: number } }).error.status).toBe(404);
    }
  });

  it('a refused query is no-store: an unknown locale, a draft asked for, an unknown parameter', async () => {
    const id = await documentIdOf(CATEGORY, 'fr');
    for (const path of [
      `/api/outsourcing-categories/${id}?locale=xx`,
      `/api/outsourcing-categories/${id}?status=draft`,
      '/api/outsourcing-overview?unknown=1',
    ]) {
      const res = await get(path);
      expect([path, res.status, res.cacheControl, res.keys]).toEqual([path, 400, 'no-store', []]);
    }
  });

  it('a category unpublished in English: 404 tagged with the type, then 200 with its keys once republished', async () => {
    const id = await documentIdOf(CATEGORY, 'en');
    const path = `/api/outsourcing-categories/${id}?locale=en`;
    expect((await get(path)).status).toBe(200);
    await getStrapi().documents(CATEGORY).unpublish({ documentId: id, locale: 'en' });
    const gone = await get(path);
    expect([gone.status, gone.cacheControl, gone.keys]).toEqual([404, SHORT, ['outsourcing-category']]);
    await getStrapi().documents(CATEGORY).publish({ documentId: id, locale: 'en' });
    const back = await get(path);
    expect([back.status, back.cacheControl]).toEqual([200, PUBLIC]);
    expect(back.keys).toEqual(['outsourcing-category', `outsourcing-category:${id}`]);
  });

  it('a comparison page unpublished in French: the same', async () => {
    const id = await documentIdOf(COMPARISON, 'fr');
    const path = `/api/comparison-pages/${id}?locale=fr`;
    await getStrapi().documents(COMPARISON).unpublish({ documentId: id, locale: 'fr' });
    const gone = await get(path);
    expect([gone.status, gone.cacheControl, gone.keys]).toEqual([404, SHORT, ['comparison-page']]);
    await getStrapi().documents(COMPARISON).publish({ documentId: id, locale: 'fr' });
    expect((await get(path)).status).toBe(200);
  });

  it('the overview unpublished in English (an empty single type): 404 with the overview key, REST and GraphQL', async () => {
    const id = await documentIdOf(OVERVIEW, 'en');
    await getStrapi().documents(OVERVIEW).unpublish({ documentId: id, locale: 'en' });
    try {
      const gone = await get('/api/outsourcing-overview?locale=en');
      expect([gone.status, gone.cacheControl, gone.keys]).toEqual([404, SHORT, ['outsourcing-overview']]);
      const graphql = await graphqlGet('{ outsourcingOverview(locale: "en") { title } }');
      expect(graphql.body).toEqual({ data: { outsourcingOverview: null } });
      expect([graphql.status, graphql.keys]).toEqual([200, ['outsourcing-overview']]);
    } finally {
      await getStrapi().documents(OVERVIEW).publish({ documentId: id, locale: 'en' });
    }
    const back = await get('/api/outsourcing-overview?locale=en');
    expect(back.status).toBe(200);
    expect(back.keys).toContain(`outsourcing-overview:${id}`);
  });

  it('the site without its English version: 404 with the site key', async () => {
    const site = getStrapi().documents(SITE);
    const english = (await site.findFirst({ locale: 'en' })) as Record<string, unknown> & { documentId: string };
    const { companyName, mailSignature, contactEmail, contactText } = english;
    await site.delete({ documentId: english.documentId, locale: 'en' });
    try {
      const gone = await get('/api/site?locale=en');
      expect([gone.status, gone.cacheControl, gone.keys]).toEqual([404, SHORT, ['site']]);
    } finally {
      await site.update({
        documentId: english.documentId,
        locale: 'en',
        data: { companyName, mailSignature, contactEmail, contactText },
      } as Parameters<typeof site.update>[0]);
    }
    expect((await get('/api/site?locale=en')).status).toBe(200);
  });
});
