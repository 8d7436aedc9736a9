/**
 * Issue 26, item 5: REST's `publicationFilter` and `hasPublishedVersion` tell which published pages have
 * unpublished edits (`modified`), which were never published, and so on. Like `status=draft`, they are
 * refused (400) to every caller without an API token: the public, a users-permissions user whose role may
 * read the content, and an Authorization header users-permissions cannot parse. API tokens keep them.
 */
import { apiToken } from '../helpers/admin';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';

const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
const SECRET = 'SECRET-EDIT-41c9';

let bpoId = '';
let userJwt = '';

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${httpServer()}${path}`, { headers });

// The draft below lives in this file's own database, deleted with the app after the last test.
useStrapi({ EMAIL_OUTBOX_ENABLED: 'false' });

/** A users-permissions user whose Authenticated role may read the pages (what a site with log-in would grant). */
const endUserJwt = async (): Promise<string> => {
  const strapi = getStrapi();
  const role = (await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } })) as { id: number };
  for (const action of [`${CATEGORY}.find`, `${CATEGORY}.findOne`, `${OVERVIEW}.find`]) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  const user = (await strapi.db.query('plugin::users-permissions.user').create({
    data: {
      username: 'reader',
      email: 'reader@client.test',
      provider: 'local',
      password: 'Reader-Passw0rd!',
      confirmed: true,
      blocked: false,
      role: role.id,
    },
  })) as { id: number };
  const jwt: { issue(payload: { id: number }): string } = strapi.plugin('users-permissions').service('jwt');
  return jwt.issue({ id: user.id });
};

beforeAll(async () => {
  const docs = getStrapi().documents(CATEGORY);
  bpoId = (await docs.findFirst({ filters: { code: 'bpo' }, locale: 'fr' }))!.documentId;
  // Marketing's unreleased edit of the published French BPO page: `publicationFilter=modified` singles it out.
  await docs.update({ documentId: bpoId, locale: 'fr', data: { summary: `${SECRET} résumé` } });
  const overviewId = (await getStrapi().documents(OVERVIEW).findFirst({ locale: 'fr' }))!.documentId;
  await getStrapi()
    .documents(OVERVIEW)
    .update({ documentId: overviewId, locale: 'fr', data: { title: `${SECRET} titre` } });
  userJwt = await endUserJwt();
});

/** The document ids of a 200 list answer. */
const documentIdsOf = async (res: Response): Promise<string[]> => {
  const body = (await res.json()) as { data: { documentId: string }[] };
  return body.data.map((entry) => entry.documentId);
};

const PROBES = [
  '/api/outsourcing-categories?publicationFilter=modified',
  '/api/outsourcing-categories?publicationFilter=modified&locale=fr',
  '/api/outsourcing-categories?publicationFilter=unmodified&locale=fr',
  '/api/outsourcing-categories?publicationFilter=published-with-draft',
  '/api/outsourcing-categories?publicationFilter=published-without-draft',
  '/api/outsourcing-categories?publicationFilter=never-published',
  '/api/outsourcing-categories?publicationFilter=has-published-version-document',
  '/api/outsourcing-categories?status=published&publicationFilter=modified&locale=fr',
  '/api/outsourcing-categories?publicationFilter[0]=modified',
  '/api/outsourcing-categories?publicationFilter[]=modified',
  '/api/outsourcing-categories?publicationFilter=modified&publicationFilter=modified',
  '/api/outsourcing-categories?publication%46ilter=modified',
  '/api/outsourcing-categories?publicationFilter%5B0%5D=modified',
  '/api/outsourcing-categories?publicationFilter=',
  '/api/outsourcing-categories?PublicationFilter=modified',
  '/api/outsourcing-categories?PUBLICATIONFILTER=modified',
  '/api/outsourcing-categories?hasPublishedVersion=false',
  '/api/outsourcing-categories?hasPublishedVersion=true&locale=fr',
  '/api/outsourcing-categories?hasPublishedVersion=FALSE',
  '/api/outsourcing-categories?hasPublishedVersion[0]=false',
  '/api/outsourcing-categories?hasPublishedVersion=false&hasPublishedVersion=false',
  '/api/outsourcing-categories?hasPublishedVersion',
  '/api/outsourcing-categories?HasPublishedVersion=false',
  '/API/outsourcing-categories?publicationFilter=modified',
  '/api/Outsourcing-Categories/?publicationFilter=modified',
  '/api/outsourcing-categories/?hasPublishedVersion=false',
  '/api/outsourcing-categories/BPO_ID?publicationFilter=modified&locale=fr',
  '/api/outsourcing-categories/BPO_ID?publicationFilter=unmodified&locale=fr',
  '/api/outsourcing-categories/BPO_ID/?hasPublishedVersion=true&locale=fr',
  '/api/outsourcing-overview?publicationFilter=modified&locale=fr',
  '/api/outsourcing-overview?publicationFilter=unmodified&locale=fr',
  '/api/outsourcing-overview/?hasPublishedVersion=true&locale=fr',
  '/API/Outsourcing-Overview?publicationFilter[0]=modified&locale=fr',
  '/api/outsourcing-overview?locale=fr&populate[categories][publicationFilter]=modified',
  '/api/outsourcing-overview?locale=fr&populate[categories][hasPublishedVersion]=false',
];
const ODD_AUTHORIZATION = [
  'x',
  'Basic dXNlcjpwYXNz',
  'Bearer',
  'Bearer a b',
  'bearer ',
  'Bearer null',
  'Bearer ey.ey.ey',
];

/** Refused: 400 with Strapi's error body, nothing of the unpublished edit, nothing stored in the public cache. */
const expectRefused = async (res: Response): Promise<void> => {
  const text = await res.text();
  expect([res.status, text]).toEqual([400, expect.not.stringContaining(SECRET)]);
  expect(JSON.parse(text)).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
  expect(res.headers.get('cache-control') ?? '').not.toContain('public');
};

describe('REST: publicationFilter and hasPublishedVersion only with an API token', () => {
  it.each(PROBES)('refuses %s to an anonymous caller with 400', async (path) => {
    await expectRefused(await get(path.replace('BPO_ID', bpoId)));
  });

  it.each(PROBES)('refuses %s to a users-permissions user with 400', async (path) => {
    await expectRefused(await get(path.replace('BPO_ID', bpoId), { Authorization: `Bearer ${userJwt}` }));
  });

  it.each(ODD_AUTHORIZATION)('refuses publicationFilter=modified behind "Authorization: %s"', async (authorization) => {
    const res = await get('/api/outsourcing-categories?publicationFilter=modified&locale=fr', {
      Authorization: authorization,
    });
    const text = await res.text();
    // An unparseable header is the Public role (400 here); a well-formed but invalid JWT is 401. Never 200.
    expect([res.status, text]).toEqual([expect.any(Number), expect.not.stringContaining(SECRET)]);
    expect([400, 401]).toContain(res.status);
  });

  it('the same caller still reads the published pages without those parameters', async () => {
    for (const headers of [{}, { Authorization: `Bearer ${userJwt}` }] as Record<string, string>[]) {
      const res = await get('/api/outsourcing-categories?locale=fr', headers);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(SECRET);
      expect((JSON.parse(text) as { data: unknown[] }).data).toHaveLength(3);
    }
  });

  it('answers a matching and a non-matching cohort the same (nothing to learn from the refusal)', async () => {
    const modified = await get('/api/outsourcing-categories?publicationFilter=modified&locale=fr');
    const unmodified = await get('/api/outsourcing-categories?publicationFilter=unmodified&locale=fr');
    expect(modified.status).toBe(unmodified.status);
    expect(await modified.text()).toBe(await unmodified.text());
  });

  it('keeps both parameters for an API token (what they reveal is what it may read)', async () => {
    const headers = { Authorization: `Bearer ${await apiToken('read-only')}` };
    const modified = await get('/api/outsourcing-categories?publicationFilter=modified&locale=fr', headers);
    expect(modified.status).toBe(200);
    expect(modified.headers.get('cache-control')).toBe('private, no-cache');
    expect(await documentIdsOf(modified)).toEqual([bpoId]);

    const unmodified = await get('/api/outsourcing-categories?publicationFilter=unmodified&locale=fr', headers);
    expect(unmodified.status).toBe(200);
    const unmodifiedIds = await documentIdsOf(unmodified);
    expect(unmodifiedIds).toHaveLength(2);
    expect(unmodifiedIds).not.toContain(bpoId);

    const withDraft = await get('/api/outsourcing-categories?hasPublishedVersion=true&locale=fr', headers);
    expect(withDraft.status).toBe(200);
    expect(await documentIdsOf(withDraft)).toHaveLength(3);
  });
});

describe('GraphQL: the same arguments are refused to the same callers', () => {
  const QUERIES = [
    '{ outsourcingCategories(locale: "fr", publicationFilter: MODIFIED) { documentId } }',
    '{ outsourcingCategories(locale: "fr", hasPublishedVersion: false) { documentId } }',
    '{ outsourcingOverview(locale: "fr", publicationFilter: MODIFIED) { title } }',
    '{ outsourcingOverview(locale: "fr") { categories(hasPublishedVersion: true) { documentId } } }',
  ];
  const graphql = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${httpServer()}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });

  it.each(QUERIES)('refuses %s to the public and to a users-permissions user', async (query) => {
    const callers: Record<string, string>[] = [
      {},
      { Authorization: `Bearer ${userJwt}` },
      { Authorization: 'Bearer a b' },
    ];
    for (const headers of callers) {
      const res = await graphql(query, headers);
      const text = await res.text();
      expect([res.status, text]).toEqual([400, expect.not.stringContaining(SECRET)]);
      expect((JSON.parse(text) as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    }
  });
});
