/**
 * Issue 26, item 10: every content-API route that takes a JSON body (users-permissions' /api/auth/*
 * routes included, not only the submission and GraphQL) gets the body guard's limits: a body nested
 * deeper than MAX_BODY_DEPTH levels answers 400, one over 64 KB answers 413, a chunked one without a
 * length 411, all with Strapi's error body and never a 500; in every spelling the router matches.
 * Ordinary sign-ins and requests still go through.
 */
import http from 'http';
import { nextClientIp } from '../helpers/context';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { MAX_BODY_DEPTH } from '../../src/utils/body-depth';

const BODY_LIMIT_BYTES = 64 * 1024;

useStrapi({ ...INTEGRATION_ENV, EMAIL_OUTBOX_ENABLED: 'false' });

const AUTH_ROUTES = [
  '/api/auth/local',
  '/api/auth/local/register',
  '/api/auth/forgot-password',
  '/api/auth/reset-password',
  '/api/auth/send-email-confirmation',
  '/api/auth/change-password',
  '/api/auth/refresh',
  '/api/auth/logout',
];

/** The spellings Strapi's router sends to the same route: as written, upper-cased, with a trailing slash. */
const spellingsOf = (path: string): string[] => [
  path,
  path.toUpperCase(),
  `${path}/`,
  `${path.replace('/auth/', '/Auth/')}/`,
];

/** `[[[…"x"…]]]`, `depth` arrays deep, about 2 bytes a level. */
const nestedArrays = (depth: number): string => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
/** `{"a":{"a":…}}`, `depth` objects deep, about 6 bytes a level. */
const nestedObjects = (depth: number): string => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;

/** ~10 KB bodies as the review sent them: the deep value where a field is expected. */
const hostileBodies = (): [string, string][] => [
  ['nested arrays in identifier', `{"identifier":${nestedArrays(5000)},"password":"x"}`],
  ['nested objects in email', `{"email":${nestedObjects(1600)}}`],
  ['arrays and objects mixed, at the top', `${'[{"a":'.repeat(900)}1${'}]'.repeat(900)}`],
  ['just past the limit', `{"identifier":${nestedArrays(MAX_BODY_DEPTH)},"password":"x"}`],
];

interface Answer {
  status: number;
  body: unknown;
}

const post = async (path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> => {
  const res = await fetch(`${httpServer()}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': nextClientIp(), ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : null };
};

/** A chunked body without Content-Length, which fetch does not let a caller choose. */
const postChunked = (path: string, body: string): Promise<Answer> =>
  new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      `${httpServer()}${path}`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Transfer-Encoding': 'chunked',
          'X-Forwarded-For': nextClientIp(),
        },
      },
      (res) => {
        answered = true;
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text.length > 0 ? (JSON.parse(text) as unknown) : null });
        });
        res.on('error', reject);
      }
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.write(body.slice(0, 10));
    req.write(body.slice(10));
    req.end();
  });

const expectStrapiError = (answer: Answer, status: number, name: string): void => {
  const body = answer.body as { data?: unknown; error?: { status?: unknown; name?: unknown; message?: unknown } };
  expect({ status: answer.status, name: body.error?.name }).toEqual({ status, name });
  expect(body.data).toBeNull();
  expect(body.error?.status).toBe(status);
  expect(typeof body.error?.message).toBe('string');
};

describe.each(AUTH_ROUTES)('POST %s', (route) => {
  it.each(hostileBodies())('a body of %s answers 400 in every spelling, never a 500', async (_label, body) => {
    for (const path of spellingsOf(route)) {
      const answer = await post(path, body);
      expectStrapiError(answer, 400, 'ValidationError');
      expect((answer.body as { error: { message: string } }).error.message).toBe(
        `Request body nests deeper than ${MAX_BODY_DEPTH} levels`
      );
    }
  });

  it(`a body over ${BODY_LIMIT_BYTES / 1024} KB answers 413 in every spelling`, async () => {
    const body = JSON.stringify({ identifier: 'x'.repeat(BODY_LIMIT_BYTES), password: 'x' });
    for (const path of spellingsOf(route)) expectStrapiError(await post(path, body), 413, 'PayloadTooLargeError');
  });
});

describe('the limits on the other content-API routes and transports', () => {
  it('a core route taking JSON (PUT /api/outsourcing-categories/:id): 400 and 413 before any permission check', async () => {
    for (const path of ['/api/outsourcing-categories/abc', '/API/Outsourcing-Categories/abc/']) {
      const deep = await fetch(`${httpServer()}${path}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: `{"data":${nestedObjects(2000)}}`,
      });
      expect(deep.status).toBe(400);
      const big = await fetch(`${httpServer()}${path}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ data: { name: 'x'.repeat(BODY_LIMIT_BYTES) } }),
      });
      expect(big.status).toBe(413);
    }
  });

  it('the quote submission and GraphQL: a deep body answers 400 and nothing is stored', async () => {
    const before = await getStrapi().db.query('api::quote-request.quote-request').count({});
    for (const path of ['/api/quote-requests', '/API/Quote-Requests/']) {
      expectStrapiError(await post(path, `{"data":${nestedArrays(5000)}}`), 400, 'ValidationError');
    }
    // The GraphQL plugin parses its own body: the depth is checked on the variables, with a GraphQL error.
    const variables = { data: JSON.parse(nestedObjects(200)) as unknown };
    const mutation = `mutation Submit($data: QuoteRequestSubmissionInput!) {
      submitQuoteRequest(data: $data) { reference }
    }`;
    const graphql = await post('/graphql', JSON.stringify({ query: mutation, variables }));
    expect(graphql.status).toBe(400);
    const { errors } = graphql.body as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(errors?.[0]).toMatchObject({
      message: `Request body nests deeper than ${MAX_BODY_DEPTH} levels`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    // Every other spelling of the endpoint is parsed by strapi::body: Strapi's error body.
    expectStrapiError(await post('/GraphQL/', JSON.stringify({ query: mutation, variables })), 400, 'ValidationError');
    // Within the limit, GraphQL judges the variables itself (a type error, not the guard).
    const shallow = await post(
      '/graphql',
      JSON.stringify({ query: mutation, variables: { data: { fullName: [[['x']]] } } })
    );
    expect(shallow.status).toBe(400);
    expect(JSON.stringify(shallow.body)).not.toMatch(/nests deeper/);
    expect(await getStrapi().db.query('api::quote-request.quote-request').count({})).toBe(before);
  });

  it('a chunked body without Content-Length on an auth route answers 411', async () => {
    expectStrapiError(
      await postChunked('/API/auth/local/', '{"identifier":"a","password":"b"}'),
      411,
      'LengthRequiredError'
    );
  });

  it('form-encoded bodies are bounded too', async () => {
    const answer = await post('/api/auth/forgot-password', `email=${'x'.repeat(BODY_LIMIT_BYTES)}`, {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expectStrapiError(answer, 413, 'PayloadTooLargeError');
  });
});

describe('ordinary requests still go through', () => {
  const password = 'Sign-in-Passw0rd!';
  let email = '';

  beforeAll(async () => {
    email = `reader.${Math.random().toString(36).slice(2, 8)}@client.test`;
    const registered = await post('/api/auth/local/register', JSON.stringify({ username: email, email, password }));
    expect(registered.status).toBe(200);
  });

  it.each(['/api/auth/local', '/API/Auth/Local/'])('signs in through %s', async (path) => {
    const answer = await post(path, JSON.stringify({ identifier: email, password }));
    expect(answer.status).toBe(200);
    expect(typeof (answer.body as { jwt?: unknown }).jwt).toBe('string');
  });

  it('a body exactly at the depth limit reaches the route (which judges its content)', async () => {
    // MAX_BODY_DEPTH levels, the body itself included: users-permissions refuses the identifier, not the guard.
    const answer = await post('/api/auth/local', `{"identifier":${nestedArrays(MAX_BODY_DEPTH - 1)},"password":"x"}`);
    expect(answer.status).toBe(400);
    expect((answer.body as { error: { message: string } }).error.message).not.toMatch(/nests deeper/);
  });

  it('a wrong password is still a 400 from users-permissions', async () => {
    const answer = await post('/api/auth/local', JSON.stringify({ identifier: email, password: 'wrong' }));
    expectStrapiError(answer, 400, 'ValidationError');
    expect((answer.body as { error: { message: string } }).error.message).toBe('Invalid identifier or password');
  });

  it('a POST without a body (logout) is not asked for a length', async () => {
    const res = await fetch(`${httpServer()}/api/auth/logout`, {
      method: 'POST',
      headers: { 'X-Forwarded-For': nextClientIp() },
    });
    // Whatever users-permissions makes of it, the guard did not ask for a length (411) and nothing broke.
    expect(res.status).not.toBe(411);
    expect(res.status).toBeLessThan(500);
  });

  it('a path no route takes a body on answers 404 or 405 (Strapi parses it, nothing reads it), never a 500', async () => {
    for (const path of ['/api/no-such-route', '/API/No-Such-Route/']) {
      const res = await fetch(`${httpServer()}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: `{"a":${nestedArrays(3000)}}`,
      });
      expect([404, 405]).toContain(res.status);
    }
  });
});
