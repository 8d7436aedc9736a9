/**
 * Issue 8, reproductions 6 to 10: what reaches the app before any controller runs (CORS, the client
 * address behind a proxy, GraphQL document cost, body limits on every spelling of the submission path,
 * multipart parsing). Each test sends the reviewer's hostile request to the real app over HTTP, as a
 * browser or a script would, and checks what the caller gets back and what the app kept.
 *
 * One boot for this file, with its own origins and proxy settings (see useStrapi below).
 */
import fs from 'fs';
import http from 'http';
import os from 'os';
import { join } from 'path';
import zlib from 'zlib';
import { nextClientIp } from '../helpers/context';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';

const ADMIN_ORIGIN = 'http://cms.rouge-hexagone.test';
const FRONTEND_ORIGIN = 'https://www.rouge-hexagone.test';
const FOREIGN_ORIGIN = 'https://evil.example';
const RATE_LIMIT_MAX = 5;
const BODY_LIMIT_BYTES = 64 * 1024;
const QUOTE_REQUEST_UID = 'api::quote-request.quote-request';

// Unset, not empty: the default allow-list (the admin's and the frontend's origins) is under test,
// whatever the shell exports.
delete process.env.CORS_ORIGINS;
useStrapi({
  PUBLIC_URL: ADMIN_ORIGIN,
  FRONTEND_URL: `${FRONTEND_ORIGIN}/example`,
  IS_PROXIED: 'true',
  PROXY_TRUSTED_HOPS: '1',
  EMAIL_FROM: 'Rouge Hexagone <devis@rouge-hexagone.test>',
  EMAIL_REPLY_TO: 'commercial@rouge-hexagone.test',
  QUOTE_ROUTING_BPO: 'bpo@rouge-hexagone.test',
  QUOTE_ROUTING_ITO: 'ito@rouge-hexagone.test',
  QUOTE_ROUTING_KPO: 'kpo@rouge-hexagone.test',
  QUOTE_ROUTING_FALLBACK: 'commercial@rouge-hexagone.test',
  QUOTE_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
  QUOTE_RATE_LIMIT_WINDOW_MS: '600000',
});

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A request as a browser's or a server-side frontend's fetch sends it. */
const call = async (path: string, init: RequestInit = {}): Promise<HttpResult> => {
  const res = await fetch(`${httpServer()}${path}`, init);
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text.length > 0) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body };
};

interface RawResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/**
 * A request written with node's http client, for what fetch does not let a caller choose: a chunked
 * body without Content-Length. A fresh connection each time, so a refused body never poisons the next.
 */
const rawRequest = (path: string, headers: Record<string, string>, chunks: Buffer[]): Promise<RawResult> =>
  new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(`${httpServer()}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        const json = (res.headers['content-type'] ?? '').includes('json') && text.length > 0;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: json ? JSON.parse(text) : text });
      });
      res.on('error', reject);
    });
    // The server may answer (and close) before the whole body is written: that is the expected refusal.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });

/** Strapi's standard error body: `{ data: null, error: { status, name, message } }`. */
const expectStrapiError = (body: unknown, status: number, name: string): void => {
  expect(body).toMatchObject({ data: null, error: { status, name, message: expect.any(String) as unknown } });
};

const validSubmission = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  fullName: 'Camille Martin',
  email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
  company: 'ACME',
  requestedModel: 'bpo',
  message: 'Nous souhaitons externaliser notre paie (250 salariés).',
  consent: true,
  ...overrides,
});

const jsonHeaders = (clientIp: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'Content-Type': 'application/json',
  'X-Forwarded-For': clientIp,
  ...extra,
});

const countQuoteRequests = (): Promise<number> => getStrapi().db.query(QUOTE_REQUEST_UID).count();

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const postGraphql = (
  query: string,
  clientIp = nextClientIp(),
  variables: Record<string, unknown> = {}
): Promise<HttpResult> =>
  call('/graphql', {
    method: 'POST',
    headers: jsonHeaders(clientIp),
    body: JSON.stringify({ query, variables }),
  });

const graphqlBody = (result: HttpResult): GraphqlBody => result.body as GraphqlBody;

// ---------------------------------------------------------------------------------------------------
// 6. CORS
// ---------------------------------------------------------------------------------------------------

describe('6. CORS: only the admin and frontend origins, credentials only for the admin', () => {
  /** Signs an admin in and returns the refresh cookie the admin panel keeps (`name=value`). */
  const adminRefreshCookie = async (): Promise<string> => {
    const strapi = getStrapi();
    const role = (await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } })) as {
      id: number;
    } | null;
    if (!role) throw new Error('the Super Admin role is missing');
    const email = `cors.${Math.random().toString(36).slice(2, 8)}@rouge-hexagone.test`;
    const password = 'Adm1n-Passw0rd!';
    const users = strapi.service('admin::user') as unknown as {
      create(attributes: Record<string, unknown>): Promise<unknown>;
    };
    await users.create({ firstname: 'Cors', lastname: 'Test', email, password, isActive: true, roles: [role.id] });
    const login = await call('/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password, rememberMe: true }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((header) => header.split(';')[0])
      .find((pair) => pair.startsWith('strapi_admin_refresh='));
    if (!cookie) throw new Error('admin login set no refresh cookie');
    return cookie;
  };

  const exchangeRefreshCookie = (origin: string, cookie: string): Promise<HttpResult> =>
    call('/admin/access-token', {
      method: 'POST',
      headers: { Origin: origin, Cookie: cookie, 'Content-Type': 'application/json' },
      body: '{}',
    });

  const expectNoCorsGrant = (headers: Headers): void => {
    expect(headers.get('access-control-allow-origin')).toBeNull();
    expect(headers.get('access-control-allow-credentials')).toBeNull();
  };

  describe('a foreign origin gets no Access-Control-Allow-Origin at all', () => {
    it('on a REST read', async () => {
      const res = await call('/api/outsourcing-categories', { headers: { Origin: FOREIGN_ORIGIN } });
      expect(res.status).toBe(200);
      expectNoCorsGrant(res.headers);
    });

    it('on POST /graphql (the GraphQL plugin no longer adds its own reflecting CORS layer)', async () => {
      const res = await call('/graphql', {
        method: 'POST',
        headers: { ...jsonHeaders(nextClientIp()), Origin: FOREIGN_ORIGIN },
        body: JSON.stringify({ query: '{ outsourcingCategories { name } }' }),
      });
      expect(res.status).toBe(200);
      expectNoCorsGrant(res.headers);
    });

    it('on the preflight of POST /admin/access-token', async () => {
      const res = await call('/admin/access-token', {
        method: 'OPTIONS',
        headers: {
          Origin: FOREIGN_ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      // The router's plain OPTIONS answer (an Allow header), not a CORS grant: a browser stops here.
      expect(res.status).toBe(200);
      expectNoCorsGrant(res.headers);
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
      expect(res.headers.get('access-control-allow-headers')).toBeNull();
    });

    it('on POST /admin/access-token with a valid refresh cookie (the token is not readable cross-origin)', async () => {
      const cookie = await adminRefreshCookie();
      const res = await exchangeRefreshCookie(FOREIGN_ORIGIN, cookie);
      // The server cannot tell a browser from a script; what protects the token is that a browser on
      // evil.example is not allowed to read this answer.
      expect(res.status).toBe(200);
      expectNoCorsGrant(res.headers);
    });
  });

  describe('the frontend origin reads public content, without credentials', () => {
    it('on a REST read', async () => {
      const res = await call('/api/outsourcing-categories', { headers: { Origin: FRONTEND_ORIGIN } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(FRONTEND_ORIGIN);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('on POST /graphql', async () => {
      const res = await call('/graphql', {
        method: 'POST',
        headers: { ...jsonHeaders(nextClientIp()), Origin: FRONTEND_ORIGIN },
        body: JSON.stringify({ query: '{ outsourcingCategories { name } }' }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(FRONTEND_ORIGIN);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('on a preflight', async () => {
      const res = await call('/api/quote-requests', {
        method: 'OPTIONS',
        headers: {
          Origin: FRONTEND_ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,idempotency-key',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(FRONTEND_ORIGIN);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('cannot exchange the admin refresh cookie with credentials', async () => {
      const cookie = await adminRefreshCookie();
      const res = await exchangeRefreshCookie(FRONTEND_ORIGIN, cookie);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });

  describe("the admin's own origin gets credentials", () => {
    it('on the preflight of POST /admin/access-token', async () => {
      const res = await call('/admin/access-token', {
        method: 'OPTIONS',
        headers: {
          Origin: ADMIN_ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ADMIN_ORIGIN);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    });

    it('on POST /admin/access-token', async () => {
      const cookie = await adminRefreshCookie();
      const res = await exchangeRefreshCookie(ADMIN_ORIGIN, cookie);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ data: { token: expect.any(String) as unknown } });
      expect(res.headers.get('access-control-allow-origin')).toBe(ADMIN_ORIGIN);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// 7. Client address behind one trusted proxy
// ---------------------------------------------------------------------------------------------------

describe('7. Behind one trusted proxy, the client cannot choose its rate-limit identity', () => {
  const submitThroughProxy = (forwardedFor: string): Promise<HttpResult> =>
    call('/api/quote-requests', {
      method: 'POST',
      headers: jsonHeaders(forwardedFor),
      body: JSON.stringify({ data: validSubmission() }),
    });

  it('reads the address the proxy appended, not the leftmost one the client wrote', async () => {
    const before = await countQuoteRequests();
    const results: HttpResult[] = [];
    // One after the other: the limiter counts in arrival order.
    for (let i = 1; i <= RATE_LIMIT_MAX + 2; i += 1) {
      results.push(await submitThroughProxy(`203.0.113.${i}, 127.0.0.50`));
    }

    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 429, 429]);
    for (const refused of results.slice(RATE_LIMIT_MAX)) {
      expectStrapiError(refused.body, 429, 'RateLimitError');
      const retryAfter = refused.headers.get('retry-after');
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    }
    expect(await countQuoteRequests()).toBe(before + RATE_LIMIT_MAX);
  });

  it('gives another client (another address written by the proxy) its own budget', async () => {
    const res = await submitThroughProxy('203.0.113.1, 127.0.0.51');
    expect(res.status).toBe(201);
  });
});

// ---------------------------------------------------------------------------------------------------
// 8. GraphQL document cost and body
// ---------------------------------------------------------------------------------------------------

describe('8. GraphQL: aliases, body size and encoding are bounded before anything runs', () => {
  const aliased = (count: number, selection: (i: number) => string): string =>
    Array.from({ length: count }, (_, i) => `a${i}: ${selection(i)}`).join('\n');

  const expectRefusedDocument = (res: HttpResult): void => {
    expect(res.status).toBe(400);
    const body = graphqlBody(res);
    expect(body.data ?? undefined).toBeUndefined();
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(body.errors?.map((e) => e.message).join(' ')).toMatch(/alias/i);
  };

  it('still answers a normal query', async () => {
    const res = await postGraphql('{ outsourcingCategories { name } }');
    expect(res.status).toBe(200);
    const body = graphqlBody(res);
    expect(body.errors).toBeUndefined();
    const categories = body.data?.outsourcingCategories;
    expect(Array.isArray(categories) && categories.length > 0).toBe(true);
  });

  it('refuses 200 aliases of outsourcingCategories with 400', async () => {
    const query = `{\n${aliased(200, () => 'outsourcingCategories { name }')}\n}`;
    const started = process.hrtime.bigint();
    const res = await postGraphql(query);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      `GraphQL: ${Buffer.byteLength(query)}-byte document with 200 aliases refused in ${elapsedMs.toFixed(1)} ms (round trip)`
    );
    expectRefusedDocument(res);
  });

  it('refuses a document over the token limit with 400, never a 500', async () => {
    // 200 aliases with arguments and two fields: over the 2,000-token limit before the alias count.
    const query = `{\n${aliased(200, () => 'outsourcingCategories(locale: "fr") { name summary }')}\n}`;
    const started = process.hrtime.bigint();
    const res = await postGraphql(query);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      `GraphQL: ${Buffer.byteLength(query)}-byte document over the token limit refused in ${elapsedMs.toFixed(1)} ms`
    );
    expect(res.status).toBe(400);
    const body = graphqlBody(res);
    expect(body.data ?? undefined).toBeUndefined();
    expect(body.errors?.map((e) => e.message).join(' ')).toMatch(/2000 tokens/);
  });

  it('refuses submitQuoteRequest aliased 20 times with 400 and stores nothing', async () => {
    const before = await countQuoteRequests();
    const mutation = `mutation Submit($data: QuoteRequestSubmissionInput!) {\n${aliased(
      20,
      () => 'submitQuoteRequest(data: $data) { reference }'
    )}\n}`;
    const res = await postGraphql(mutation, nextClientIp(), { data: validSubmission() });
    expectRefusedDocument(res);
    expect(await countQuoteRequests()).toBe(before);
  });

  describe.each(['/graphql', '/GraphQL/'])('body of POST %s', (path) => {
    it(`over ${BODY_LIMIT_BYTES / 1024} KB answers 413`, async () => {
      const padding = ' '.repeat(BODY_LIMIT_BYTES);
      const res = await call(path, {
        method: 'POST',
        headers: jsonHeaders(nextClientIp()),
        body: JSON.stringify({ query: `{ outsourcingCategories { name } }${padding}` }),
      });
      expect(res.status).toBe(413);
      expectStrapiError(res.body, 413, 'PayloadTooLargeError');
    });

    it('compressed with Content-Encoding: gzip answers 415', async () => {
      const res = await call(path, {
        method: 'POST',
        headers: jsonHeaders(nextClientIp(), { 'Content-Encoding': 'gzip' }),
        body: zlib.gzipSync(JSON.stringify({ query: '{ outsourcingCategories { name } }' })),
      });
      expect(res.status).toBe(415);
      expectStrapiError(res.body, 415, 'UnsupportedMediaTypeError');
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// 9. The submission guard on every spelling of the path
// ---------------------------------------------------------------------------------------------------

describe('9. The submission body guard holds on every spelling of the path', () => {
  const SPELLINGS = ['/api/quote-requests', '/api/quote-requests/', '/api/Quote-Requests', '/API/QUOTE-REQUESTS/'];

  let storedBefore = 0;
  beforeAll(async () => {
    storedBefore = await countQuoteRequests();
  });

  describe.each(SPELLINGS)('POST %s', (path) => {
    it('with a chunked body and no Content-Length answers 411', async () => {
      const body = Buffer.from(JSON.stringify({ data: validSubmission() }));
      const res = await rawRequest(path, jsonHeaders(nextClientIp(), { 'Transfer-Encoding': 'chunked' }), [
        body.subarray(0, 40),
        body.subarray(40),
      ]);
      expect(res.status).toBe(411);
      expectStrapiError(res.body, 411, 'LengthRequiredError');
    });

    it('form-encoded answers 415', async () => {
      const form = new URLSearchParams({
        'data[fullName]': 'Camille Martin',
        'data[email]': 'camille@client.test',
        'data[requestedModel]': 'bpo',
        'data[message]': 'Nous souhaitons externaliser notre paie.',
        'data[consent]': 'true',
      });
      const res = await call(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': nextClientIp() },
        body: form.toString(),
      });
      expect(res.status).toBe(415);
      expectStrapiError(res.body, 415, 'UnsupportedMediaTypeError');
    });

    it(`with a JSON body over ${BODY_LIMIT_BYTES / 1024} KB answers 413`, async () => {
      const res = await call(path, {
        method: 'POST',
        headers: jsonHeaders(nextClientIp()),
        body: JSON.stringify({ data: validSubmission({ message: 'x'.repeat(BODY_LIMIT_BYTES) }) }),
      });
      expect(res.status).toBe(413);
      expectStrapiError(res.body, 413, 'PayloadTooLargeError');
    });

    it('with a valid JSON body compressed with Content-Encoding: gzip answers 415', async () => {
      const res = await call(path, {
        method: 'POST',
        headers: jsonHeaders(nextClientIp(), { 'Content-Encoding': 'gzip' }),
        body: zlib.gzipSync(JSON.stringify({ data: validSubmission() })),
      });
      expect(res.status).toBe(415);
      expectStrapiError(res.body, 415, 'UnsupportedMediaTypeError');
    });
  });

  it('stored none of the refused bodies', async () => {
    expect(await countQuoteRequests()).toBe(storedBefore);
  });

  // Control: every spelling reaches the submission controller, so the refusals above are the guard's.
  it.each(SPELLINGS)('accepts a valid plain JSON body on %s', async (path) => {
    const res = await call(path, {
      method: 'POST',
      headers: jsonHeaders(nextClientIp()),
      body: JSON.stringify({ data: validSubmission() }),
    });
    expect(res.status).toBe(201);
  });
});

// ---------------------------------------------------------------------------------------------------
// 10. Multipart
// ---------------------------------------------------------------------------------------------------

describe('10. A public multipart body leaves no file: only the quote form reads one, into its private folder', () => {
  /** formidable (through koa-body) names the files it writes with a cuid2 id in os.tmpdir(). */
  const FORMIDABLE_FILE_NAME = /^[a-z][a-z0-9]{20,31}$/;
  const marker = `issue-8-multipart-${Math.random().toString(36).slice(2)}`;
  const tmpDir = os.tmpdir();

  /** Records every name created in the temp folder, including files removed again before we look. */
  const watchTmpDir = (): { names: Set<string>; stop(): void } => {
    const names = new Set<string>();
    const watcher = fs.watch(tmpDir, (_event, name) => {
      if (name) names.add(name.toString());
    });
    return { names, stop: () => watcher.close() };
  };

  const listTmpDir = (): Set<string> => new Set(fs.readdirSync(tmpDir));

  /** New regular files of the temp folder holding what this test uploaded (other processes share the folder). */
  const uploadedFilesLeft = (before: Set<string>): string[] =>
    [...listTmpDir()]
      .filter((name) => !before.has(name))
      .filter((name) => {
        try {
          const file = join(tmpDir, name);
          return fs.statSync(file).isFile() && fs.readFileSync(file, 'utf8').includes(marker);
        } catch {
          return false; // removed between listing and reading
        }
      });

  const multipartBody = (): FormData => {
    const form = new FormData();
    form.append('evil', new Blob([`${marker} evil`], { type: 'text/plain' }), 'evil.txt');
    form.append('files', new Blob([`${marker} files`], { type: 'text/plain' }), 'files.txt');
    form.append('data', JSON.stringify({ fullName: 'Camille Martin' }));
    return form;
  };

  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 200));

  // The quote form takes multipart (its attachments, streamed to their private folder only once the body
  // is known to be a quote request's): a body of other files is refused as bad input. Elsewhere: 415.
  it.each([
    ['/api/quote-requests', 400, 'ValidationError'],
    ['/api/Quote-Requests/', 400, 'ValidationError'],
    ['/api/outsourcing-categories', 415, 'UnsupportedMediaTypeError'],
  ] as const)('POST %s without credentials answers %s and writes no file', async (path, status, name) => {
    const storedBefore = await countQuoteRequests();
    const before = listTmpDir();
    const watch = watchTmpDir();
    let res: HttpResult;
    try {
      res = await call(path, {
        method: 'POST',
        headers: { 'X-Forwarded-For': nextClientIp() },
        body: multipartBody(),
      });
      await settle();
    } finally {
      watch.stop();
    }

    expect(res.status).toBe(status);
    expectStrapiError(res.body, status, name);
    expect(uploadedFilesLeft(before)).toEqual([]);
    expect([...watch.names].filter((name) => FORMIDABLE_FILE_NAME.test(name))).toEqual([]);
    expect(await countQuoteRequests()).toBe(storedBefore);
  });

  it.each([
    ['/api/upload', undefined],
    ['/api/upload', 'x'],
    ['/api/Upload/', 'Bearer'],
    ['/api/upload', 'Bearer forged-token'],
    ['/api/upload', 'Basic dXNlcjpwYXNz'],
    ['/upload', 'Bearer forged-admin-token'],
  ])('POST %s with Authorization %p answers 401 before writing any file', async (path, authorization) => {
    const before = listTmpDir();
    const watch = watchTmpDir();
    let res: HttpResult;
    try {
      res = await call(path, {
        method: 'POST',
        headers: { 'X-Forwarded-For': nextClientIp(), ...(authorization ? { Authorization: authorization } : {}) },
        body: multipartBody(),
      });
      await settle();
    } finally {
      watch.stop();
    }
    expect(res.status).toBe(401);
    expectStrapiError(res.body, 401, 'UnauthorizedError');
    expect(uploadedFilesLeft(before)).toEqual([]);
    expect([...watch.names].filter((name) => FORMIDABLE_FILE_NAME.test(name))).toEqual([]);
  });

  // Control for the two checks above: an authorised upload is parsed, so formidable does write to the
  // temp folder (the watcher sees it), and a file under a field the upload plugin ignores is removed.
  it('an authorised POST /api/upload is parsed, and its stray field leaves no file behind', async () => {
    const tokens = getStrapi().service('admin::api-token') as unknown as {
      create(attributes: Record<string, unknown>): Promise<{ accessKey: string }>;
    };
    const { accessKey } = await tokens.create({
      name: `transport upload ${Math.random().toString(36).slice(2, 8)}`,
      type: 'full-access',
      lifespan: null,
    });
    const before = listTmpDir();
    const watch = watchTmpDir();
    let res: HttpResult;
    try {
      const form = new FormData();
      form.append('evil', new Blob([`${marker} authorised evil`], { type: 'text/plain' }), 'evil.txt');
      res = await call('/api/upload', {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessKey}`, 'X-Forwarded-For': nextClientIp() },
        body: form,
      });
      await settle();
    } finally {
      watch.stop();
    }

    // A text file is not an allowed upload type (global::upload-type-guard refuses it), after koa-body has
    // parsed (and written) the body.
    expect(res.status).toBe(400);
    expectStrapiError(res.body, 400, 'ValidationError');
    expect([...watch.names].filter((name) => FORMIDABLE_FILE_NAME.test(name)).length).toBeGreaterThan(0);
    expect(uploadedFilesLeft(before)).toEqual([]);
  });
});
