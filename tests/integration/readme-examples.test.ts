/**
 * The README's REST and GraphQL examples, run as written with the real `curl` (the shell included),
 * against this app: only the host and port change. A `[`…`]` in a URL without `-g`, a placeholder, or a
 * query the API refuses makes this fail.
 */
import { execFile, execFileSync } from 'child_process';
import fs from 'fs';
import { createRequire } from 'module';
import path from 'path';
import { promisify } from 'util';
import { httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

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

  it('fetch: the categories in display order, with their purge keys', async () => {
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
