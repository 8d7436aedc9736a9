/**
 * README "Generated clients", run as written: its commands (openapi-typescript, GraphQL Code Generator) in a
 * throwaway folder, with the versions the README pins, installed beforehand in tests/clients (its own
 * lockfile; .ci/run installs it). Nothing is downloaded here: a missing tool fails the test. The generated
 * types are then used by a sample client (openapi-fetch with qs as its query serializer, a GraphQL query
 * and the submission mutation) that `tsc --strict` must accept, and by lines it must refuse.
 */
import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const CLIENTS = path.join(ROOT, 'tests/clients');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The fenced blocks of one language in the README's "Generated clients" section. */
const blocks = (language: string): string[] => {
  const start = README.indexOf('### Generated clients');
  const end = README.indexOf('\n### ', start + 1);
  const section = README.slice(start, end);
  return [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
};

const pinned = JSON.parse(fs.readFileSync(path.join(CLIENTS, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** The sample client: REST through openapi-fetch, GraphQL through the client preset's typed documents. */
const SAMPLE_CLIENT = `import createClient from 'openapi-fetch';
import qs from 'qs';
import type { components, paths } from './cms';
import { graphql } from './gql';
import type { CategoriesQuery, SubmitMutationVariables } from './gql/graphql';

export const cms = createClient<paths>({
  baseUrl: 'http://localhost:1337/api',
  querySerializer: (query) => qs.stringify(query, { encodeValuesOnly: true }),
});

export const categoryNames = async (): Promise<string[]> => {
  const { data, error } = await cms.GET('/outsourcing-categories', {
    params: { query: { locale: 'en', filters: { slug: { $eq: 'bpo' } }, sort: 'code:asc' } },
  });
  if (error) throw new Error(error.error.message);
  // Required in the content type: a string, never null.
  return data.data.map((category) => category.name);
};

export const linkLabels = async (): Promise<(string | null)[]> => {
  const { data } = await cms.GET('/outsourcing-categories/{documentId}', {
    params: { path: { documentId: 'abc' }, query: { locale: 'fr' } },
  });
  return data ? [data.data.linkLabel] : [];
};

export const localeCodes = async (): Promise<string[]> => {
  const { data } = await cms.GET('/i18n/locales');
  return (data ?? []).map((locale) => locale.code);
};

export const submit = async (body: components['schemas']['QuoteRequestSubmission']): Promise<string> => {
  const { data, error, response } = await cms.POST('/quote-requests', { body });
  if (response.status === 429) {
    const limited = error as components['schemas']['RateLimitError'];
    const seconds: number = limited.error.details.retryAfterSeconds;
    return \`retry in \${seconds} s\`;
  }
  if (!data) throw new Error('refused');
  return data.data.reference;
};

export const CategoriesDocument = graphql(\`
  query Categories($locale: I18NLocaleCode) {
    outsourcingCategories(locale: $locale, sort: "code:asc") {
      documentId
      code
      name
      linkLabel
    }
  }
\`);

export const SubmitDocument = graphql(\`
  mutation Submit($data: QuoteRequestSubmissionInput!) {
    submitQuoteRequest(data: $data) {
      reference
    }
  }
\`);

export const firstName = (result: CategoriesQuery): string => result.outsourcingCategories[0]?.name ?? '';
export const firstLinkLabel = (result: CategoriesQuery): string | null | undefined =>
  result.outsourcingCategories[0]?.linkLabel;

export const submission: SubmitMutationVariables = {
  data: {
    fullName: 'Camille Martin',
    email: 'camille@example.org',
    company: 'ACME',
    requestedModel: 'ito',
    message: 'Nous cherchons un infogérant.',
    consent: true,
  },
};
`;

/** Lines the generated types must refuse, each alone in a file next to the sample client. */
const REFUSED: Record<string, string> = {
  'a nullable field read as a string': `import type { paths } from './cms';
type Category = paths['/outsourcing-categories']['get']['responses']['200']['content']['application/json']['data'][number];
export const label = (category: Category): string => category.linkLabel;
`,
  'a requested model outside the enum': `import type { SubmitMutationVariables } from './gql/graphql';
export const wrong: SubmitMutationVariables = {
  data: { fullName: 'A B', email: 'a@b.fr', company: 'C', requestedModel: 'xyz', message: 'long enough', consent: true },
};
`,
  'a submission without its required message': `import type { SubmitMutationVariables } from './gql/graphql';
export const wrong: SubmitMutationVariables = {
  data: { fullName: 'A B', email: 'a@b.fr', company: 'C', requestedModel: 'ito', consent: true },
};
`,
  'retryAfterSeconds read as a string': `import type { components } from './cms';
export const wait = (limited: components['schemas']['RateLimitError']): string => limited.error.details.retryAfterSeconds;
`,
};

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'ESNext',
    // As a Next.js or Vite project resolves imports.
    moduleResolution: 'Bundler',
    skipLibCheck: true,
    lib: ['ES2022', 'DOM'],
  },
};

describe('README "Generated clients", run as written', () => {
  let folder: string;
  const bin = (name: string) => path.join(CLIENTS, 'node_modules/.bin', name);

  beforeAll(() => {
    for (const tool of ['openapi-typescript', 'graphql-codegen', 'tsc']) {
      if (!fs.existsSync(bin(tool))) {
        throw new Error(`${tool} is missing: npm ci --prefix tests/clients --engine-strict=false (see .ci/run)`);
      }
    }
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-client-'));
    fs.mkdirSync(path.join(folder, 'docs'));
    fs.mkdirSync(path.join(folder, 'src'));
    for (const file of ['docs/openapi.json', 'docs/schema.graphql']) {
      fs.copyFileSync(path.join(ROOT, file), path.join(folder, file));
    }
    // The installed tools, as `npm install` would have left them (nothing is downloaded).
    fs.symlinkSync(path.join(CLIENTS, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
    fs.writeFileSync(
      path.join(folder, 'package.json'),
      JSON.stringify({ name: 'cms-client', private: true, type: 'module' })
    );
    fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, include: ['src'] }));
  });

  afterAll(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('pins in the README the versions tests/clients installs', () => {
    const [commands] = blocks('sh');
    const installed = commands
      .split('\n')
      .filter((line) => line.startsWith('npm install'))
      .flatMap((line) => line.split(' ').filter((word) => /^@?[a-z0-9/.-]+@\d/.test(word)));
    expect(installed.length).toBeGreaterThanOrEqual(8);
    for (const spec of installed) {
      const at = spec.lastIndexOf('@');
      expect([spec, pinned.dependencies[spec.slice(0, at)]]).toEqual([spec, spec.slice(at + 1)]);
    }
    expect(installed).toEqual(expect.arrayContaining(['typescript@5.9.3', 'openapi-typescript@7.13.0']));
  });

  it('generates both clients with the README commands, and tsc --strict accepts the sample client', async () => {
    const [commands] = blocks('sh');
    const [codegenConfig] = blocks('yaml');
    fs.writeFileSync(path.join(folder, 'codegen.yml'), codegenConfig);
    fs.writeFileSync(path.join(folder, 'src/client.ts'), SAMPLE_CLIENT);
    // The README's own openapi-fetch example is type-checked with the sample client.
    const [readmeExample] = blocks('ts');
    expect(readmeExample).toContain("from 'openapi-fetch'");
    fs.writeFileSync(path.join(folder, 'src/readme-example.ts'), readmeExample);
    const env = { ...process.env, PATH: `${path.join(CLIENTS, 'node_modules/.bin')}:${process.env.PATH}` };
    const npx = commands.split('\n').filter((line) => line.startsWith('npx '));
    expect(npx).toEqual([
      'npx openapi-typescript docs/openapi.json -o src/cms.d.ts',
      'npx graphql-codegen --config codegen.yml',
    ]);
    for (const line of npx) {
      // `npx tool args`: the local binary, as npx resolves it (no registry lookup).
      const [tool, ...args] = line.slice('npx '.length).split(' ');
      await run(bin(tool), args, { cwd: folder, env, timeout: 120_000 });
    }
    const types = fs.readFileSync(path.join(folder, 'src/cms.d.ts'), 'utf8');
    expect(types).toMatch(/retryAfterSeconds: number/);
    expect(fs.existsSync(path.join(folder, 'src/gql/graphql.ts'))).toBe(true);
    const generatedGraphql = fs.readFileSync(path.join(folder, 'src/gql/graphql.ts'), 'utf8');
    expect(generatedGraphql).toMatch(/export type QuoteRequestedModel =\s*\n?\s*\| 'bpo'/);

    const tsc = await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: folder, env, timeout: 180_000 }).then(
      () => '',
      (error: { stdout?: string; message?: string }) => error.stdout ?? error.message ?? 'tsc failed'
    );
    expect(tsc).toBe('');

    // Each line the types must refuse, in a project of its own next to the sample client.
    for (const [what, source] of Object.entries(REFUSED)) {
      fs.writeFileSync(path.join(folder, 'src/refused.ts'), source);
      const refused = await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: folder, env, timeout: 180_000 }).then(
        () => 'accepted',
        (error: { stdout?: string }) =>
          (error.stdout ?? '').split('\n').filter((l) => l.includes('src/refused.ts')).length
      );
      expect([what, typeof refused === 'number' && refused > 0]).toEqual([what, true]);
    }
    fs.rmSync(path.join(folder, 'src/refused.ts'));
  }, 600_000);
});
