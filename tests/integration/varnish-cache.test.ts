/**
 * The reference cache with the real application behind it: Varnish (deploy/varnish.vcl, Debian's
 * `varnish` + `varnish-modules`) in front of one Strapi instance of this file (SQLite; PostgreSQL under
 * `npm run test:postgres`), the publish events (FRONTEND_REVALIDATE_URL) going to deploy/cache-purger.js,
 * which verifies them with `standardwebhooks` and purges Varnish by their surrogate keys. Everything a reader sees is read through Varnish with Node's
 * fetch, as a frontend would; the editor works through Varnish too (the admin is passed).
 *
 * Each change shows through the cache within DEADLINE_MS (the answers are stored for max-age=60 s: only the
 * purge explains it), and each answer read before the change is shown to have been a cache HIT. Nothing a
 * request with credentials received is ever stored or served to anyone else.
 *
 * Needs varnishd (.ci/run installs it); skipped only without it.
 */
import crypto from 'crypto';
import fs from 'fs';
import { Webhook } from 'standardwebhooks';
import { freePort } from '../../scripts/lib/server';
import {
  findVarnishd,
  startCachePurger,
  startVarnish,
  type CachePurger,
  type Varnish,
} from '../../scripts/lib/varnish';
import { adminToken, apiToken } from '../helpers/admin';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { validQuoteData } from '../helpers/submission';
import { frontendEvents } from '../../src/frontend-events';
import { createPreviewToken } from '../../src/preview/preview';

const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const COMPARISON = 'api::comparison-page.comparison-page';
/** A change must show through the cache within this; the answers are stored for 60 s. */
const DEADLINE_MS = 2000;
const SECRET = `whsec_${crypto.randomBytes(32).toString('base64')}`;
const GRAPHQL_HEADERS = { 'apollo-require-preflight': 'true' };

const varnishd = findVarnishd();

interface Read {
  status: number;
  /** X-Cache: HIT, MISS or PASS */
  cache: string | null;
  age: number;
  cacheControl: string | null;
  text: string;
  json: unknown;
}

interface Entry {
  documentId: string;
  code?: string;
  slug?: string;
  summary?: string;
  title?: string;
}

const ENV: Record<string, string> = {
  ...INTEGRATION_ENV,
  FRONTEND_REVALIDATE_SECRET: SECRET,
  FRONTEND_REVALIDATE_INTERVAL_MS: '200',
  FRONTEND_REVALIDATE_RETRY_BASE_MS: '200',
  FRONTEND_REVALIDATE_RETRY_MAX_MS: '1000',
  FRONTEND_REVALIDATE_TIMEOUT_MS: '5000',
  HTTP_CACHE_CONTROL: 'public, max-age=60, stale-while-revalidate=300',
};

let varnish: Varnish | undefined;
let purger: CachePurger | undefined;
let varnishPort = 0;
/** When the editor's last action was answered (the moment its change is committed). */
let lastChangeAt = 0;

const front = (): string => {
  if (!varnish) throw new Error('Varnish is not running');
  return varnish.url;
};

const read = async (path: string, headers: Record<string, string> = {}): Promise<Read> => {
  const res = await fetch(`${front()}${path}`, { headers });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return {
    status: res.status,
    cache: res.headers.get('x-cache'),
    age: Number(res.headers.get('age') ?? '0'),
    cacheControl: res.headers.get('cache-control'),
    text,
    json,
  };
};

const dataOf = (answer: Read): unknown => (answer.json as { data?: unknown } | undefined)?.data;
const listOf = (answer: Read): Entry[] => {
  const data = dataOf(answer);
  return Array.isArray(data) ? (data as Entry[]) : [];
};
const codesOf = (answer: Read): string[] => listOf(answer).map((entry) => entry.code ?? entry.slug ?? '');

/**
 * Waits until every publish event was delivered (the purger answers once Varnish purged): a late event
 * would purge what a test then expects to find in the cache.
 */
const eventsDelivered = async (): Promise<void> => {
  const deadline = Date.now() + 15000;
  for (;;) {
    const rows = await frontendEvents(getStrapi()).rows();
    if (rows.every((row) => row.status === 'sent')) return;
    if (Date.now() > deadline) {
      const stuck = rows.filter((row) => row.status !== 'sent').map((row) => `${row.status}: ${row.last_error}`);
      throw new Error(`publish events not delivered: ${stuck.join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Reads `path` until the second read is a HIT (the first may already be one): the answer is in the cache. */
const cached = async (path: string, headers: Record<string, string> = {}): Promise<Read> => {
  await eventsDelivered();
  await read(path, headers);
  const second = await read(path, headers);
  expect({ path, cache: second.cache }).toEqual({ path, cache: 'HIT' });
  return second;
};

/**
 * Polls `path` through Varnish until `shows` holds. The time counted, from the editor's last action, is
 * when the read that showed the change was sent (what a reader sees at that moment), not when its answer
 * arrived: a miss the loaded application answers slowly still showed the change to a reader who asked in
 * time. Fails when no read sent within DEADLINE_MS of the action shows it.
 */
const visibleWithin = async (
  what: string,
  path: string,
  shows: (answer: Read) => boolean,
  headers: Record<string, string> = {}
): Promise<number> => {
  // From the editor's last action: the list, the document and the overview all within DEADLINE_MS of it.
  const started = lastChangeAt;
  let last: Read | undefined;
  for (;;) {
    const sentAt = Date.now();
    last = await read(path, headers);
    if (shows(last) && sentAt - started <= DEADLINE_MS) {
      const ms = sentAt - started;
      console.log(
        `[varnish] ${what}: visible to a read sent ${ms} ms after the change (answered in ${Date.now() - sentAt} ms)`
      );
      return ms;
    }
    if (Date.now() - started > DEADLINE_MS) {
      throw new Error(
        `${what}: still not visible through Varnish after ${DEADLINE_MS} ms (${last.status} ${last.cache}: ${last.text.slice(0, 300)})`
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** The Content Manager, as the admin's browser calls it, through Varnish. */
const admin = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${front()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  lastChangeAt = Date.now();
  // The admin is never answered from the cache.
  expect(res.headers.get('x-cache')).toBe('PASS');
  return JSON.parse(text) as { data: Entry };
};

const publishedCategory = async (code: 'bpo' | 'ito' | 'kpo', locale: string) =>
  (await getStrapi()
    .documents(CATEGORY)
    .findFirst({ locale, filters: { code }, status: 'published', fields: ['code', 'slug', 'summary'] })) as Entry;

const gqlPath = (query: string): string => `/graphql?query=${encodeURIComponent(query)}`;

// Ports first: the app starts with its events' target (the purger) known; Varnish comes once the app listens.
beforeAll(async () => {
  if (!varnishd) return;
  varnishPort = await freePort();
  purger = await startCachePurger({
    port: await freePort(),
    varnishUrl: `http://127.0.0.1:${varnishPort}`,
    secret: SECRET,
    // One application instance: no other instance's cache to wait for (the repeat is tested on its own).
    repeatMs: 0,
  });
  ENV.FRONTEND_REVALIDATE_URL = purger.url;
});
useStrapi(ENV);
beforeAll(async () => {
  if (!varnishd) return;
  varnish = await startVarnish({
    port: varnishPort,
    backend: httpServer().replace(/^http:\/\//, ''),
    name: `test-${process.pid}`,
  });
  // The seed's publish events, refused while Varnish was not there yet, are sent again now.
  await eventsDelivered();
});
afterAll(async () => {
  await varnish?.stop();
  await purger?.stop();
  if (purger) fs.rmSync(purger.log, { force: true });
});

(varnishd ? describe : describe.skip)('Varnish in front of the application', () => {
  let editor = '';
  beforeAll(async () => {
    editor = await adminToken('strapi-super-admin');
  });

  it('serves public reads from the cache: REST and GraphQL GETs are stored (HIT, Age) and keep the app headers', async () => {
    await eventsDelivered();
    const first = await read('/api/outsourcing-categories?locale=fr&sort=code:asc');
    expect(first.status).toBe(200);
    const second = await read('/api/outsourcing-categories?locale=fr&sort=code:asc');
    expect(second.cache).toBe('HIT');
    expect(second.text).toBe(first.text);
    expect(second.cacheControl).toBe('public, max-age=60, stale-while-revalidate=300');

    const query = gqlPath('{ outsourcingCategories(locale: "fr") { code } }');
    const hit = await cached(query, GRAPHQL_HEADERS);
    expect(hit.status).toBe(200);
    expect((dataOf(hit) as { outsourcingCategories: Entry[] }).outsourcingCategories.map((c) => c.code).sort()).toEqual(
      ['bpo', 'ito', 'kpo']
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await read(query, GRAPHQL_HEADERS)).age).toBeGreaterThanOrEqual(1);
  });

  it('a publish shows within 2 s on the list, the document and the overview', async () => {
    const bpo = await publishedCategory('bpo', 'fr');
    const list = '/api/outsourcing-categories?locale=fr';
    const one = `/api/outsourcing-categories/${bpo.documentId}?locale=fr`;
    const overview = '/api/outsourcing-overview?locale=fr&populate[categories][fields][0]=summary';
    for (const path of [list, one, overview]) await cached(path);

    const summary = `BPO publié ${Date.now()}`;
    await admin(
      editor,
      'POST',
      `/content-manager/collection-types/${CATEGORY}/${bpo.documentId}/actions/publish?locale=fr`,
      {
        summary,
      }
    );
    const hasSummary = (answer: Read) => answer.status === 200 && answer.text.includes(summary);
    // Each polled on its own from the action: one slow answer does not delay the others' reads.
    await Promise.all([
      visibleWithin('publish (list)', list, hasSummary),
      visibleWithin('publish (document)', one, hasSummary),
      visibleWithin('publish (overview)', overview, hasSummary),
    ]);
    // And the new answer is stored again.
    expect((await read(one)).cache).toBe('HIT');
  });

  it('an unpublish, then a republish, each show within 2 s (list, document, overview), in English too', async () => {
    const ito = await publishedCategory('ito', 'en');
    const list = '/api/outsourcing-categories?locale=en';
    const one = `/api/outsourcing-categories/${ito.documentId}?locale=en`;
    const overview = '/api/outsourcing-overview?locale=en&populate[categories][fields][0]=code';
    for (const path of [list, one, overview]) await cached(path);
    expect(codesOf(await read(list))).toContain('ito');
    const overviewCodes = (answer: Read) =>
      ((dataOf(answer) as { categories?: Entry[] } | undefined)?.categories ?? []).map((c) => c.code);
    expect(overviewCodes(await read(overview))).toContain('ito');

    const base = `/content-manager/collection-types/${CATEGORY}/${ito.documentId}`;
    await admin(editor, 'POST', `${base}/actions/unpublish?locale=en`, { discardDraft: false });
    await Promise.all([
      visibleWithin('unpublish (list)', list, (answer) => !codesOf(answer).includes('ito')),
      visibleWithin('unpublish (document)', one, (answer) => answer.status === 404),
      visibleWithin('unpublish (overview)', overview, (answer) => !overviewCodes(answer).includes('ito')),
    ]);
    for (const path of [list, overview]) await cached(path);

    await admin(editor, 'POST', `${base}/actions/publish?locale=en`, {});
    // The overview keeps the category it listed (Strapi's relation loss on republish is repaired).
    await Promise.all([
      visibleWithin('republish (list)', list, (answer) => codesOf(answer).includes('ito')),
      visibleWithin('republish (document)', one, (answer) => answer.status === 200),
      visibleWithin('republish (overview)', overview, (answer) => overviewCodes(answer).includes('ito')),
    ]);
  });

  it('a 404 is stored briefly and a publish replaces it within 2 s; a delete shows within 2 s', async () => {
    const slug = `cache-test-${Date.now()}`;
    const created = await admin(editor, 'POST', `/content-manager/collection-types/${COMPARISON}?locale=fr`, {
      title: 'Comparatif de test du cache',
      slug,
      intro: 'Une page créée pour le test du cache.',
      displayOrder: 99,
    });
    const documentId = created.data.documentId;
    const one = `/api/comparison-pages/${documentId}?locale=fr`;
    const bySlug = `/api/comparison-pages?locale=fr&filters[slug][$eq]=${slug}`;

    // A draft only: not found, and the 404 is stored (with its type's surrogate key).
    const missing = await read(one);
    expect(missing.status).toBe(404);
    expect(missing.cacheControl).toMatch(/^public, max-age=\d+$/);
    const missingAgain = await read(one);
    expect({ status: missingAgain.status, cache: missingAgain.cache }).toEqual({ status: 404, cache: 'HIT' });
    expect(listOf(await cached(bySlug))).toHaveLength(0);

    await admin(
      editor,
      'POST',
      `/content-manager/collection-types/${COMPARISON}/${documentId}/actions/publish?locale=fr`,
      {}
    );
    await Promise.all([
      visibleWithin('404 then published (document)', one, (answer) => answer.status === 200),
      visibleWithin('404 then published (list)', bySlug, (answer) => listOf(answer).length === 1),
    ]);

    await cached(one);
    await cached(bySlug);
    await admin(editor, 'DELETE', `/content-manager/collection-types/${COMPARISON}/${documentId}?locale=fr`);
    await Promise.all([
      visibleWithin('delete (document)', one, (answer) => answer.status === 404),
      visibleWithin('delete (list)', bySlug, (answer) => answer.status === 200 && listOf(answer).length === 0),
    ]);
  });

  it('a GraphQL GET that does not select documentId shows a category publish within 2 s', async () => {
    const kpo = await publishedCategory('kpo', 'fr');
    const query = gqlPath('{ outsourcingOverview(locale: "fr") { categories { code summary } } }');
    const before = await cached(query, GRAPHQL_HEADERS);
    expect(before.text).not.toContain('documentId');

    const summary = `KPO publié ${Date.now()}`;
    await admin(
      editor,
      'POST',
      `/content-manager/collection-types/${CATEGORY}/${kpo.documentId}/actions/publish?locale=fr`,
      {
        summary,
      }
    );
    await visibleWithin(
      'GraphQL GET without documentId',
      query,
      (answer) => answer.text.includes(summary),
      GRAPHQL_HEADERS
    );
  });

  describe('nothing private is ever stored', () => {
    const list = '/api/outsourcing-categories?locale=fr&filters[code][$eq]=bpo';
    let bpo: Entry;
    const draftSummary = `Brouillon privé ${Date.now()}`;

    beforeAll(async () => {
      bpo = await publishedCategory('bpo', 'fr');
      // A draft that only credentials may read.
      await getStrapi()
        .documents(CATEGORY)
        .update({ documentId: bpo.documentId, locale: 'fr', data: { summary: draftSummary } });
    });
    afterAll(async () => {
      await getStrapi().documents(CATEGORY).discardDraft({ documentId: bpo.documentId, locale: 'fr' });
    });

    /** The anonymous answer is (still) the cached published one, never a private one. */
    const anonymousIsPublished = async (path: string) => {
      const answer = await read(path);
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain(draftSummary);
      return answer;
    };

    it('an API token reading drafts, in every spelling of Authorization: passed, never stored', async () => {
      await cached(list);
      const token = await apiToken('read-only');
      const drafts = `${list}&status=draft`;
      for (const authorization of [`Bearer ${token}`, `bearer ${token}`, ` Bearer ${token} `]) {
        const answer = await read(drafts, { Authorization: authorization });
        expect({ authorization, cache: answer.cache }).toEqual({ authorization, cache: 'PASS' });
        expect(answer.status).toBe(200);
        expect(answer.text).toContain(draftSummary);
        expect(answer.cacheControl).toBe('private, no-cache');
      }
      // The same URL as the anonymous one, with a token: the token's answer, not the stored one.
      const withToken = await read(list, { authorization: `Bearer ${token}` });
      expect(withToken.cache).toBe('PASS');
      // Odd headers (empty, unknown scheme) are the application's to judge, never the cache's.
      for (const authorization of ['', 'Basic Zm9vOmJhcg==', 'Bearer']) {
        const answer = await read(list, { Authorization: authorization });
        expect({ authorization, cache: answer.cache }).toEqual({ authorization, cache: 'PASS' });
      }
      expect((await anonymousIsPublished(list)).cache).toBe('HIT');
      // Without credentials, drafts are refused, and that refusal is not stored either.
      const anonymousDrafts = await read(drafts);
      expect(anonymousDrafts.status).toBeGreaterThanOrEqual(400);
      expect(anonymousDrafts.cache).toBe('PASS');
    });

    it('a preview (X-Preview-Token) read: passed, never stored', async () => {
      const token = createPreviewToken(
        { uid: CATEGORY, documentId: bpo.documentId, locale: 'fr' },
        String(getStrapi().config.get('admin.auth.secret'))
      );
      const one = `/api/outsourcing-categories/${bpo.documentId}?locale=fr`;
      await cached(one);
      const preview = await read(`${one}&status=draft`, { 'X-Preview-Token': token });
      expect(preview.status).toBe(200);
      expect(preview.cache).toBe('PASS');
      expect(preview.text).toContain(draftSummary);
      const sameUrl = await read(one, { 'x-preview-token': token });
      expect(sameUrl.cache).toBe('PASS');
      expect((await anonymousIsPublished(one)).cache).toBe('HIT');
      // Without the token the draft is refused, and that answer is not stored either.
      const refused = await read(`${one}&status=draft`);
      expect({ status: refused.status, cache: refused.cache }).toEqual({ status: 400, cache: 'PASS' });
      expect(refused.text).not.toContain(draftSummary);
    });

    it('a request with a cookie: passed, and what it received is not stored', async () => {
      const fresh = `${list}&pagination[pageSize]=3`;
      const withCookie = await read(fresh, { Cookie: 'strapi_admin_refresh=abc; analytics=1' });
      expect(withCookie.cache).toBe('PASS');
      // The URL was never stored: the next anonymous read is the first to reach the cache.
      expect((await read(fresh)).cache).toBe('MISS');
      expect((await read(fresh)).cache).toBe('HIT');
    });

    it('submissions (REST and GraphQL POST) always reach the application', async () => {
      const references: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const res = await fetch(`${front()}/api/quote-requests`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ data: validQuoteData() }),
        });
        expect(res.status).toBe(201);
        expect(res.headers.get('x-cache')).toBe('PASS');
        references.push(((await res.json()) as { data: { reference: string } }).data.reference);
      }
      expect(new Set(references).size).toBe(2);

      const gql = await fetch(`${front()}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ outsourcingCategories(locale: "fr") { code } }' }),
      });
      expect(gql.status).toBe(200);
      expect(gql.headers.get('x-cache')).toBe('PASS');
    });

    it('a GraphQL GET Apollo refuses as a possible CSRF is refused, even when the cache holds that query', async () => {
      const query = gqlPath('{ outsourcingCategories(locale: "fr") { code name } }');
      await cached(query, GRAPHQL_HEADERS);
      const refusable: Record<string, string>[] = [
        {},
        { 'Content-Type': 'text/plain' },
        { 'apollo-require-preflight': '' },
      ];
      for (const headers of refusable) {
        const answer = await read(query, headers);
        expect({ headers, status: answer.status, cache: answer.cache }).toEqual({
          headers,
          status: 400,
          cache: 'PASS',
        });
      }
    });
  });

  describe('the purger', () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(purger!.url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

    const signed = (body: string, secret = SECRET, at = new Date()) => {
      const id = `msg_${crypto.randomUUID()}`;
      return {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(id, at, body),
      };
    };

    it('refuses what the CMS did not sign, a replay older than 5 minutes and a body without keys; purges only on a valid event', async () => {
      const overview = '/api/outsourcing-overview?locale=fr';
      await cached(overview);
      const event = JSON.stringify({
        event: 'publish',
        contentType: 'outsourcing-overview',
        tags: ['outsourcing-overview'],
      });

      expect((await post(event, {})).status).toBe(401);
      expect((await post(event, signed(event, `whsec_${crypto.randomBytes(32).toString('base64')}`))).status).toBe(401);
      const tampered = signed(event);
      expect((await post(event.replace('publish', 'unpublish'), tampered)).status).toBe(401);
      expect((await post(event, signed(event, SECRET, new Date(Date.now() - 6 * 60 * 1000)))).status).toBe(401);
      expect((await post(event, { ...signed(event), 'webhook-signature': 'v1,' })).status).toBe(401);
      for (const body of [
        JSON.stringify({ event: 'publish', tags: ['outsourcing-overview extra'] }),
        JSON.stringify({ event: 'publish', tags: 'outsourcing-overview' }),
        JSON.stringify({ event: 'publish' }),
        'not json',
      ]) {
        expect({ body, status: (await post(body, signed(body))).status }).toEqual({ body, status: 400 });
      }
      expect((await fetch(purger!.url)).status).toBe(405);
      expect((await fetch(purger!.url.replace('/events', '/purge-everything'), { method: 'POST' })).status).toBe(404);
      const huge = JSON.stringify({ event: 'publish', tags: ['outsourcing-overview'], padding: 'x'.repeat(70_000) });
      expect((await post(huge, signed(huge))).status).toBe(413);
      // None of the above purged anything.
      expect((await read(overview)).cache).toBe('HIT');

      expect((await post(event, signed(event))).status).toBe(204);
      expect((await read(overview)).cache).toBe('MISS');
    });

    it('purges once more after CACHE_PURGER_REPEAT_MS: an answer stored again in between (read before the commit) goes too', async () => {
      const repeating = await startCachePurger({
        port: await freePort(),
        varnishUrl: front(),
        secret: SECRET,
        repeatMs: 500,
      });
      try {
        const overview = '/api/outsourcing-overview?locale=en';
        await cached(overview);
        const event = JSON.stringify({ event: 'publish', tags: ['outsourcing-overview'] });
        const res = await fetch(repeating.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...signed(event) },
          body: event,
        });
        expect(res.status).toBe(204);
        expect((await read(overview)).cache).toBe('MISS');
        expect((await read(overview)).cache).toBe('HIT');
        await new Promise((resolve) => setTimeout(resolve, 800));
        expect((await read(overview)).cache).toBe('MISS');
      } finally {
        await repeating.stop();
        fs.rmSync(repeating.log, { force: true });
      }
    });
  });
});
