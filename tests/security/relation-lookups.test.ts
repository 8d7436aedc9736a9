/**
 * Issue 26, item 11: the Content Manager's relation lookups answer 403 (Strapi's error body) to a role
 * that may not read the relation, never a 500; roles that may read it still get the relations. Both
 * lookups (a field's choices, `/relations/<uid>/<field>`, and a document's current ones,
 * `/relations/<uid>/<documentId>/<field>`), in every spelling the router accepts.
 */
import { adminToken, createAdminRole } from '../helpers/admin';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';

const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const READ = 'plugin::content-manager.explorer.read';

useStrapi({ EMAIL_OUTBOX_ENABLED: 'false' });

interface Answer {
  status: number;
  body: unknown;
}

const lookup = async (token: string, path: string): Promise<Answer> => {
  const res = await fetch(`${httpServer()}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : null };
};

let overviewId = '';
const tokens: Record<string, string> = {};

/** Every spelling of both lookups the router matches to the same route. */
const spellings = (): string[] => [
  `/content-manager/relations/${OVERVIEW}/categories`,
  `/content-manager/relations/${OVERVIEW}/categories/`,
  `/Content-Manager/RELATIONS/${OVERVIEW}/categories`,
  `/content-manager/relations/${OVERVIEW}/categories?_q=bpo&page=1&pageSize=10&locale=fr`,
  `/content-manager/relations/${OVERVIEW}/categories?id=${overviewId}&locale=fr`,
  `/content-manager/relations/${OVERVIEW}/${overviewId}/categories`,
  `/content-manager/relations/${OVERVIEW}/${overviewId}/categories/`,
  `/CONTENT-MANAGER/Relations/${OVERVIEW}/${overviewId}/categories?locale=fr&status=published`,
];

const expectForbidden = (answer: Answer): void => {
  expect(answer.status).toBe(403);
  const body = answer.body as { data?: unknown; error?: { status?: unknown; name?: unknown; message?: unknown } };
  expect(body.data).toBeNull();
  expect(body.error?.status).toBe(403);
  expect(body.error?.name).toBe('ForbiddenError');
  expect(typeof body.error?.message).toBe('string');
};

beforeAll(async () => {
  const overview = (await getStrapi().documents(OVERVIEW).findFirst({ locale: 'fr' })) as { documentId: string } | null;
  if (!overview) throw new Error('the seed has no outsourcing overview');
  overviewId = overview.documentId;
  tokens.superAdmin = await adminToken('strapi-super-admin');
  tokens.editor = await adminToken('strapi-editor');
  tokens.author = await adminToken('strapi-author');
  tokens.sales = await adminToken('sales');
  // Reads the overview's title only: not its categories.
  tokens.titleOnly = await adminToken(
    await createAdminRole('Overview titles', [
      { action: READ, subject: OVERVIEW, properties: { fields: ['title'], locales: ['fr', 'en'] } },
    ])
  );
  // Reads the overview's categories field, but no category.
  tokens.noTarget = await adminToken(
    await createAdminRole('Overview without categories', [
      { action: READ, subject: OVERVIEW, properties: { fields: ['title', 'categories'], locales: ['fr', 'en'] } },
    ])
  );
  // Reads both, as an administrator would set up a reviewer.
  tokens.reviewer = await adminToken(
    await createAdminRole('Reviewer', [
      { action: READ, subject: OVERVIEW, properties: { fields: ['title', 'categories'], locales: ['fr', 'en'] } },
      { action: READ, subject: CATEGORY, properties: { fields: ['name', 'slug'], locales: ['fr', 'en'] } },
    ])
  );
});

describe.each([
  ['Sales (no site content at all)', 'sales'],
  ['a custom role reading the overview without its categories field', 'titleOnly'],
  ['a custom role reading the categories field but no category', 'noTarget'],
])('%s', (_label, who) => {
  it("gets 403 with Strapi's error body on every spelling of both lookups", async () => {
    for (const path of spellings()) {
      const answer = await lookup(tokens[who], path);
      try {
        expectForbidden(answer);
      } catch (error) {
        throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}\n${String(error)}`);
      }
    }
  });

  it('gets 403 on the comparison pages relation as well', async () => {
    expectForbidden(await lookup(tokens[who], `/content-manager/relations/${OVERVIEW}/comparisonPages`));
  });
});

describe('roles that may read the relation', () => {
  it.each(['superAdmin', 'editor', 'reviewer'])('%s gets the choices and the current categories', async (who) => {
    const choices = await lookup(tokens[who], `/content-manager/relations/${OVERVIEW}/categories?locale=fr`);
    expect(choices.status).toBe(200);
    const listed = choices.body as { results?: unknown; pagination?: unknown };
    expect(Array.isArray(listed.results)).toBe(true);
    expect(listed.pagination).toBeDefined();
    const current = await lookup(
      tokens[who],
      `/Content-Manager/relations/${OVERVIEW}/${overviewId}/categories/?locale=fr`
    );
    expect(current.status).toBe(200);
    const results = (current.body as { results: unknown[] }).results;
    // The seeded overview links the three categories (BPO, ITO, KPO).
    expect(results.length).toBeGreaterThanOrEqual(3);
  });

  it("the Author (read with is-creator) gets a field's choices, and 403 on a document someone else created", async () => {
    expect((await lookup(tokens.author, `/content-manager/relations/${OVERVIEW}/categories?locale=fr`)).status).toBe(
      200
    );
    expectForbidden(
      await lookup(tokens.author, `/content-manager/relations/${OVERVIEW}/${overviewId}/categories?locale=fr`)
    );
  });
});

describe('what the guard leaves to Strapi', () => {
  it('an unknown type or a field that is no relation answers 400, for any role', async () => {
    for (const who of ['sales', 'editor']) {
      expect((await lookup(tokens[who], '/content-manager/relations/api::nope.nope/categories')).status).toBe(400);
      expect((await lookup(tokens[who], `/content-manager/relations/${OVERVIEW}/title`)).status).toBe(400);
    }
  });

  it('without a session: 401', async () => {
    const res = await fetch(`${httpServer()}/content-manager/relations/${OVERVIEW}/categories`);
    expect(res.status).toBe(401);
  });
});
