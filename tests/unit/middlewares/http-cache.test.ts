import { Readable } from 'stream';
import { startRecordingDocuments, type ResolvedDocuments } from '../../../src/cache/surrogate-keys';
import httpCache, { cacheKeyOf, passesGraphqlCsrfCheck } from '../../../src/middlewares/http-cache';
import {
  fakeContext,
  fakeStrapi,
  handlerOf,
  runMiddleware,
  type FakeRequest,
  type TestContext,
} from '../../helpers/koa-context';

const CACHE_CONTROL = 'public, max-age=30';
const SHORT = 'public, max-age=7';
const LIST = '/api/outsourcing-categories?locale=fr';
const ETAG = /^W\/"[A-Za-z0-9_-]+"$/;

afterEach(() => {
  jest.restoreAllMocks();
});

/** What a controller does: a JSON body (Koa answers 200). */
const categories =
  (body: unknown = { data: [{ code: 'bpo' }] }) =>
  (ctx: TestContext) => {
    ctx.body = body;
  };

/** The cache in front of a fake route, configured as config/cache.ts does (HTTP_CACHE_CONTROL, HTTP_RESPONSE_CACHE_TTL_MS). */
const setup = (ttlMs = 5000) => {
  const { strapi, emitDbEvent } = fakeStrapi({
    config: {
      'cache.cacheControl': CACHE_CONTROL,
      'cache.responseTtlMs': ttlMs,
      'cache.notFoundMaxAge': 7,
      'plugin::graphql.endpoint': '/graphql',
    },
  });
  const cache = handlerOf(httpCache, strapi);
  const send = async (request: FakeRequest, route: (ctx: TestContext) => void = categories()) => {
    const ctx = fakeContext(request);
    const outcome = await runMiddleware(cache, ctx, () => route(ctx));
    return {
      ...outcome,
      /** Whether the route ran (false: answered from the cache). */
      routed: outcome.nextCalled,
      body: ctx.body,
      header: (name: string) => ctx.response.get(name),
    };
  };
  return { send, emitDbEvent };
};

describe('HTTP cache: anonymous reads', () => {
  it('sends the operator’s Cache-Control, Vary: Authorization and a weak ETag of the JSON body', async () => {
    const { send } = setup();
    const res = await send({ url: LIST });
    expect(res.status).toBe(200);
    expect(res.body).toBe(JSON.stringify({ data: [{ code: 'bpo' }] }));
    expect(res.header('Content-Type')).toMatch(/^application\/json/);
    expect(res.header('Cache-Control')).toBe(CACHE_CONTROL);
    expect(res.header('Vary')).toMatch(/\bAuthorization\b/);
    expect(res.header('ETag')).toMatch(ETAG);
  });

  it('serves the same URL from memory, same body and ETag, until the TTL runs out', async () => {
    const { send } = setup(5000);
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const first = await send({ url: LIST });

    now += 4_999;
    const cached = await send({ url: LIST }, categories({ data: 'changed' }));
    expect(cached.routed).toBe(false);
    expect(cached).toMatchObject({ status: 200, body: first.body });
    expect(cached.header('ETag')).toBe(first.header('ETag'));
    expect(cached.header('Cache-Control')).toBe(CACHE_CONTROL);

    now += 2;
    const expired = await send({ url: LIST }, categories({ data: 'changed' }));
    expect(expired.routed).toBe(true);
    expect(expired.body).toBe('{"data":"changed"}');
  });

  it('keeps one entry per URL: another locale is another representation with another ETag', async () => {
    const { send } = setup();
    const fr = await send({ url: LIST });
    const en = await send({ url: '/api/outsourcing-categories?locale=en' }, categories({ data: [{ code: 'bpo-en' }] }));
    expect(en.routed).toBe(true);
    expect(en.header('ETag')).not.toBe(fr.header('ETag'));
  });

  it.each([
    ['from the cache', 5000],
    ['with the cache off (TTL 0)', 0],
  ])('answers a matching If-None-Match with 304 and no body, %s', async (_case, ttlMs) => {
    const { send } = setup(ttlMs);
    const first = await send({ url: LIST });
    const etag = first.header('ETag');
    const revalidated = await send({ url: LIST, headers: { 'If-None-Match': etag } });
    expect(revalidated.routed).toBe(ttlMs === 0);
    expect(revalidated.status).toBe(304);
    expect(revalidated.body).toBeNull();
    expect(revalidated.header('ETag')).toBe(etag);

    const stale = await send({ url: LIST, headers: { 'If-None-Match': 'W/"older"' } });
    expect(stale.status).toBe(200);
    expect(stale.body).toBe(first.body);
  });

  it.each([
    ['with Cache-Control: no-cache, as fetch sends it', (etag: string) => etag, { 'Cache-Control': 'no-cache' }],
    ['in a list of validators', (etag: string) => `"other", ${etag} , W/"older"`, {}],
    ['compared weakly (without W/)', (etag: string) => etag.replace(/^W\//, ''), {}],
    ['as *', () => '*', {}],
  ])('answers If-None-Match %s with 304', async (_case, validator, headers) => {
    for (const ttlMs of [5000, 0]) {
      const { send } = setup(ttlMs);
      const etag = (await send({ url: LIST })).header('ETag');
      const revalidated = await send({ url: LIST, headers: { ...headers, 'If-None-Match': validator(etag) } });
      expect([ttlMs, revalidated.status, revalidated.body]).toEqual([ttlMs, 304, null]);
    }
  });

  it('caches GraphQL GETs, in the router’s path spelling, for requests that pass Apollo’s CSRF check', async () => {
    const { send } = setup();
    const url = '/GraphQL/?query=%7BoutsourcingCategories%7Bcode%7D%7D';
    const headers = { 'apollo-require-preflight': 'true' };
    expect((await send({ url, headers })).header('ETag')).toMatch(ETAG);
    expect((await send({ url, headers })).routed).toBe(false);
    expect((await send({ url, headers: { 'Content-Type': 'application/json' } })).routed).toBe(false);
    expect((await send({ url, headers: { 'X-Apollo-Operation-Name': 'Categories' } })).routed).toBe(false);
  });

  it('leaves a GraphQL GET Apollo would refuse as a possible CSRF to Apollo, even when the answer is cached', async () => {
    const { send } = setup();
    const url = '/graphql?query=%7BoutsourcingCategories%7Bcode%7D%7D';
    expect((await send({ url, headers: { 'apollo-require-preflight': 'true' } })).routed).toBe(true);
    const refusedHeaders: Record<string, string>[] = [
      {},
      { 'Content-Type': 'text/plain' },
      { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      { 'Content-Type': 'Multipart/Form-Data; boundary=x' },
      { 'apollo-require-preflight': '' },
    ];
    for (const headers of refusedHeaders) {
      expect([headers, (await send({ url, headers })).routed]).toEqual([headers, true]);
    }
  });

  it('keys one route’s path spellings to one entry', async () => {
    const { send } = setup();
    expect((await send({ url: '/api/quote-stats' })).routed).toBe(true);
    for (const url of ['/API/Quote-Stats', '/api/quote-stats/', '/Api/QUOTE-STATS//']) {
      expect([url, (await send({ url })).routed]).toEqual([url, false]);
    }
    expect(cacheKeyOf('/API/Outsourcing-Categories/', 'locale=fr')).toBe('/api/outsourcing-categories?locale=fr');
    expect(cacheKeyOf('/api/quote-stats', '')).toBe('/api/quote-stats');
  });

  it("replaces Apollo's default no-store on GraphQL GETs with the public policy and an ETag", async () => {
    const { send } = setup();
    const url = '/graphql?query=%7BoutsourcingOverview%7Btitle%7D%7D';
    const apollo = (ctx: TestContext) => {
      // What src/graphql/surrogate-keys-plugin.ts records while the resolvers run.
      startRecordingDocuments(ctx).keys.add('outsourcing-overview').add('outsourcing-overview:ov1');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: { outsourcingOverview: { title: 'Externalisation' } } };
    };
    const res = await send({ url }, apollo);
    expect(res.header('Cache-Control')).toBe(CACHE_CONTROL);
    expect(res.header('ETag')).toMatch(ETAG);
    expect(res.header('Surrogate-Key')).toBe('outsourcing-overview outsourcing-overview:ov1');
  });
});

describe('HTTP cache: GraphQL answers whose documents or outcome are uncertain (fail closed)', () => {
  const url = '/graphql?query=%7BoutsourcingOverview%7Btitle%7D%7D';
  const headers = { 'apollo-require-preflight': 'true' };
  const ALL_TYPES = 'comparison-page outsourcing-category outsourcing-overview site';
  const answer =
    (body: unknown, record: (recorded: ResolvedDocuments) => void = () => undefined) =>
    (ctx: TestContext) => {
      record(startRecordingDocuments(ctx));
      ctx.body = body;
    };

  it('tags an answer no resolver recorded with every type and keeps it briefly (API_NOT_FOUND_MAX_AGE)', async () => {
    const { send } = setup();
    const res = await send({ url, headers }, (ctx) => {
      ctx.body = { data: { outsourcingOverview: { title: 'Externalisation' } } };
    });
    expect([res.header('Cache-Control'), res.header('Surrogate-Key')]).toEqual([SHORT, ALL_TYPES]);
    // From the response cache: the same short policy.
    const again = await send({ url, headers });
    expect([again.routed, again.header('Cache-Control'), again.header('Surrogate-Key')]).toEqual([
      false,
      SHORT,
      ALL_TYPES,
    ]);
  });

  it('adds every type to what an incomplete record holds, and keeps it briefly', async () => {
    const { send } = setup();
    const res = await send(
      { url, headers },
      answer({ data: { outsourcingOverview: { title: 'x' } } }, (recorded) => {
        recorded.keys.add('outsourcing-overview:ov1');
        recorded.complete = false;
      })
    );
    expect(res.header('Cache-Control')).toBe(SHORT);
    expect(res.header('Surrogate-Key')).toBe(`${ALL_TYPES} outsourcing-overview:ov1`.split(' ').sort().join(' '));
  });

  it('keeps an answer with errors briefly with its keys, never in memory; a server failure not at all', async () => {
    const { send } = setup();
    const forbidden = answer(
      { data: null, errors: [{ message: 'Forbidden access', extensions: { code: 'FORBIDDEN' } }] },
      (recorded) => recorded.keys.add('outsourcing-overview')
    );
    const refused = await send({ url, headers }, forbidden);
    expect([refused.header('Cache-Control'), refused.header('Surrogate-Key')]).toEqual([SHORT, 'outsourcing-overview']);
    expect((await send({ url, headers }, forbidden)).routed).toBe(true);

    const failed = await send(
      { url, headers },
      answer({
        data: null,
        errors: [{ message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      })
    );
    expect([failed.header('Cache-Control'), failed.header('Surrogate-Key')]).toEqual(['no-store', '']);
  });
});

describe('passesGraphqlCsrfCheck (Apollo Server csrfPrevention)', () => {
  const check = (headers: Record<string, string>): boolean =>
    passesGraphqlCsrfCheck((name) => headers[name.toLowerCase()] ?? '');
  it.each([
    [{ 'content-type': 'application/json' }, true],
    [{ 'content-type': 'application/graphql-response+json; charset=utf-8' }, true],
    [{ 'apollo-require-preflight': '1' }, true],
    [{ 'x-apollo-operation-name': 'Q' }, true],
    [{ 'content-type': 'text/plain', 'apollo-require-preflight': '1' }, true],
    [{}, false],
    [{ 'content-type': 'text/plain' }, false],
    [{ 'content-type': 'TEXT/PLAIN;charset=utf-8' }, false],
    [{ 'content-type': 'multipart/form-data; boundary=a' }, false],
    [{ 'content-type': 'application/x-www-form-urlencoded' }, false],
    [{ 'content-type': 'not a type' }, false],
    [{ 'apollo-require-preflight': '', 'x-apollo-operation-name': '' }, false],
  ])('%j: %s', (headers, passes) => {
    expect(check(headers)).toBe(passes);
  });
});

describe('HTTP cache: what is private or left alone', () => {
  it('marks an authenticated answer private, no-cache (still with an ETag) and never stores it', async () => {
    const { send } = setup();
    const authenticated = await send({ url: LIST, headers: { Authorization: 'Bearer api-token' } }, (ctx) => {
      ctx.state.auth = { strategy: { name: 'content-api-token' }, credentials: { id: 1 } };
      ctx.body = { data: [{ code: 'bpo', summary: 'draft text' }] };
    });
    expect(authenticated.header('Cache-Control')).toBe('private, no-cache');
    expect(authenticated.header('ETag')).toMatch(ETAG);

    const anonymous = await send({ url: LIST });
    expect(anonymous.routed).toBe(true);
    expect(anonymous.body).not.toContain('draft text');
  });

  it('marks an answer read with a preview grant private and never stores it', async () => {
    const { send } = setup();
    const preview = await send({ url: LIST, headers: { 'X-Preview-Token': 'token' } }, (ctx) => {
      ctx.state.previewGrant = { uid: 'api::outsourcing-category.outsourcing-category', documentId: 'd', locale: 'fr' };
      ctx.body = { data: { summary: 'draft text' } };
    });
    expect(preview.header('Cache-Control')).toBe('private, no-cache');
    expect((await send({ url: LIST })).routed).toBe(true);
  });

  it('counts as anonymous what authentication decided: an Authorization header it did not accept is public', async () => {
    const { send } = setup();
    const res = await send({ url: LIST, headers: { Authorization: 'Bearer not-a-token' } });
    expect(res.header('Cache-Control')).toBe(CACHE_CONTROL);
  });

  it('never answers a request that carries credentials from the shared cache', async () => {
    const { send } = setup();
    await send({ url: LIST });
    expect((await send({ url: LIST, headers: { Authorization: 'Bearer x' } })).routed).toBe(true);
    expect((await send({ url: LIST, headers: { 'X-Preview-Token': 'x' } })).routed).toBe(true);
    expect((await send({ url: LIST })).routed).toBe(false);
  });

  it('leaves a no-store answer (the CSV export) as the route made it', async () => {
    const { send } = setup();
    const csvRoute = (ctx: TestContext) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'text/csv';
      ctx.body = 'reference,stage\r\n';
    };
    const res = await send({ url: '/api/outsourcing-categories/export' }, csvRoute);
    expect(res.header('Cache-Control')).toBe('no-store');
    expect(res.header('ETag')).toBe('');
    expect((await send({ url: '/api/outsourcing-categories/export' }, csvRoute)).routed).toBe(true);
  });

  it('neither stores nor tags errors and streams', async () => {
    const { send } = setup();
    const notFound = (ctx: TestContext) => {
      ctx.status = 404;
      ctx.body = { data: null, error: { status: 404 } };
    };
    expect((await send({ url: '/api/nope' }, notFound)).header('ETag')).toBe('');
    expect((await send({ url: '/api/nope' }, notFound)).routed).toBe(true);

    const stream = (ctx: TestContext) => {
      ctx.body = Readable.from(['a', 'b']);
    };
    expect((await send({ url: '/api/stream' }, stream)).header('ETag')).toBe('');
    expect((await send({ url: '/api/stream' }, stream)).routed).toBe(true);
  });

  it.each([
    ['GET', '/api/quote-requests'],
    ['GET', '/API/Quote-Requests/export/'],
    ['POST', '/api/outsourcing-categories'],
    ['GET', '/admin/init'],
  ])('does not touch %s %s', async (method, url) => {
    const { send } = setup();
    const first = await send({ method, url });
    expect(first.header('ETag')).toBe('');
    expect(first.header('Cache-Control')).toBe('');
    expect((await send({ method, url })).routed).toBe(true);
  });
});

describe('HTTP cache: invalidation', () => {
  it('empties at once on a content write on this instance; reads and quote traffic leave it', async () => {
    const { send, emitDbEvent } = setup();
    await send({ url: LIST });

    emitDbEvent({ action: 'afterFindMany', model: { uid: 'api::outsourcing-category.outsourcing-category' } });
    emitDbEvent({ action: 'afterCount', model: { uid: 'api::outsourcing-category.outsourcing-category' } });
    emitDbEvent({ action: 'afterCreate', model: { uid: 'api::quote-request.quote-request' } });
    emitDbEvent({ action: 'afterUpdate', model: { uid: 'api::quote-notification.quote-notification' } });
    emitDbEvent({ action: 'beforeUpdate', model: { uid: 'api::outsourcing-category.outsourcing-category' } });
    expect((await send({ url: LIST })).routed).toBe(false);

    emitDbEvent({ action: 'afterUpdate', model: { uid: 'api::outsourcing-category.outsourcing-category' } });
    const fresh = await send({ url: LIST }, categories({ data: 'edited' }));
    expect(fresh.routed).toBe(true);
    expect(fresh.body).toBe('{"data":"edited"}');
  });

  it('does not store an answer computed while a write happened (it may be stale)', async () => {
    const { send, emitDbEvent } = setup();
    await send({ url: LIST }, (ctx) => {
      ctx.body = { data: 'read before the write' };
      emitDbEvent({ action: 'afterUpdate', model: { uid: 'plugin::i18n.locale' } });
    });
    expect((await send({ url: LIST })).routed).toBe(true);
  });
});
