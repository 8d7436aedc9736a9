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
import { httpServer, useStrapi } from '../helpers/strapi';

useStrapi();

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

/**
 * Runs a README JavaScript example as written, in an async function (top-level await): only the host and
 * port change, and `import { x } from 'pkg'` is read as `const { x } = require('pkg')`. Returns what it logged.
 */
const runExample = async (code: string, load: (id: string) => unknown = require): Promise<unknown[][]> => {
  const logged: unknown[][] = [];
  const source = code
    .replaceAll('http://localhost:1337', httpServer())
    .replace(/^import \{([^}]+)\} from '([^']+)';$/gm, "const {$1} = require('$2');");
  const AsyncFunction = (
    Object.getPrototypeOf(async function example() {
      await Promise.resolve();
    }) as { constructor: new (...args: string[]) => (...values: unknown[]) => Promise<void> }
  ).constructor;
  const example = new AsyncFunction('console', 'require', source);
  await example({ log: (...values: unknown[]) => logged.push(values) }, load);
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

  it('GraphQL: the category codes', async () => {
    const [codes] = await runExample(examples[2]);
    expect(codes[0]).toEqual(['bpo', 'ito', 'kpo']);
  });
});
