/**
 * The README's REST and GraphQL examples, run as written with the real `curl` (the shell included),
 * against this app: only the host and port change. A `[`…`]` in a URL without `-g`, a placeholder, or a
 * query the API refuses makes this fail.
 */
import { execFile, execFileSync } from 'child_process';
import fs from 'fs';
import { createRequire } from 'module';
import path from 'path';
import http from 'http';
import type { AddressInfo } from 'net';
import { promisify } from 'util';
import vm from 'vm';
import ts from 'typescript';
import * as standardwebhooks from 'standardwebhooks';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import type { FrontendEvent } from '../../src/frontend-events/event-payload';
import { createFrontendEventOutbox } from '../../src/frontend-events/outbox';
import { frontendEventSettings } from '../../src/frontend-events/settings';
import { generateSigningSecret, parseSigningSecret, webhookHeaders } from '../../src/frontend-events/signature';
import { spawn, type ChildProcess } from 'child_process';
import { createSignedEventOutbox } from '../../src/signed-events/outbox';
import { leadEventSettings } from '../../src/lead-events/settings';
import { createdEvent, erasedEvent, stageChangedEvent, type LeadEvent } from '../../src/lead-events/event-payload';

/** A frontend on another origin than the CMS, allowed by CORS (FRONTEND_URL's origin is, by default). */
const FRONTEND_ORIGIN = 'https://www.frontend.test';

useStrapi({ ...INTEGRATION_ENV, FRONTEND_URL: `${FRONTEND_ORIGIN}/` });

const run = promisify(execFile);

/** The fenced bash block right after the line that introduces it. */
const bashBlockAfter = (readme: string, heading: string): string => {
  const start = readme.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error(`no bash block after ${heading}`);
  return block[1];
};

const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

/** Each command of a block (a line, or several joined by a trailing backslash or an open quote). */
const commands = (block: string): string[] => {
  const result: string[] = [];
  let current = '';
  for (const line of block.split('\n')) {
    if (current === '' && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    current = current ? `${current}\n${line}` : line;
    const quotes = (current.match(/'/g) ?? []).length;
    if (!current.endsWith('\\') && quotes % 2 === 0) {
      result.push(current);
      current = '';
    }
  }
  return result;
};

const shell = async (script: string): Promise<string> => {
  const { stdout } = await run('bash', [
    '-o',
    'pipefail',
    '-ec',
    script.replaceAll('http://localhost:1337', httpServer()),
  ]);
  return stdout;
};

describe('README examples, run with curl', () => {
  it('REST: every example answers 200 with data, and the conditional GET answers 304', async () => {
    const block = bashBlockAfter(readme, 'REST: one request returns a page');
    const lines = commands(block);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const command of lines.filter((line) => line.startsWith("curl '") || line.startsWith('curl -g'))) {
      const out = await shell(`${command.replace(/\s+#.*$/, '')} -s -w '\\n%{http_code}'`);
      const status = out.slice(out.lastIndexOf('\n') + 1);
      expect([command, status]).toEqual([command, '200']);
      expect(JSON.parse(out.slice(0, out.lastIndexOf('\n')))).toHaveProperty('data');
    }
    const conditional = lines.filter((line) => !line.startsWith("curl '") && !line.startsWith('curl -g'));
    const out = await shell(conditional.join('\n'));
    expect(out).toMatch(/^HTTP\/1\.1 304/);
  });

  it('GraphQL: the example query answers data without errors', async () => {
    const block = bashBlockAfter(readme, 'GraphQL (`/graphql`)');
    const out = await shell(block);
    const body = JSON.parse(out) as { data?: { outsourcingOverview?: { title?: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.outsourcingOverview?.title).toEqual(expect.any(String));
  });
});

/** The fenced blocks of one language in a README section (from its heading to the next `## `). */
const blocksIn = (heading: string, language: string): string[] => {
  const start = readme.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + heading.length);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
};

/** Request headers a page sends cross-origin without a preflight (Fetch standard, CORS-safelisted). */
const SAFELISTED_REQUEST_HEADERS = new Set(['accept', 'accept-language', 'content-language', 'content-type']);
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
/** Response headers a page reads without Access-Control-Expose-Headers. */
const SAFELISTED_RESPONSE_HEADERS = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
];

const listHeader = (res: Response, name: string): string[] =>
  (res.headers.get(name) ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

/**
 * `fetch` as a browser runs it for a page on `origin` calling another origin (the Fetch standard's CORS
 * protocol, for the requests these examples make): a request with a header that is not safelisted, or a
 * non-simple Content-Type, first sends a preflight, which must answer 2xx and allow the origin, the
 * method and each such header; the answer must allow the origin; the page reads only the safelisted and
 * exposed response headers. Anything else fails as a browser fails it, with a TypeError.
 */
const browserFetch = (origin: string) => {
  const preflights: { method: string; headers: string[] }[] = [];
  const refuse = (why: string): never => {
    throw new TypeError(`Failed to fetch (CORS): ${why}`);
  };
  const allowsOrigin = (res: Response) => [origin, '*'].includes(res.headers.get('access-control-allow-origin') ?? '');
  const corsFetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const unsafe = [...headers.keys()]
      .filter(
        (name) =>
          !SAFELISTED_REQUEST_HEADERS.has(name) ||
          (name === 'content-type' && !SIMPLE_CONTENT_TYPES.has((headers.get(name) ?? '').split(';')[0].trim()))
      )
      .sort();
    const simpleMethod = ['GET', 'HEAD', 'POST'].includes(method);
    if (!simpleMethod || unsafe.length > 0) {
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': method,
          ...(unsafe.length > 0 ? { 'Access-Control-Request-Headers': unsafe.join(',') } : {}),
        },
      });
      if (!preflight.ok) refuse(`preflight answered ${preflight.status}`);
      if (!allowsOrigin(preflight)) refuse(`preflight does not allow ${origin}`);
      const methods = listHeader(preflight, 'access-control-allow-methods');
      if (!simpleMethod && !methods.includes(method.toLowerCase())) refuse(`preflight does not allow ${method}`);
      const allowed = listHeader(preflight, 'access-control-allow-headers');
      const refused = unsafe.filter((name) => !allowed.includes(name) && !allowed.includes('*'));
      if (refused.length > 0) refuse(`preflight does not allow the header(s) ${refused.join(', ')}`);
      preflights.push({ method, headers: unsafe });
    }
    headers.set('Origin', origin);
    const res = await fetch(url, { ...init, headers });
    if (!allowsOrigin(res)) refuse(`the answer does not allow ${origin}`);
    const readable = new Set([...SAFELISTED_RESPONSE_HEADERS, ...listHeader(res, 'access-control-expose-headers')]);
    const nullBody = [101, 204, 205, 304].includes(res.status);
    return new Response(nullBody ? null : await res.arrayBuffer(), {
      status: res.status,
      statusText: res.statusText,
      headers: [...res.headers].filter(([name]) => readable.has(name)),
    });
  };
  return { fetch: corsFetch, preflights };
};

/**
 * Runs a README JavaScript example as written, in an async function (top-level await): only the host and
 * port change, and `import { x } from 'pkg'` is read as `const { x } = require('pkg')`. Returns what it
 * logged. `fetchImpl` is the `fetch` the example calls (Node's own unless a test gives a browser's).
 */
const runExample = async (
  code: string,
  load: (id: string) => unknown = require,
  fetchImpl: (url: string, init?: RequestInit) => Promise<Response> = fetch
): Promise<unknown[][]> => {
  const logged: unknown[][] = [];
  const source = code
    .replaceAll('http://localhost:1337', httpServer())
    .replace(/^import \{([^}]+)\} from '([^']+)';$/gm, "const {$1} = require('$2');");
  const AsyncFunction = (
    Object.getPrototypeOf(async function example() {
      await Promise.resolve();
    }) as { constructor: new (...args: string[]) => (...values: unknown[]) => Promise<void> }
  ).constructor;
  const example = new AsyncFunction('console', 'require', 'fetch', source);
  await example({ log: (...values: unknown[]) => logged.push(values) }, load, fetchImpl);
  return logged;
};

/**
 * The frontend clients the examples import, from tests/clients (its own package and lockfile): @strapi/client
 * 1.6 declares `node <=24.x`, which this project's engine-strict refuses on Node.js 26, so it is installed
 * there with `--engine-strict=false`, as the README tells frontend developers. CI installs it beforehand
 * (.ci/run); a checkout without it installs it here from its lockfile.
 */
const CLIENTS = path.resolve(__dirname, '../clients');
const clientRequire = (): NodeJS.Require => {
  if (!fs.existsSync(path.join(CLIENTS, 'node_modules/@strapi/client/package.json'))) {
    execFileSync('npm', ['ci', '--engine-strict=false', '--no-audit', '--no-fund'], { cwd: CLIENTS, stdio: 'ignore' });
  }
  return createRequire(path.join(CLIENTS, 'package.json'));
};

describe('README "For frontend developers" examples, run as written', () => {
  const examples = blocksIn('## For frontend developers', 'js');

  it('has the fetch, @strapi/client and GraphQL examples', () => {
    expect(examples).toHaveLength(3);
    expect(examples[1]).toContain("from '@strapi/client'");
  });

  it('fetch: the categories by name, with their purge keys', async () => {
    const [slugs, surrogateKey] = await runExample(examples[0]);
    expect(slugs[0]).toEqual(['bpo', 'ito', 'kpo']);
    expect(String(surrogateKey[0])).toMatch(/^outsourcing-category( outsourcing-category:\w+){3}$/);
  });

  it('@strapi/client: the overview with its three categories, and the comparison pages in English', async () => {
    const load = clientRequire();
    expect((load('@strapi/client/package.json') as { version: string }).version).toBe('1.6.2');
    const [overview, pages] = await runExample(examples[1], load);
    expect(overview[0]).toEqual(expect.any(String));
    expect(overview[1]).toBe(3);
    expect(pages[0]).toEqual(expect.arrayContaining([expect.any(String)]));
    expect((pages[0] as string[]).length).toBeGreaterThanOrEqual(2);
  });

  it('GraphQL: the category codes over POST, and the GET with apollo-require-preflight, cacheable', async () => {
    const [codes, english] = await runExample(examples[2]);
    expect(codes[0]).toEqual(['bpo', 'ito', 'kpo']);
    expect(english[0]).toEqual(['bpo', 'ito', 'kpo']);
    // HTTP_CACHE_CONTROL as the tests set it (tests/helpers/test-env.ts): the public policy, not Apollo's no-store.
    expect(english[1]).toBe('public, max-age=30');
  });

  it('GraphQL: the same example from a page on the frontend’s origin, CORS preflights included', async () => {
    const browser = browserFetch(FRONTEND_ORIGIN);
    const [codes, english] = await runExample(examples[2], require, browser.fetch);
    expect(codes[0]).toEqual(['bpo', 'ito', 'kpo']);
    expect(english).toEqual([['bpo', 'ito', 'kpo'], 'public, max-age=30']);
    // POST with application/json, and the GET with apollo-require-preflight: each preflighted and allowed.
    expect(browser.preflights).toEqual([
      { method: 'POST', headers: ['content-type'] },
      { method: 'GET', headers: ['apollo-require-preflight'] },
    ]);
    // A page on an origin CORS does not list fails as a browser fails it.
    await expect(runExample(examples[2], require, browserFetch('https://attacker.example').fetch)).rejects.toThrow(
      /Failed to fetch \(CORS\)/
    );
  });

  it('GraphQL: the GET without apollo-require-preflight is refused by Apollo (400), as the README warns', async () => {
    const query = '{ outsourcingCategories { code } }';
    const res = await fetch(`${httpServer()}/graphql?${new URLSearchParams({ query }).toString()}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(readme).toContain("headers: { 'apollo-require-preflight': 'true' }");
  });
});

/**
 * The README's Next.js receiver (`app/api/revalidate/route.ts`), compiled from the README as written and
 * served over HTTP as Next.js serves a route handler (the request as a WHATWG `Request`, its `Response`
 * written back). `standardwebhooks` is the real library; `next/cache` is not installed here, so its
 * `revalidateTag` is a recorder: the tags a real site would revalidate.
 */
describe('README publish events: the Next.js receiver, run as written', () => {
  const SECRET = generateSigningSecret();
  const KEY = parseSigningSecret(SECRET).key;
  const revalidated: string[] = [];
  let receiver: http.Server | undefined;
  let receiverUrl = '';

  const handlerSource = (): string => {
    const start = readme.indexOf('### Publish events');
    expect(start).toBeGreaterThanOrEqual(0);
    const blocks = [...readme.slice(start).matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    const handler = blocks.find((block) => block.includes('export async function POST'));
    if (!handler) throw new Error('no route handler in the README');
    return handler;
  };

  beforeAll(async () => {
    const compiled = ts.transpileModule(handlerSource(), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true },
    }).outputText;
    const route: { POST?: (request: Request) => Promise<Response> } = {};
    const load = (id: string): unknown => {
      if (id === 'next/cache') return { revalidateTag: (tag: string) => revalidated.push(tag) };
      if (id === 'standardwebhooks') return standardwebhooks;
      throw new Error(`the README handler imports ${id}`);
    };
    // The README's own code, run as written: its module scope gets these three names.
    const runModule = vm.compileFunction(compiled, ['exports', 'require', 'process']) as (
      exports: object,
      require: (id: string) => unknown,
      process: { env: Record<string, string> }
    ) => void;
    runModule(route, load, { env: { FRONTEND_REVALIDATE_SECRET: SECRET } });
    const POST = route.POST;
    if (!POST) throw new Error('the README handler exports no POST');

    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
          method: req.method,
          headers,
          body: Buffer.concat(chunks),
        });
        POST(request).then(
          async (response) => {
            res.writeHead(response.status).end(Buffer.from(await response.arrayBuffer()));
          },
          (error: unknown) => {
            // What Next.js does with a handler that throws.
            res.writeHead(500).end(String(error));
          }
        );
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/revalidate`;
  });

  afterAll(async () => {
    const server = receiver;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const event = (id: string): FrontendEvent => ({
    id,
    event: 'publish',
    contentType: 'outsourcing-category',
    uid: 'api::outsourcing-category.outsourcing-category',
    documentId: 'm022hnmqflrn2blznypjqyhi',
    locale: 'fr',
    slug: 'bpo',
    urls: [],
    tags: ['outsourcing-category', `outsourcing-category:${id}`],
    occurredAt: new Date().toISOString(),
  });

  const post = async (headers: Record<string, string>, body: string | Buffer): Promise<number> => {
    const response = await fetch(receiverUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  };

  it("takes the app's real deliveries (the outbox's POST) and revalidates their tags", async () => {
    const strapi = getStrapi();
    const settings = {
      ...frontendEventSettings(strapi),
      url: receiverUrl,
      secret: SECRET,
      signing: parseSigningSecret(SECRET),
    };
    const outbox = createFrontendEventOutbox(strapi, settings);
    const events = [event(`readme-${Date.now()}-a`), event(`readme-${Date.now()}-b`)];
    revalidated.length = 0;
    await outbox.enqueue(events);
    const report = await outbox.dispatchDue();
    expect(report).toMatchObject({ sent: 2, retried: 0, failed: 0 });
    expect(revalidated).toEqual(events.flatMap((e) => e.tags));
  });

  it('answers 401, never 500, to a wrong, garbled, non-ASCII or missing signature, a bad timestamp or a replay', async () => {
    const body = JSON.stringify(event('hostile'));
    const valid = webhookHeaders('hostile', body, KEY);
    revalidated.length = 0;
    const sixMinutesAgo = new Date(Date.now() - 6 * 60_000);
    const sixMinutesAhead = new Date(Date.now() + 6 * 60_000);
    const signatureLength = valid['webhook-signature'].length;
    const cases: [string, Record<string, string>, string | Buffer][] = [
      ['another key', webhookHeaders('hostile', body, parseSigningSecret(generateSigningSecret()).key), body],
      ['another body', valid, body.replace('bpo', 'ito')],
      ['another id', { ...valid, 'webhook-id': 'hostile-2' }, body],
      ['another timestamp', { ...valid, 'webhook-timestamp': String(Number(valid['webhook-timestamp']) - 1) }, body],
      ['a replay older than 5 minutes, signed then', webhookHeaders('hostile', body, KEY, sixMinutesAgo), body],
      ['a timestamp 6 minutes ahead, signed so', webhookHeaders('hostile', body, KEY, sixMinutesAhead), body],
      ['a non-numeric timestamp', { ...valid, 'webhook-timestamp': 'yesterday' }, body],
      ['an empty signature', { ...valid, 'webhook-signature': '' }, body],
      ['no version', { ...valid, 'webhook-signature': valid['webhook-signature'].slice(3) }, body],
      ['v2', { ...valid, 'webhook-signature': `v2,${valid['webhook-signature'].slice(3)}` }, body],
      ['garbled base64', { ...valid, 'webhook-signature': `v1,${'!'.repeat(signatureLength - 3)}` }, body],
      ['commas and spaces', { ...valid, 'webhook-signature': ' , ,, v1, v1,,' }, body],
      ['non-ASCII, the right length', { ...valid, 'webhook-signature': `v1,${'é'.repeat(signatureLength - 3)}` }, body],
      [
        'UTF-8 bytes, the right byte length',
        { ...valid, 'webhook-signature': `v1,${Buffer.from('✓'.repeat(14) + 'ab').toString('latin1')}` },
        body,
      ],
      ['a 4 KB signature', { ...valid, 'webhook-signature': `v1,${'A'.repeat(4096)}` }, body],
      ['a valid signature of a body that is not JSON', webhookHeaders('x', 'not json', KEY), 'not json'],
      ['bytes that are not UTF-8', valid, Buffer.from([0xff, 0xfe, 0x7b])],
    ];
    for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const without = { ...valid };
      delete without[header];
      cases.push([`no ${header}`, without, body]);
    }
    for (const [what, headers, payload] of cases) {
      expect([what, await post(headers, payload)]).toEqual([what, 401]);
    }
    // Only the deprecated header, however right: refused (the receiver reads Standard Webhooks only).
    const legacyOnly = { 'X-Signature': valid['X-Signature'], 'X-Event-Id': valid['X-Event-Id'] };
    expect(await post(legacyOnly, body)).toBe(401);
    expect(revalidated).toEqual([]);

    // The control: the same request, untouched, is taken.
    expect(await post(valid, body)).toBe(204);
    expect(revalidated).toEqual(['outsourcing-category', 'outsourcing-category:hostile']);
  });
});

/**
 * The README's lead receiver (`lead-receiver.js`), written out as the README shows it and run with node, the
 * real `standardwebhooks` library, between the app's outbox and a CRM's inbound webhook (an HTTP server here
 * that records what it is sent, and can be down).
 */
describe('README lead events: the receiver in front of a CRM, run as written', () => {
  const SECRET = generateSigningSecret();
  const crmCalls: Record<string, unknown>[] = [];
  let crmDown = false;
  let crm: http.Server | undefined;
  let child: ChildProcess | undefined;
  let receiverUrl = '';
  const file = path.join(__dirname, '../../.tmp/readme-lead-receiver.js');

  const freePort = async (): Promise<number> => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  };

  beforeAll(async () => {
    const start = readme.indexOf('### Lead events for a CRM');
    expect(start).toBeGreaterThanOrEqual(0);
    const source = [...readme.slice(start).matchAll(/```javascript\n([\s\S]*?)```/g)]
      .map((match) => match[1])
      .find((block) => block.includes('createServer'));
    if (!source) throw new Error('no lead receiver in the README');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, source);

    crm = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (crmDown) {
          res.writeHead(503).end();
          return;
        }
        crmCalls.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => crm!.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    child = spawn(process.execPath, [file], {
      env: {
        PATH: process.env.PATH ?? '',
        LEAD_WEBHOOK_SECRET: SECRET,
        CRM_INBOUND_URL: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/inbound`,
        PORT: String(port),
      },
      stdio: 'inherit',
    });
    receiverUrl = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + 10000;
    for (;;) {
      const up = await fetch(receiverUrl, { method: 'POST', body: '{}' }).then(
        (r) => r.status,
        () => 0
      );
      if (up === 401) break;
      if (Date.now() > deadline) throw new Error('the README receiver did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    child?.kill();
    const server = crm;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(file, { force: true });
  });

  it("forwards the app's signed deliveries to the CRM in order, refuses a bad signature, and a CRM down is retried", async () => {
    const strapi = getStrapi();
    let now = Date.now();
    const outbox = createSignedEventOutbox(
      strapi,
      { lead: { ...leadEventSettings(strapi), url: receiverUrl, signing: parseSigningSecret(SECRET) } },
      { now: () => now }
    );
    const reference = `DEV-README-${Date.now()}`;
    const events: LeadEvent[] = [
      createdEvent(
        {
          reference,
          receivedAt: new Date(),
          language: 'fr',
          requestedModel: 'kpo',
          scope: 'total',
          approach: 'tactical',
          tags: ['model:kpo'],
          stage: 'new',
          expectedResponseBy: new Date(),
          fullName: 'Camille Martin',
          email: 'camille@example.org',
          company: 'ACME',
          message: 'Analyse de données',
          consentTextVersion: null,
        },
        []
      ),
      stageChangedEvent({
        reference,
        from: 'new',
        to: 'qualified',
        by: { firstname: 'Lou', lastname: 'Dupont' },
        at: new Date(),
      }),
      erasedEvent(reference, new Date()),
    ];
    const enqueue = (list: LeadEvent[]) =>
      outbox.enqueue(
        'lead',
        list.map((event) => ({ id: event.id, subject: reference, body: event }))
      );
    await enqueue(events);
    expect(await outbox.dispatchDue('lead')).toMatchObject({ sent: 3, retried: 0, failed: 0 });
    expect(crmCalls).toEqual([
      expect.objectContaining({ action: 'upsert', externalId: reference, email: 'camille@example.org', model: 'kpo' }),
      { action: 'update', externalId: reference, stage: 'qualified', changedBy: 'Lou Dupont' },
      { action: 'delete', externalId: reference },
    ]);

    // The CRM down: the receiver answers 502, the outbox keeps the event and sends it again later.
    crmDown = true;
    const later = erasedEvent(reference, new Date());
    await enqueue([later]);
    expect(await outbox.dispatchDue('lead')).toMatchObject({ sent: 0, retried: 1 });
    crmDown = false;
    now += 10 * 60_000;
    expect(await outbox.dispatchDue('lead')).toMatchObject({ sent: 1 });
    expect(crmCalls).toHaveLength(4);

    // Signed with another key: refused, nothing forwarded.
    const body = JSON.stringify(later);
    const forged = webhookHeaders(later.id, body, parseSigningSecret(generateSigningSecret()).key);
    const res = await fetch(receiverUrl, { method: 'POST', headers: forged, body });
    expect(res.status).toBe(401);
    expect(crmCalls).toHaveLength(4);
  });
});
