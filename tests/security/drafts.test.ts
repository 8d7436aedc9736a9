/**
 * Issue 8, reproductions 1–3 and 13 (introspection): unpublished content reaches nobody without a
 * right to drafts, over REST and GraphQL, whatever the spelling of the request; blind extraction
 * through `localizations` is refused; preview tokens read one document in one locale.
 */
import { adminToken, apiToken } from '../helpers/admin';
import type { GraphQLBody } from '../helpers/http';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';
import { createPreviewToken } from '../../src/preview/preview';
import http from 'http';

const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
const SECRET = 'SECRET-DRAFT-7f3a';

let bpoId = '';
let itoId = '';
let overviewId = '';

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${httpServer()}${path}`, { headers });
const graphql = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${httpServer()}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
const secret = () => String(getStrapi().config.get('admin.auth.secret'));

// The drafts below live in this file's own database, deleted with the app after the last test.
useStrapi({ EMAIL_OUTBOX_ENABLED: 'false' });

beforeAll(async () => {
  const docs = getStrapi().documents(CATEGORY);
  bpoId = (await docs.findFirst({ filters: { code: 'bpo' }, locale: 'fr' }))!.documentId;
  itoId = (await docs.findFirst({ filters: { code: 'ito' }, locale: 'fr' }))!.documentId;
  overviewId = (await getStrapi().documents(OVERVIEW).findFirst({ locale: 'fr' }))!.documentId;
  // Marketing's unreleased work: a draft of the French BPO text and of the French overview title.
  await docs.update({ documentId: bpoId, locale: 'fr', data: { summary: `${SECRET} résumé`, name: `${SECRET} nom` } });
  await getStrapi()
    .documents(OVERVIEW)
    .update({ documentId: overviewId, locale: 'fr', data: { title: `${SECRET} titre` } });
});

/** A refused request: 4xx with Strapi's error body, and never the draft text. */
const expectRefused = async (res: Response, status?: number) => {
  const text = await res.text();
  expect(text).not.toContain(SECRET);
  if (status) expect(res.status).toBe(status);
  else expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  return text;
};

describe('REST: drafts only with an API token or a matching preview token', () => {
  const DRAFT_SPELLINGS = [
    '/api/outsourcing-categories?status=draft',
    '/api/outsourcing-categories?status=DRAFT',
    '/api/outsourcing-categories?status=Draft&locale=fr',
    '/api/outsourcing-categories?status[0]=draft',
    '/api/outsourcing-categories?status=draft&status=draft',
    '/api/outsourcing-categories?status[]=draft&status[]=published',
    '/API/outsourcing-categories?status=draft',
    '/api/Outsourcing-Categories/?status=draft',
    `/api/outsourcing-categories/${'BPO_ID'}?status=draft&locale=fr`,
    '/api/outsourcing-overview?status=draft&locale=fr',
    '/api/outsourcing-overview?status=modified',
  ];
  const ODD_AUTHORIZATION = ['x', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'bearer ', 'Bearer null'];

  it.each(DRAFT_SPELLINGS)('refuses %s to an anonymous caller with 400', async (path) => {
    const text = await expectRefused(await get(path.replace('BPO_ID', bpoId)), 400);
    expect(JSON.parse(text)).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
  });

  it.each(ODD_AUTHORIZATION)('refuses drafts behind "Authorization: %s"', async (authorization) => {
    await expectRefused(
      await get('/api/outsourcing-categories?status=draft&locale=fr', { Authorization: authorization })
    );
  });

  it('never serves or caches a draft as public content', async () => {
    for (const path of DRAFT_SPELLINGS) await get(path.replace('BPO_ID', bpoId));
    const res = await get('/api/outsourcing-categories?locale=fr');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('public');
    expect(await res.text()).not.toContain(SECRET);
    const overview = await get('/api/outsourcing-overview?locale=fr');
    expect(await overview.text()).not.toContain(SECRET);
  });

  it('serves drafts to a valid API token, privately and uncached', async () => {
    const token = await apiToken('read-only');
    const res = await get('/api/outsourcing-categories?status=draft&locale=fr', { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(SECRET);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    // The same URL without the token afterwards: published text (the draft was not stored in the cache).
    expect(await (await get('/api/outsourcing-categories?status=draft&locale=fr')).text()).not.toContain(SECRET);
  });

  it('serves a draft to a preview token for that document and locale only', async () => {
    const token = createPreviewToken({ uid: CATEGORY, documentId: bpoId, locale: 'fr' }, secret());
    const headers = { 'X-Preview-Token': token };
    const ok = await get(`/api/outsourcing-categories/${bpoId}?status=draft&locale=fr`, headers);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: { summary: string } }).data.summary).toContain(SECRET);
    expect(ok.headers.get('cache-control')).toBe('private, no-cache');

    await expectRefused(await get(`/api/outsourcing-categories/${itoId}?status=draft&locale=fr`, headers), 403);
    await expectRefused(await get(`/api/outsourcing-categories/${bpoId}?status=draft&locale=en`, headers), 403);
    await expectRefused(await get('/api/outsourcing-categories?status=draft&locale=fr', headers), 403);
    await expectRefused(await get('/api/outsourcing-overview?status=draft&locale=fr', headers), 403);
    await expectRefused(
      await get(`/api/outsourcing-categories/${bpoId}?status=draft&locale=fr`, { 'X-Preview-Token': `${token}x` }),
      403
    );
  });

  it('serves the overview draft to its own preview token', async () => {
    const token = createPreviewToken({ uid: OVERVIEW, documentId: overviewId, locale: 'fr' }, secret());
    const res = await get('/api/outsourcing-overview?status=draft&locale=fr', { 'X-Preview-Token': token });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(SECRET);
  });
});

describe('REST: no blind extraction through localizations', () => {
  const PROBES = [
    `/api/outsourcing-categories?locale=en&filters[localizations][summary][$startsWith]=${SECRET}`,
    `/api/outsourcing-categories?locale=en&filters[$or][0][localizations][name][$contains]=${SECRET}`,
    '/api/outsourcing-categories?locale=en&sort=localizations.summary:asc',
    '/api/outsourcing-categories?locale=en&populate[localizations]=true',
    `/api/outsourcing-overview?locale=en&filters[categories][localizations][summary][$startsWith]=${SECRET}`,
    `/api/outsourcing-overview?locale=en&populate[categories][filters][localizations][summary][$startsWith]=${SECRET}`,
  ];

  it.each(PROBES)('refuses %s with 400', async (path) => {
    await expectRefused(await get(path), 400);
  });

  it('answers the same for a matching and a non-matching guess', async () => {
    const hit = await get(
      `/api/outsourcing-categories?locale=en&filters[localizations][summary][$startsWith]=${SECRET}`
    );
    const miss = await get('/api/outsourcing-categories?locale=en&filters[localizations][summary][$startsWith]=zzz');
    expect(hit.status).toBe(miss.status);
    expect(await hit.text()).toBe(await miss.text());
  });
});

describe('GraphQL: published content only, nested relations included', () => {
  const QUERIES = [
    '{ outsourcingCategories(status: DRAFT) { name summary } }',
    '{ outsourcingCategories(locale: "fr", status: DRAFT) { name } }',
    '{ outsourcingOverview(status: DRAFT, locale: "fr") { title categories { name summary } } }',
    '{ outsourcingOverview(locale: "fr") { title categories(status: DRAFT) { name summary } } }',
    `{ outsourcingCategories(locale: "en", filters: { localizations: { summary: { startsWith: "${SECRET}" } } }) { name } }`,
    '{ outsourcingCategories(locale: "en") { name localizations { summary } } }',
    `{ outsourcingOverview(locale: "en") { categories(filters: { localizations: { name: { contains: "${SECRET}" } } }) { name } } }`,
  ];

  it.each(QUERIES)('refuses %s', async (query) => {
    const text = await expectRefused(await graphql(query), 400);
    expect((JSON.parse(text) as GraphQLBody).errors?.length).toBeGreaterThan(0);
  });

  it('refuses a draft status passed as a variable, also over GET, and caches nothing public', async () => {
    const query = 'query($s: PublicationStatus) { outsourcingCategories(locale: "fr", status: $s) { name summary } }';
    const post = await fetch(`${httpServer()}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables: { s: 'DRAFT' } }),
    });
    await expectRefused(post, 400);
    const url = `/graphql?query=${encodeURIComponent('{ outsourcingCategories(status: DRAFT) { name summary } }')}`;
    const first = await get(url, { 'apollo-require-preflight': 'true' });
    await expectRefused(first);
    expect(first.headers.get('cache-control') ?? '').not.toContain('public');
  });

  it('still serves published content and an explicit PUBLISHED status', async () => {
    const res = await graphql('{ outsourcingCategories(locale: "fr", status: PUBLISHED) { name } }');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { outsourcingCategories: { name: string }[] } };
    expect(body.data.outsourcingCategories).toHaveLength(3);
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('serves drafts to an API token', async () => {
    const token = await apiToken('read-only');
    const res = await graphql('{ outsourcingCategories(locale: "fr", status: DRAFT) { summary } }', {
      Authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(SECRET);
  });
});

describe('preview links are minted for admins who may read the content', () => {
  const previewUrl = (token: string, documentId: string, locale = 'fr') =>
    fetch(
      `${httpServer()}/content-manager/preview/url/${CATEGORY}?documentId=${documentId}&locale=${locale}&status=draft`,
      { headers: { Authorization: `Bearer ${token}` } }
    );

  it('gives an Editor a link whose token reads that document and locale', async () => {
    const res = await previewUrl(await adminToken('strapi-editor'), bpoId);
    expect(res.status).toBe(200);
    const link = new URL(((await res.json()) as { data: { url: string } }).data.url);
    const token = link.searchParams.get('previewToken')!;
    const draft = await get(`/api/outsourcing-categories/${bpoId}?status=draft&locale=fr`, {
      'X-Preview-Token': token,
    });
    expect(await draft.text()).toContain(SECRET);
  });

  it('previews the overview, a single type the admin names no document of, in each locale', async () => {
    const editor = await adminToken('strapi-editor');
    const overview = await getStrapi()
      .documents('api::outsourcing-overview.outsourcing-overview')
      .findFirst({ locale: 'fr', status: 'draft' });
    for (const locale of ['fr', 'en']) {
      const res = await fetch(
        `${httpServer()}/content-manager/preview/url/api::outsourcing-overview.outsourcing-overview?locale=${locale}&status=draft`,
        { headers: { Authorization: `Bearer ${editor}` } }
      );
      expect([locale, res.status]).toEqual([locale, 200]);
      const link = new URL(((await res.json()) as { data: { url: string } }).data.url);
      expect(link.searchParams.get('type')).toBe('overview');
      expect(link.searchParams.get('documentId')).toBe(overview!.documentId);
      expect(link.searchParams.get('locale')).toBe(locale);
      const draft = await get(`/api/outsourcing-overview?status=draft&locale=${locale}`, {
        'X-Preview-Token': link.searchParams.get('previewToken')!,
      });
      expect([locale, draft.status]).toEqual([locale, 200]);
    }
    // Still refused to a role without read on it, and for a locale nobody wrote.
    const sales = await fetch(
      `${httpServer()}/content-manager/preview/url/api::outsourcing-overview.outsourcing-overview?locale=fr&status=draft`,
      { headers: { Authorization: `Bearer ${await adminToken('sales')}` } }
    );
    expect(sales.status).toBe(403);
    const missing = await fetch(
      `${httpServer()}/content-manager/preview/url/api::outsourcing-overview.outsourcing-overview?locale=de&status=draft`,
      { headers: { Authorization: `Bearer ${editor}` } }
    );
    expect(missing.status).toBe(404);
  });

  it('leads to the example page on the origin the admin was opened on, when it is this server', async () => {
    const editor = await adminToken('strapi-editor');
    const port = new URL(httpServer()).port;
    // What the browser sends when the admin is opened on that host (fetch may not set Host itself).
    const previewLinkFor = (host: string): Promise<URL> =>
      new Promise((resolve, reject) => {
        http
          .get(
            `${httpServer()}/content-manager/preview/url/${CATEGORY}?documentId=${bpoId}&locale=fr&status=draft`,
            { headers: { Authorization: `Bearer ${editor}`, Host: host } },
            (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => (body += chunk));
              res.on('end', () => {
                if (res.statusCode !== 200) reject(new Error(`${host}: ${res.statusCode} ${body}`));
                else resolve(new URL((JSON.parse(body) as { data: { url: string } }).data.url));
              });
            }
          )
          .on('error', reject);
      });
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect([host, (await previewLinkFor(host)).origin]).toEqual([host, `http://${host}`]);
    }
    // A Host that is not this server's keeps the configured page.
    expect((await previewLinkFor('evil.test')).host).not.toBe('evil.test');
  });

  it('refuses Sales, who has no content permission', async () => {
    const res = await previewUrl(await adminToken('sales'), bpoId);
    // Refused by the route's guard before Strapi's preview service (which would turn it into a 400).
    expect(res.status).toBe(403);
    const body = (await res.json()) as { data: unknown; error: { status: number } };
    expect(body).toMatchObject({ data: null, error: { status: 403 } });
    expect(JSON.stringify(body)).not.toContain('previewToken');
  });
});
