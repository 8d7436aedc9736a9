/**
 * Issue 26, item 3: a role limited to some fields can neither find nor order documents by the others.
 * The Content Manager list (`_q`, `sort`, `filters`, every spelling), bulkFindForValidation's body
 * `sort`, the relations lookup and the CSV export, for a custom role, Sales, Editor, Author and Super
 * Admin, on quote requests and on the site content.
 */
import { adminToken, createAdminRole } from '../helpers/admin';
import type { ErrorBody } from '../helpers/http';
import { submitQuote } from '../helpers/submission';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

const QR = 'api::quote-request.quote-request';
const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
const READ = 'plugin::content-manager.explorer.read';

useStrapi({ ...INTEGRATION_ENV, QUOTE_RATE_LIMIT_MAX: '0' });

const marker = Math.random().toString(36).slice(2, 8);
const alice = {
  email: `alice.${marker}@victim.test`,
  fullName: `Alice Zorglub${marker}`,
  company: `Privee${marker} SA`,
  message: `Motconfidentiel${marker} pour la paie.`,
};
let aliceRef = '';
let bobRef = '';

interface ListBody {
  results?: { reference?: string; documentId: string; acronym?: string }[];
}

const get = (token: string, path: string): Promise<Response> =>
  fetch(`${httpServer()}${path}`, { headers: { Authorization: `Bearer ${token}` } });

const list = (token: string, uid: string, query: string): Promise<Response> =>
  get(token, `/content-manager/collection-types/${uid}?${query}`);

const references = async (res: Response): Promise<string[]> => {
  expect(res.status).toBe(200);
  return ((await res.json()) as ListBody).results?.map((r) => String(r.reference)) ?? [];
};

/** Strapi's error body, 400 ValidationError naming the parameter. */
const expectRefused = async (res: Response, parameter: string, label: string): Promise<void> => {
  const body = (await res.json()) as Partial<ErrorBody<{ errors?: { path: string[] }[] }>>;
  expect([label, res.status, body.data, body.error?.name, body.error?.details.errors?.[0]?.path]).toEqual([
    label,
    400,
    null,
    'ValidationError',
    [parameter],
  ]);
  expect(JSON.stringify(body)).not.toContain('victim.test');
};

/** The order of our two requests (alice first or bob first) in a list answer. */
const orderOf = (refs: string[]): string[] => refs.filter((r) => r === aliceRef || r === bobRef);

let threeFields = '';
let threeFieldsToken = '';

beforeAll(async () => {
  aliceRef = await submitQuote(alice);
  bobRef = await submitQuote({ email: `zed.${marker}@victim.test`, fullName: 'Bob Young', company: 'Autre SA' });
  threeFields = await createAdminRole('Three fields', [
    { action: READ, subject: QR, properties: { fields: ['reference', 'stage', 'requestedModel'] } },
  ]);
  threeFieldsToken = await adminToken(threeFields);
});

describe('a role that reads reference, stage and requestedModel of quote requests', () => {
  it.each([
    ['address', alice.email],
    ['part of the address', `alice.${marker}`],
    ['name', `Zorglub${marker}`],
    ['company', `Privee${marker}`],
    ['a word of the message', `Motconfidentiel${marker}`],
  ])('finds nobody by %s with _q (0 results, as for a text nobody wrote)', async (_what, text) => {
    for (const spelling of [
      `/content-manager/collection-types/${QR}?_q=${encodeURIComponent(text)}`,
      `/Content-Manager/Collection-Types/${QR}/?_q=${encodeURIComponent(text)}`,
      `/content-manager/collection-types/${QR}?page=1&pageSize=10&_q=${encodeURIComponent(text)}&sort=reference:ASC`,
    ]) {
      expect([spelling, await references(await get(threeFieldsToken, spelling))]).toEqual([spelling, []]);
    }
  });

  it('still finds a request by a field it reads (reference), and by its id', async () => {
    expect(await references(await list(threeFieldsToken, QR, `_q=${aliceRef}`))).toEqual([aliceRef]);
    const id = (
      (await getStrapi()
        .db.query(QR)
        .findOne({ where: { reference: aliceRef }, select: ['id'] })) as { id: number }
    ).id;
    expect(await references(await list(threeFieldsToken, QR, `_q=${id}`))).toContain(aliceRef);
  });

  it('refuses a _q it cannot read (a list, an object)', async () => {
    for (const query of [`_q[0]=${alice.email}`, `_q[x]=${alice.email}`, `_q=a&_q=b`]) {
      await expectRefused(await list(threeFieldsToken, QR, query), '_q', query);
    }
  });

  it.each([
    'sort=email:ASC',
    'sort=email:DESC',
    'sort=email',
    'sort=EMAIL:asc',
    'sort=reference:ASC,email:DESC',
    'sort[0]=email:ASC',
    'sort[0]=reference:ASC&sort[1]=email:DESC',
    'sort[email]=asc',
    'sort[0][email]=desc',
    'sort=fullName:desc',
    'sort=message:asc',
    'sort=emailKey:asc',
    'sort=ipHash:asc',
    'sort=createdBy.password:asc',
    'sort[createdBy][resetPasswordToken]=asc',
  ])('refuses %s with 400', async (query) => {
    await expectRefused(await list(threeFieldsToken, QR, query), 'sort', query);
  });

  it.each([
    'sort=email:sideways',
    'sort[email]=sideways',
    'sort[email][0]=asc',
    'sort[$where]=asc',
    'sort=:asc',
    `sort${'[a]'.repeat(40)}=asc`,
  ])('refuses a sort it cannot read, %s, with 400', async (query) => {
    await expectRefused(await list(threeFieldsToken, QR, query), 'sort', query);
  });

  it.each([
    `filters[email][$eq]=${alice.email}`,
    `filters[email]=${alice.email}`,
    `filters[$or][0][email][$eq]=${alice.email}`,
    `filters[$and][0][stage][$eq]=new&filters[$and][1][email][$startsWith]=alice`,
    `filters[$not][email][$eq]=${alice.email}`,
    `filters[$or][0][$and][0][fullName][$containsi]=zorglub`,
    `filters[reference][$eq]=${'x'}&filters[message][$containsi]=Motconfidentiel`,
    `filters[emailKey][$eq]=${alice.email}`,
    'filters[ipHash][$null]=true',
    'filters[email][$null]=true',
    'filters[createdBy][password][$startsWith]=$2',
  ])('refuses %s with 400', async (query) => {
    await expectRefused(await list(threeFieldsToken, QR, query), 'filters', query);
  });

  it('refuses filters it cannot read with 400', async () => {
    for (const query of [
      'filters=email',
      'filters[0]=email',
      'filters[$eq]=x',
      `filters${'[$and][0]'.repeat(20)}[stage]=new`,
    ]) {
      await expectRefused(await list(threeFieldsToken, QR, query), 'filters', query);
    }
  });

  it('sorts and filters by the fields it reads', async () => {
    const asc = orderOf(await references(await list(threeFieldsToken, QR, 'sort=reference:ASC&pageSize=100')));
    const desc = orderOf(await references(await list(threeFieldsToken, QR, 'sort[0]=reference:DESC&pageSize=100')));
    expect(asc).toEqual([aliceRef, bobRef].sort());
    expect(desc).toEqual([...asc].reverse());
    const byModel = await references(
      await list(
        threeFieldsToken,
        QR,
        `filters[$and][0][requestedModel][$eq]=bpo&filters[$and][1][reference][$eq]=${aliceRef}`
      )
    );
    expect(byModel).toEqual([aliceRef]);
    expect(await references(await list(threeFieldsToken, QR, 'sort=createdAt:DESC&filters[stage][$eq]=new'))).toContain(
      bobRef
    );
  });

  it('cannot order by a hidden field through bulkFindForValidation', async () => {
    const docs = (await getStrapi()
      .db.query(QR)
      .findMany({ where: { reference: { $in: [aliceRef, bobRef] } }, select: ['documentId'] })) as {
      documentId: string;
    }[];
    const post = (sort: unknown) =>
      fetch(`${httpServer()}/content-manager/collection-types/${QR}/actions/bulkFindForValidation`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${threeFieldsToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ documentIds: docs.map((d) => d.documentId), sort }),
      });
    for (const sort of ['email:ASC', ['email:DESC'], { email: 'asc' }, [{ fullName: 'desc' }]]) {
      await expectRefused(await post(sort), 'sort', JSON.stringify(sort));
    }
    const allowed = await post('reference:DESC');
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as ListBody).results?.map((r) => r.reference)).toEqual([bobRef, aliceRef]);
  });

  it('gets the same rule from the CSV export: a filter on a hidden field is 400, sort and _q are no parameters of it', async () => {
    const exportCsv = (query: string) => get(threeFieldsToken, `/api/quote-requests/export?${query}`);
    for (const query of [
      `filters[email][$eq]=${alice.email}`,
      `filters[$or][0][message][$containsi]=Motconfidentiel`,
    ]) {
      await expectRefused(await exportCsv(query), 'filters', query);
    }
    for (const query of ['sort=email:ASC', `_q=${alice.email}`]) {
      const res = await exportCsv(query);
      expect([query, res.status]).toEqual([query, 400]);
    }
    const allowed = await exportCsv(`filters[reference][$eq]=${aliceRef}`);
    expect(allowed.status).toBe(200);
    const lines = (await allowed.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toEqual(['reference,stage,requestedModel', `${aliceRef},new,bpo`]);
  });
});

describe('Sales and Super Admin read every field of a request: search and order as before', () => {
  it.each(['sales', 'strapi-super-admin'])(
    '%s finds by address, name and message words and sorts by email',
    async (role) => {
      const token = await adminToken(role);
      for (const text of [alice.email, `Zorglub${marker}`, `Motconfidentiel${marker}`]) {
        expect(await references(await list(token, QR, `_q=${encodeURIComponent(text)}`))).toEqual([aliceRef]);
      }
      expect(await references(await list(token, QR, `filters[email][$eq]=${encodeURIComponent(alice.email)}`))).toEqual(
        [aliceRef]
      );
      const byEmail = orderOf(await references(await list(token, QR, 'sort=email:ASC&pageSize=100')));
      expect(byEmail).toEqual([aliceRef, bobRef]);
      expect(orderOf(await references(await list(token, QR, 'sort[email]=desc&pageSize=100')))).toEqual([
        bobRef,
        aliceRef,
      ]);
    }
  );

  it.each(['sales', 'strapi-super-admin'])("%s cannot filter or sort by an admin user's password", async (role) => {
    const token = await adminToken(role);
    await expectRefused(await list(token, QR, 'filters[createdBy][password][$startsWith]=$2'), 'filters', role);
    await expectRefused(await list(token, QR, 'sort=updatedBy.password:asc'), 'sort', role);
  });

  it('Sales still gets 403 on the site content it may not read, whatever it asks', async () => {
    const token = await adminToken('sales');
    for (const query of ['_q=bpo', 'sort=summary:asc', 'filters[summary][$containsi]=a']) {
      expect((await list(token, CATEGORY, query)).status).toBe(403);
    }
  });
});

describe('site content: Editor and Author read every field; a custom role some', () => {
  /** A word of a category's summary found in no category's acronym, name or slug. */
  const summaryWord = async (): Promise<string> => {
    const rows = (await getStrapi()
      .db.query(CATEGORY)
      .findMany({ select: ['acronym', 'name', 'slug', 'summary'] })) as Record<string, string | null>[];
    const visible = rows.map((r) => `${r.acronym} ${r.name} ${r.slug}`.toLowerCase()).join(' ');
    const word = rows
      .flatMap((r) => (r.summary ?? '').split(/[^\p{L}]+/u))
      .find((w) => w.length >= 8 && !visible.includes(w.toLowerCase()));
    if (!word) throw new Error('the seed has no category summary word to search for');
    return word;
  };

  it.each(['strapi-editor', 'strapi-author', 'strapi-super-admin'])(
    '%s searches the summary and sorts by any field',
    async (role) => {
      const token = await adminToken(role);
      const word = await summaryWord();
      const found = await list(token, CATEGORY, `locale=fr&_q=${encodeURIComponent(word)}`);
      expect(found.status).toBe(200);
      // The Author reads the documents they created only (none here): the search runs, the condition holds.
      const expected = role === 'strapi-author' ? 0 : 1;
      expect(((await found.json()) as ListBody).results?.length ?? 0).toBeGreaterThanOrEqual(expected);
      for (const query of [
        'locale=fr&sort=summary:ASC',
        'locale=fr&sort[0][name]=desc',
        'locale=fr&filters[summary][$containsi]=a',
      ]) {
        expect([role, query, (await list(token, CATEGORY, query)).status]).toEqual([role, query, 200]);
      }
      await expectRefused(await list(token, CATEGORY, 'filters[createdBy][password][$null]=false'), 'filters', role);
    }
  );

  it('a role that reads code, acronym, name and slug of categories neither finds nor orders by the summary', async () => {
    const word = await summaryWord();
    const role = await createAdminRole('Category titles', [
      {
        action: READ,
        subject: CATEGORY,
        properties: { fields: ['code', 'acronym', 'name', 'slug'], locales: ['fr', 'en'] },
      },
    ]);
    const token = await adminToken(role);
    expect(await references(await list(token, CATEGORY, `locale=fr&_q=${encodeURIComponent(word)}`))).toEqual([]);
    const byAcronym = await list(token, CATEGORY, 'locale=fr&_q=BPO');
    expect(((await byAcronym.json()) as ListBody).results?.map((r) => r.acronym)).toEqual(['BPO']);
    for (const query of ['sort=summary:ASC', 'sort[seo][metaTitle]=asc', 'sort=examples.label:asc']) {
      await expectRefused(await list(token, CATEGORY, `locale=fr&${query}`), 'sort', query);
    }
    for (const query of ['filters[summary][$containsi]=a', 'filters[seo][metaDescription][$containsi]=a']) {
      await expectRefused(await list(token, CATEGORY, `locale=fr&${query}`), 'filters', query);
    }
    expect((await list(token, CATEGORY, 'locale=fr&sort=code:ASC&filters[acronym][$eq]=BPO')).status).toBe(200);
  });

  it('a component field is checked by its nested path (quoteCta.consentLabel)', async () => {
    const role = await createAdminRole('Overview titles', [
      { action: READ, subject: OVERVIEW, properties: { fields: ['title', 'quoteCta.title'], locales: ['fr', 'en'] } },
    ]);
    const token = await adminToken(role);
    const overview = (path: string) => get(token, `/content-manager/single-types/${OVERVIEW}?locale=fr&${path}`);
    await expectRefused(await overview('filters[quoteCta][consentLabel][$containsi]=a'), 'filters', 'consentLabel');
    await expectRefused(await overview('filters[intro][$containsi]=a'), 'filters', 'intro');
    const allowed = await overview('filters[quoteCta][title][$notNull]=true');
    expect([allowed.status, await allowed.text()]).toEqual([200, expect.any(String)]);
  });

  it('the relations lookup checks sort and filters against the target content type', async () => {
    const role = await createAdminRole('Overview and category acronyms', [
      { action: READ, subject: OVERVIEW, properties: { fields: ['title', 'categories'], locales: ['fr', 'en'] } },
      { action: READ, subject: CATEGORY, properties: { fields: ['acronym'], locales: ['fr', 'en'] } },
    ]);
    const token = await adminToken(role);
    const lookup = (query: string) =>
      get(token, `/content-manager/relations/${OVERVIEW}/categories?locale=fr&${query}`);
    for (const query of ['sort=summary:ASC', 'sort[0][name]=desc']) {
      await expectRefused(await lookup(query), 'sort', query);
    }
    await expectRefused(await lookup('filters[summary][$containsi]=a'), 'filters', 'summary');
    const allowed = await lookup('sort=acronym:DESC&_q=O');
    expect(allowed.status).toBe(200);
    const acronyms = ((await allowed.json()) as ListBody).results?.map((r) => r.acronym);
    expect(acronyms).toEqual(['KPO', 'ITO', 'BPO']);
    const searched = await lookup('_q=KP');
    expect(((await searched.json()) as ListBody).results?.map((r) => r.acronym)).toEqual(['KPO']);
  });
});
