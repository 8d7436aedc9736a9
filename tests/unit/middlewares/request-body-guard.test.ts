import fs from 'fs';
import os from 'os';
import path from 'path';
import requestBodyGuard, { assertBodyDepth } from '../../../src/middlewares/request-body-guard';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../../../src/utils/body-depth';
import { SUBMISSION_BODY_LIMIT_BYTES } from '../../../src/api/quote-request/constants';
import {
  fakeContext,
  fakeStrapi,
  handlerOf,
  installGlobalStrapi,
  runMiddleware,
  type TestContext,
} from '../../helpers/koa-context';

const JSON_TYPE = 'application/json';
const MULTIPART = 'multipart/form-data; boundary=x';
const SUBMISSION_SPELLINGS = [
  '/api/quote-requests',
  '/API/Quote-Requests',
  '/api/quote-requests/',
  '/Api/QUOTE-REQUESTS//',
];
const GRAPHQL_SPELLINGS = ['/graphql', '/GraphQL', '/graphql/'];

const API_TOKENS: Record<string, { expiresAt: string | null }> = {
  'hash:valid-api-token': { expiresAt: null },
  'hash:expired-api-token': { expiresAt: '2020-01-01T00:00:00.000Z' },
};
const VALID_JWT = 'valid-end-user-jwt';
const VALID_ADMIN_SESSION = 'valid-admin-session';

/** What Strapi's admin session manager, admin users and permissions answer for `VALID_ADMIN_SESSION` only. */
const adminAuth = {
  sessionManager: () => ({
    validateAccessToken: (token: string) => ({
      isValid: token === VALID_ADMIN_SESSION,
      payload: { userId: '7', sessionId: 'session-7' },
    }),
    isSessionActive: (sessionId: string) => Promise.resolve(sessionId === 'session-7'),
  }),
};

/**
 * Layers of the content API's router as @koa/router builds them (`sensitive: false`, `strict: false`):
 * case-insensitive, an optional trailing slash, `:param` one segment.
 */
const contentApiLayer = (method: string, path: string) => {
  const pattern = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[a-zA-Z]+/g, '[^/#?]+');
  const regexp = new RegExp(`^${pattern}[/#?]?$`, 'i');
  return {
    methods: method === 'GET' ? ['HEAD', 'GET'] : [method],
    match: (candidate: string) => regexp.test(candidate),
  };
};
const CONTENT_API_LAYERS = [
  contentApiLayer('GET', '/api/outsourcing-categories'),
  contentApiLayer('PUT', '/api/outsourcing-categories/:id'),
  contentApiLayer('POST', '/api/quote-requests'),
  contentApiLayer('POST', '/api/auth/local'),
  contentApiLayer('POST', '/api/auth/forgot-password'),
  contentApiLayer('POST', '/api/upload'),
];

let restoreGlobalStrapi: (() => void) | undefined;
afterEach(() => {
  restoreGlobalStrapi?.();
  restoreGlobalStrapi = undefined;
});

const setup = () => {
  const { strapi } = fakeStrapi({
    config: {
      'plugin::graphql.endpoint': '/graphql',
      quotes: { attachments: { maxCount: 3, maxBytes: 10 * 1024 * 1024, dir: '.tmp/quote-attachments' } },
    },
    services: {
      'admin::api-token-content-api': {
        hash: (token: string) => `hash:${token}`,
        getByAccessKey: (hash: string) => Promise.resolve(API_TOKENS[hash] ?? null),
      },
      'admin::permission': { engine: { generateUserAbility: () => Promise.resolve({ can: () => true }) } },
    },
    pluginServices: {
      'users-permissions': {
        jwt: {
          getToken: (ctx: TestContext) =>
            ctx.get('authorization') === `Bearer ${VALID_JWT}`
              ? Promise.resolve({ id: 3 })
              : Promise.reject(new Error('invalid token')),
        },
      },
    },
    queries: { 'admin::user': { findOne: () => Promise.resolve({ id: 7, isActive: true }) } },
    extra: { ...adminAuth, server: { api: () => ({ listRoutes: () => CONTENT_API_LAYERS }) } },
  });
  // Services are also reached through the global `strapi`, as in the app.
  restoreGlobalStrapi = installGlobalStrapi(strapi);
  const guard = handlerOf(requestBodyGuard, strapi);
  const send = async (
    method: string,
    url: string,
    headers: Record<string, string>,
    route: (ctx: TestContext) => void | Promise<void> = () => undefined
  ) => {
    const ctx = fakeContext({ method, url, headers });
    return runMiddleware(guard, ctx, () => route(ctx));
  };
  return { send, strapi };
};

/** A JSON body of `length` bytes, as declared by the client. */
const json = (length: number | string = 200): Record<string, string> => ({
  'Content-Type': JSON_TYPE,
  'Content-Length': String(length),
});

describe('request body guard: the quote submission, in every spelling of its path', () => {
  it.each(SUBMISSION_SPELLINGS)('lets a small JSON body through: POST %s', async (url) => {
    const { send } = setup();
    expect(await send('POST', url, json())).toMatchObject({ nextCalled: true });
    expect(await send('POST', url, json(SUBMISSION_BODY_LIMIT_BYTES))).toMatchObject({ nextCalled: true });
    const withCharset = {
      ...json(),
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Encoding': 'identity',
    };
    expect(await send('POST', url, withCharset)).toMatchObject({ nextCalled: true });
  });

  it.each(SUBMISSION_SPELLINGS)('answers a body without Content-Length with 411: POST %s', async (url) => {
    const { send } = setup();
    expect(await send('POST', url, { 'Content-Type': JSON_TYPE, 'Transfer-Encoding': 'chunked' })).toMatchObject({
      status: 411,
      nextCalled: false,
    });
  });

  it.each(SUBMISSION_SPELLINGS)('answers a body over 64 KB with 413 before reading it: POST %s', async (url) => {
    const { send } = setup();
    const { status, nextCalled, error } = await send('POST', url, json(SUBMISSION_BODY_LIMIT_BYTES + 1));
    expect(status).toBe(413);
    expect(nextCalled).toBe(false);
    expect(error).toMatchObject({ name: 'PayloadTooLargeError', details: { limit: SUBMISSION_BODY_LIMIT_BYTES } });
  });

  it.each(SUBMISSION_SPELLINGS)(
    'answers a compressed body with 415 (it could inflate to megabytes): POST %s',
    async (url) => {
      const { send } = setup();
      for (const encoding of ['gzip', 'deflate', 'br', 'GZIP ']) {
        expect(await send('POST', url, { ...json(), 'Content-Encoding': encoding })).toMatchObject({
          status: 415,
          nextCalled: false,
        });
      }
    }
  );

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'answers a %s body with 415',
    async (type) => {
      const { send } = setup();
      for (const url of SUBMISSION_SPELLINGS) {
        expect(await send('POST', url, { ...json(), 'Content-Type': type })).toMatchObject({
          status: 415,
          nextCalled: false,
        });
      }
    }
  );

  it('takes a multipart submission (attached files) up to 3 files of 10 MB and the JSON, never compressed or unsized', async () => {
    const { send } = setup();
    const limit = 3 * 10 * 1024 * 1024 + 64 * 1024 + 4 * 4096;
    for (const url of SUBMISSION_SPELLINGS) {
      const multipart = (length: number | string) => ({ 'Content-Type': MULTIPART, 'Content-Length': String(length) });
      expect(await send('POST', url, multipart(limit))).toMatchObject({ nextCalled: true });
      expect(await send('POST', url, multipart(limit + 1))).toMatchObject({ status: 413, nextCalled: false });
      expect(await send('POST', url, { 'Content-Type': MULTIPART, 'Transfer-Encoding': 'chunked' })).toMatchObject({
        status: 411,
        nextCalled: false,
      });
      expect(await send('POST', url, { ...multipart(1000), 'Content-Encoding': 'gzip' })).toMatchObject({
        status: 415,
        nextCalled: false,
      });
    }
    // Anywhere else but the submission and the upload routes, still refused.
    expect(
      await send('PUT', '/api/quote-requests', { 'Content-Type': MULTIPART, 'Content-Length': '1000' })
    ).toMatchObject({
      status: 415,
      nextCalled: false,
    });
  });

  it.each(['12abc', '-1', '1e3', ' ', '99999999999999999999'])(
    'answers Content-Length "%s" with 400',
    async (length) => {
      const { send } = setup();
      expect(await send('POST', '/api/quote-requests', json(length))).toMatchObject({ status: 400, nextCalled: false });
    }
  );

  it('leaves reads of the same path, and bodies no content-API route takes, to Strapi’s own limits', async () => {
    const { send } = setup();
    expect(await send('GET', '/api/quote-requests', {})).toMatchObject({ nextCalled: true });
    expect(await send('OPTIONS', '/api/quote-requests', {})).toMatchObject({ nextCalled: true });
    // No POST route on this path: the router answers 404 or 405, whatever the body.
    expect(
      await send('POST', '/api/outsourcing-categories', {
        'Content-Type': 'text/plain',
        'Transfer-Encoding': 'chunked',
      })
    ).toMatchObject({ nextCalled: true });
    expect(await send('POST', '/admin/login', json(SUBMISSION_BODY_LIMIT_BYTES * 4))).toMatchObject({
      nextCalled: true,
    });
  });
});

describe('request body guard: every other content-API route, decided by the routes the router holds', () => {
  const ROUTES: [string, string][] = [
    ['POST', '/api/auth/local'],
    ['POST', '/API/Auth/Local/'],
    ['POST', '/api/auth/forgot-password'],
    ['PUT', '/api/outsourcing-categories/abc'],
    ['PUT', '/Api/Outsourcing-Categories/abc/'],
  ];

  it.each(ROUTES)('%s %s: 413 over 64 KB, 411 chunked, 415 compressed, a small body passes', async (method, url) => {
    const { send } = setup();
    const tooLarge = await send(method, url, json(SUBMISSION_BODY_LIMIT_BYTES + 1));
    expect(tooLarge).toMatchObject({ status: 413, nextCalled: false });
    expect(tooLarge.error).toMatchObject({ name: 'PayloadTooLargeError' });
    expect(await send(method, url, { 'Content-Type': JSON_TYPE, 'Transfer-Encoding': 'chunked' })).toMatchObject({
      status: 411,
    });
    expect(await send(method, url, { ...json(), 'Content-Encoding': 'gzip' })).toMatchObject({ status: 415 });
    expect(
      await send(method, url, {
        ...json(SUBMISSION_BODY_LIMIT_BYTES + 1),
        'Content-Type': 'application/x-www-form-urlencoded',
      })
    ).toMatchObject({ status: 413 });
    expect(await send(method, url, json())).toMatchObject({ nextCalled: true });
  });

  it('a request without a body (no length, no chunks, or a length of 0) passes', async () => {
    const { send } = setup();
    expect(await send('POST', '/api/auth/local', {})).toMatchObject({ nextCalled: true });
    expect(await send('POST', '/api/auth/local', { 'Content-Length': '0' })).toMatchObject({ nextCalled: true });
  });

  it('uploads stay the multipart rules’ concern', async () => {
    const { send } = setup();
    const res = await send('POST', '/api/upload', {
      'Content-Type': MULTIPART,
      'Content-Length': String(SUBMISSION_BODY_LIMIT_BYTES * 4),
      Authorization: 'Bearer valid-api-token',
    });
    expect(res).toMatchObject({ nextCalled: true });
  });
});

describe('request body depth', () => {
  const deep = (levels: number): unknown => {
    let value: unknown = 'x';
    for (let i = 0; i < levels; i += 1) value = i % 2 === 0 ? [value] : { a: value };
    return value;
  };

  it('counts arrays and objects alike, the body itself as level 1', () => {
    expect(nestsDeeperThan(deep(MAX_BODY_DEPTH), MAX_BODY_DEPTH)).toBe(false);
    expect(nestsDeeperThan(deep(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [1, 2, { c: deep(MAX_BODY_DEPTH) }] }, MAX_BODY_DEPTH)).toBe(true);
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
  });

  it('walks no further than the limit, however deep the body (no stack overflow)', () => {
    expect(nestsDeeperThan(deep(200_000), MAX_BODY_DEPTH)).toBe(true);
  });

  it('refuses, with 400, only the bodies of requests the guard let through', async () => {
    const { send } = setup();
    const guarded = fakeContext({ method: 'POST', url: '/api/auth/local', headers: json() });
    const other = fakeContext({ method: 'POST', url: '/admin/login', headers: json() });
    const { status: guardedStatus } = await send('POST', '/api/auth/local', json(), (ctx) => {
      (ctx.request as { body?: unknown }).body = deep(MAX_BODY_DEPTH + 1);
      assertBodyDepth(ctx);
    });
    expect(guardedStatus).toBe(400);
    (guarded.request as { body?: unknown }).body = deep(MAX_BODY_DEPTH + 1);
    (other.request as { body?: unknown }).body = deep(MAX_BODY_DEPTH + 1);
    // Neither went through the guard: nothing to check.
    expect(() => assertBodyDepth(guarded)).not.toThrow();
    expect(() => assertBodyDepth(other)).not.toThrow();
  });
});

describe('request body guard: GraphQL', () => {
  it.each(GRAPHQL_SPELLINGS)('needs a declared, small, uncompressed body: POST %s', async (url) => {
    const { send } = setup();
    expect(await send('POST', url, { 'Content-Type': JSON_TYPE, 'Transfer-Encoding': 'chunked' })).toMatchObject({
      status: 411,
    });
    expect(await send('POST', url, json(SUBMISSION_BODY_LIMIT_BYTES + 1))).toMatchObject({ status: 413 });
    expect(await send('POST', url, { ...json(), 'Content-Encoding': 'gzip' })).toMatchObject({ status: 415 });
    expect(await send('POST', url, json())).toMatchObject({ nextCalled: true });
    // GraphQL clients may send application/graphql: only the submission insists on JSON.
    expect(await send('POST', url, { ...json(), 'Content-Type': 'application/graphql' })).toMatchObject({
      nextCalled: true,
    });
  });

  it('leaves GraphQL GETs alone', async () => {
    const { send } = setup();
    expect(await send('GET', '/graphql?query=%7B__typename%7D', {})).toMatchObject({ nextCalled: true });
  });
});

describe('request body guard: multipart/form-data', () => {
  const multipart = (authorization?: string): Record<string, string> => ({
    'Content-Type': MULTIPART,
    'Content-Length': '1000',
    ...(authorization ? { Authorization: authorization } : {}),
  });

  it.each([
    '/api/outsourcing-categories',
    '/api/uploads',
    '/api/upload-files',
    '/api',
    '/uploads',
    '/admin/users',
    '/content-manager/collection-types/api::quote-request.quote-request',
    '/graphql',
  ])('refuses it off the upload routes with 415, before anything is parsed: %s', async (url) => {
    const { send } = setup();
    expect(await send('POST', url, multipart(`Bearer ${VALID_JWT}`))).toMatchObject({
      status: 415,
      nextCalled: false,
    });
  });

  it.each(['/api/upload', '/API/Upload/', '/api/upload/actions/bulk-delete'])(
    'accepts it on the content API upload route %s with an API token or an end-user JWT',
    async (url) => {
      const { send } = setup();
      expect(await send('POST', url, multipart('Bearer valid-api-token'))).toMatchObject({ nextCalled: true });
      expect(await send('POST', url, multipart(`Bearer ${VALID_JWT}`))).toMatchObject({ nextCalled: true });
    }
  );

  it.each([
    ['no credentials', undefined],
    ['an expired API token', 'Bearer expired-api-token'],
    ['an unknown token', 'Bearer forged'],
    ['a non-Bearer scheme', `Basic ${VALID_JWT}`],
  ])('refuses it on /api/upload with %s (401)', async (_case, authorization) => {
    const { send } = setup();
    expect(await send('POST', '/api/upload', multipart(authorization))).toMatchObject({
      status: 401,
      nextCalled: false,
    });
  });

  it('accepts a valid admin session on the admin upload route and refuses anything else (401)', async () => {
    const { send } = setup();
    expect(await send('POST', '/upload', multipart(`Bearer ${VALID_ADMIN_SESSION}`))).toMatchObject({
      nextCalled: true,
    });
    expect(await send('POST', '/Upload/', multipart(`Bearer ${VALID_ADMIN_SESSION}`))).toMatchObject({
      nextCalled: true,
    });
    expect(await send('POST', '/upload', multipart('Bearer valid-api-token'))).toMatchObject({ status: 401 });
    expect(await send('POST', '/upload', multipart())).toMatchObject({ status: 401 });
  });

  it('removes every temporary file of the request when it ends, whatever the field name, also on failure', async () => {
    const { send } = setup();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'body-guard-'));
    const tempFile = (name: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'uploaded bytes');
      return file;
    };
    try {
      const files = [tempFile('a'), tempFile('b'), tempFile('c'), tempFile('d')];
      const storeUpload = (names: string[], fail: boolean) => (ctx: TestContext) => {
        // What koa-body leaves on the request after parsing (one file or a list per field).
        Object.assign(ctx.request, {
          files: { files: { filepath: names[0] }, 'fileInfo[0]': [{ filepath: names[1] }, {}] },
        });
        if (fail) throw new Error('upload service failed');
      };
      const ok = await send('POST', '/api/upload', multipart('Bearer valid-api-token'), storeUpload(files, false));
      expect(ok.nextCalled).toBe(true);
      const failed = await send(
        'POST',
        '/api/upload',
        multipart('Bearer valid-api-token'),
        storeUpload(files.slice(2), true)
      );
      expect(failed.error).toEqual(new Error('upload service failed'));

      const deadline = Date.now() + 2000;
      while (files.some((file) => fs.existsSync(file)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(files.filter((file) => fs.existsSync(file))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
