/**
 * Relations survive unpublish and publish (strapi/strapi#24779, #23460): the public overview keeps its
 * categories and comparison pages, in their order, when one of them is unpublished and published again,
 * in French and English, over REST and GraphQL, as a frontend reads them with `fetch`; each change sends
 * an event for the overview too (its answer changed), and a never-published draft's delete sends none.
 * Editors act through the Content Manager's own routes, as in the admin.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { Webhook } from 'standardwebhooks';
import { adminToken } from '../helpers/admin';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import type { FrontendEvent } from '../../src/frontend-events/event-payload';
import { HELD_RELATIONS_TABLE } from '../../src/features/site-content/published-relations';
import { frontendEvents } from '../../src/frontend-events';

const SECRET = 'whsec_3pXq0m3kYFq6G0kq2j9dV8cJ5pWcE1yq0rWj0o5Z3xQ=';
const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const COMPARISON = 'api::comparison-page.comparison-page';
const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
const LOCALES = ['fr', 'en'] as const;
type Locale = (typeof LOCALES)[number];

const received: FrontendEvent[] = [];
let receiver: http.Server | undefined;

const ENV: Record<string, string> = {
  ...INTEGRATION_ENV,
  FRONTEND_REVALIDATE_SECRET: SECRET,
  FRONTEND_REVALIDATE_INTERVAL_MS: '100',
  PUBLIC_URL: 'https://cms.example.test',
};

beforeAll(async () => {
  const webhook = new Webhook(SECRET);
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : []))
      );
      try {
        received.push(webhook.verify(Buffer.concat(chunks).toString('utf8'), headers) as FrontendEvent);
        res.writeHead(204).end();
      } catch {
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  ENV.FRONTEND_REVALIDATE_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/revalidate`;
});
useStrapi(ENV);
afterAll(async () => {
  const server = receiver;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
});

let token = '';
beforeAll(async () => {
  token = await adminToken('strapi-editor');
});

const admin = async (method: string, path: string, body?: unknown): Promise<Response> => {
  const response = await fetch(`${httpServer()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response;
};

const expectOk = async (response: Response, status = 200): Promise<Record<string, unknown>> => {
  const text = await response.text();
  expect([response.status, text.slice(0, 300)]).toEqual([status, expect.any(String)]);
  return JSON.parse(text) as Record<string, unknown>;
};

const collectionAction = async (uid: string, documentId: string, action: string, locale: Locale) =>
  expectOk(
    await admin('POST', `/content-manager/collection-types/${uid}/${documentId}/actions/${action}?locale=${locale}`, {})
  );

interface OverviewLists {
  categories: string[];
  comparisonPages: string[];
}

/** The public overview as a frontend reads it over REST (`fetch`, no token). */
const restOverview = async (locale: Locale): Promise<OverviewLists> => {
  const response = await fetch(`${httpServer()}/api/outsourcing-overview?locale=${locale}`);
  expect(response.status).toBe(200);
  const { data } = (await response.json()) as {
    data: { categories: { code: string }[]; comparisonPages: { documentId: string }[] };
  };
  return {
    categories: data.categories.map((c) => c.code),
    comparisonPages: data.comparisonPages.map((p) => p.documentId),
  };
};

/** The same over GraphQL. */
const graphqlOverview = async (locale: Locale): Promise<OverviewLists> => {
  const response = await fetch(`${httpServer()}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      query:
        'query ($locale: I18NLocaleCode) { outsourcingOverview(locale: $locale) { categories { code } comparisonPages { documentId } } }',
      variables: { locale },
    }),
  });
  const body = (await response.json()) as {
    data?: { outsourcingOverview: { categories: { code: string }[]; comparisonPages: { documentId: string }[] } };
    errors?: unknown;
  };
  expect(body.errors).toBeUndefined();
  const overview = body.data!.outsourcingOverview;
  return {
    categories: overview.categories.map((c) => c.code),
    comparisonPages: overview.comparisonPages.map((p) => p.documentId),
  };
};

const bothApis = async (locale: Locale): Promise<OverviewLists> => {
  const [rest, graphql] = await Promise.all([restOverview(locale), graphqlOverview(locale)]);
  expect(graphql).toEqual(rest);
  return rest;
};

const documentIdOf = async (uid: string, locale: Locale, filters: Record<string, unknown>): Promise<string> => {
  const found = (await getStrapi()
    .documents(uid as typeof CATEGORY)
    .findFirst({ locale, filters, status: 'published' })) as {
    documentId: string;
  } | null;
  if (!found) throw new Error(`no published ${uid} ${JSON.stringify(filters)} in ${locale}`);
  return found.documentId;
};

const overviewId = async (): Promise<string> => {
  const overview = (await getStrapi().documents(OVERVIEW).findFirst({ locale: 'fr' })) as { documentId: string };
  return overview.documentId;
};

/** Every event pending now has reached the receiver (the outbox delivers in order). */
const flushEvents = async (): Promise<void> => {
  const deadline = Date.now() + 10000;
  for (;;) {
    await frontendEvents(getStrapi()).dispatchDue();
    const rows = await frontendEvents(getStrapi()).rows();
    if (rows.every((row) => row.status === 'sent')) return;
    if (Date.now() > deadline) throw new Error('events still pending after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const eventsSince = async (mark: number): Promise<FrontendEvent[]> => {
  await flushEvents();
  return received.slice(mark);
};

/** The receiver's count once every event so far is delivered (the seed's publishes at start included). */
const markNow = async (): Promise<number> => {
  await flushEvents();
  return received.length;
};

const summary = (events: FrontendEvent[]) => events.map((e) => [e.event, e.contentType, e.documentId, e.locale]);

describe.each(LOCALES)('in %s', (locale) => {
  it('a category unpublished then published again is listed again, in its place; the overview gets an event each time', async () => {
    const before = await bothApis(locale);
    expect(before.categories).toEqual(['bpo', 'ito', 'kpo']);
    const kpo = await documentIdOf(CATEGORY, locale, { code: 'kpo' });
    const ito = await documentIdOf(CATEGORY, locale, { code: 'ito' });
    const overview = await overviewId();

    let mark = await markNow();
    await collectionAction(CATEGORY, kpo, 'unpublish', locale);
    expect((await bothApis(locale)).categories).toEqual(['bpo', 'ito']);
    expect(summary(await eventsSince(mark))).toEqual([
      ['unpublish', 'outsourcing-category', kpo, locale],
      ['update', 'outsourcing-overview', overview, locale],
    ]);

    mark = await markNow();
    await collectionAction(CATEGORY, kpo, 'publish', locale);
    expect(await bothApis(locale)).toEqual(before);
    const published = await eventsSince(mark);
    expect(summary(published)).toEqual([
      ['publish', 'outsourcing-category', kpo, locale],
      ['update', 'outsourcing-overview', overview, locale],
    ]);
    expect(published[1]).toMatchObject({
      slug: null,
      urls: [`https://cms.example.test/api/outsourcing-overview?locale=${locale}`],
      tags: ['outsourcing-overview', `outsourcing-overview:${overview}`],
    });

    // The middle one too, twice in a row (nothing held is left behind to misplace it later).
    for (let round = 0; round < 2; round += 1) {
      await collectionAction(CATEGORY, ito, 'unpublish', locale);
      expect((await bothApis(locale)).categories).toEqual(['bpo', 'kpo']);
      await collectionAction(CATEGORY, ito, 'publish', locale);
      expect(await bothApis(locale)).toEqual(before);
    }
    const held: unknown[] = await getStrapi().db.connection(HELD_RELATIONS_TABLE).select('id');
    expect(held).toEqual([]);

    // The other locale was never touched.
    const other: Locale = locale === 'fr' ? 'en' : 'fr';
    expect((await bothApis(other)).categories).toEqual(['bpo', 'ito', 'kpo']);
  });

  it("a comparison page unpublished then published again is back among the overview's related pages, in its place", async () => {
    const before = await bothApis(locale);
    expect(before.comparisonPages).toHaveLength(2);
    const [first] = before.comparisonPages;
    const overview = await overviewId();
    const mark = await markNow();
    await collectionAction(COMPARISON, first, 'unpublish', locale);
    expect((await bothApis(locale)).comparisonPages).toEqual(before.comparisonPages.slice(1));
    await collectionAction(COMPARISON, first, 'publish', locale);
    expect(await bothApis(locale)).toEqual(before);
    expect(summary(await eventsSince(mark))).toEqual([
      ['unpublish', 'comparison-page', first, locale],
      ['update', 'outsourcing-overview', overview, locale],
      ['publish', 'comparison-page', first, locale],
      ['update', 'outsourcing-overview', overview, locale],
    ]);
  });

  it('the overview published while a category was unpublished lists it once the category is published', async () => {
    const before = await bothApis(locale);
    const bpo = await documentIdOf(CATEGORY, locale, { code: 'bpo' });
    await collectionAction(CATEGORY, bpo, 'unpublish', locale);
    await expectOk(
      await admin('POST', `/content-manager/single-types/${OVERVIEW}/actions/publish?locale=${locale}`, {})
    );
    expect((await bothApis(locale)).categories).toEqual(['ito', 'kpo']);
    await collectionAction(CATEGORY, bpo, 'publish', locale);
    expect(await bothApis(locale)).toEqual(before);
  });

  it('a category removed from the overview by its editor and the overview published stays removed after the category is republished', async () => {
    const kpo = await documentIdOf(CATEGORY, locale, { code: 'kpo' });
    await collectionAction(CATEGORY, kpo, 'unpublish', locale);
    // The editor takes KPO out of the overview's draft and publishes the overview.
    const draft = (await getStrapi()
      .documents(OVERVIEW)
      .findFirst({ locale, status: 'draft', populate: { categories: { fields: ['code'] } } })) as {
      documentId: string;
      categories: { documentId: string; code: string }[];
    };
    await getStrapi()
      .documents(OVERVIEW)
      .update({
        documentId: draft.documentId,
        locale,
        data: { categories: draft.categories.filter((c) => c.code !== 'kpo').map((c) => c.documentId) },
      } as never);
    await expectOk(
      await admin('POST', `/content-manager/single-types/${OVERVIEW}/actions/publish?locale=${locale}`, {})
    );
    await collectionAction(CATEGORY, kpo, 'publish', locale);
    expect((await bothApis(locale)).categories).toEqual(['bpo', 'ito']);
    // Put back as it was, for the next tests.
    await getStrapi()
      .documents(OVERVIEW)
      .update({
        documentId: draft.documentId,
        locale,
        data: { categories: draft.categories.map((c) => c.documentId) },
      } as never);
    await expectOk(
      await admin('POST', `/content-manager/single-types/${OVERVIEW}/actions/publish?locale=${locale}`, {})
    );
    expect((await bothApis(locale)).categories).toEqual(['bpo', 'ito', 'kpo']);
  });
});

describe('deletes', () => {
  it('a draft that was never published, created and deleted in both locales, sends no event', async () => {
    const mark = await markNow();
    const created = await expectOk(
      await admin('POST', `/content-manager/collection-types/${CATEGORY}?locale=fr`, {
        code: 'kpo',
        acronym: 'DRF',
        name: 'Brouillon confidentiel',
        slug: 'brouillon-confidentiel',
        summary: 'Jamais publié.',
      }),
      201
    );
    const documentId = (created.data as { documentId: string }).documentId;
    await expectOk(
      await admin('PUT', `/content-manager/collection-types/${CATEGORY}/${documentId}?locale=en`, {
        code: 'kpo',
        acronym: 'DRF',
        name: 'Confidential draft',
        slug: 'confidential-draft',
        summary: 'Never published.',
      })
    );
    await expectOk(await admin('DELETE', `/content-manager/collection-types/${CATEGORY}/${documentId}?locale=en`));
    await expectOk(await admin('DELETE', `/content-manager/collection-types/${CATEGORY}/${documentId}?locale=fr`));

    // Another, deleted in both locales at once through the Document Service (a script).
    const scripted = await getStrapi()
      .documents(CATEGORY)
      .create({
        locale: 'en',
        data: { code: 'bpo', acronym: 'SCR', name: 'Scripted draft', slug: 'scripted-draft', summary: 'Draft.' },
      } as never);
    await getStrapi()
      .documents(CATEGORY)
      .update({
        documentId: scripted.documentId,
        locale: 'fr',
        data: { code: 'bpo', acronym: 'SCR', name: 'Brouillon', slug: 'brouillon-script', summary: 'Brouillon.' },
      } as never);
    await getStrapi().documents(CATEGORY).delete({ documentId: scripted.documentId, locale: '*' });

    const events = await eventsSince(mark);
    expect(events).toEqual([]);
    const rows = await frontendEvents(getStrapi()).rows();
    expect(rows.filter((row) => row.body.includes(documentId) || row.body.includes(scripted.documentId))).toEqual([]);
  });

  it('a published category deleted sends its delete and the overview update, in each locale', async () => {
    const overview = await overviewId();
    const ito = await documentIdOf(CATEGORY, 'en', { code: 'ito' });
    const mark = await markNow();
    await expectOk(await admin('DELETE', `/content-manager/collection-types/${CATEGORY}/${ito}?locale=en`));
    expect(summary(await eventsSince(mark))).toEqual([
      ['delete', 'outsourcing-category', ito, 'en'],
      ['update', 'outsourcing-overview', overview, 'en'],
    ]);
    expect((await bothApis('en')).categories).toEqual(['bpo', 'kpo']);
    expect((await bothApis('fr')).categories).toEqual(['bpo', 'ito', 'kpo']);
  });
});
