#!/usr/bin/env node
// @ts-check
'use strict';
// The frontend contract, generated from the code:
//   npm run openapi:generate   writes docs/openapi.json (Strapi's documentation plugin, with the project's
//                              overrides in src/openapi/) and docs/schema.graphql (the public GraphQL schema)
//   npm run openapi:check      generates both in a temporary folder, fails when they differ from the
//                              committed files, validates docs/openapi.json against the OpenAPI 3 schema
//                              and lints it with Redocly CLI (redocly.yaml: recommended rules), failing on
//                              any error or warning
// The app boots on a throwaway SQLite database (nothing is read from or written to the configured one), with
// the documentation plugin loaded (OPENAPI_GENERATOR=true): at run time the plugin is never loaded.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseArgs } = require('util');

const ROOT = path.resolve(__dirname, '..');
const OPENAPI_FILE = path.join(ROOT, 'docs', 'openapi.json');
const SCHEMA_FILE = path.join(ROOT, 'docs', 'schema.graphql');

/**
 * @param {string} dir
 * @returns {number} the latest modification time of a file under dir (0 when there is none)
 */
const newestUnder = (dir) => {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
};

/** @returns {Promise<{ appDir: string, distDir: string }>} dist/, compiled first when src/ or config/ is newer */
const compiledApp = async () => {
  const { compileStrapi } = require('@strapi/strapi');
  const dist = path.join(ROOT, 'dist');
  const sources = Math.max(
    newestUnder(path.join(ROOT, 'src')),
    newestUnder(path.join(ROOT, 'config')),
    fs.statSync(path.join(ROOT, 'tsconfig.json')).mtimeMs
  );
  const compiled = Math.min(newestUnder(path.join(dist, 'src')), newestUnder(path.join(dist, 'config')));
  if (compiled > sources && fs.existsSync(path.join(dist, 'src', 'index.js'))) return { appDir: ROOT, distDir: dist };
  const { distDir } = await compileStrapi({ appDir: ROOT });
  if (!distDir) throw new Error('compileStrapi() returned no dist directory');
  return { appDir: ROOT, distDir };
};

/**
 * Boots the app in this process on a throwaway database and returns both documents as text.
 * @param {string} workDir
 * @returns {Promise<{ openapi: string, schema: string }>}
 */
const generate = async (workDir) => {
  Object.assign(process.env, {
    NODE_ENV: 'development',
    OPENAPI_GENERATOR: 'true',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(workDir, 'openapi.db'),
    DATABASE_URL: '',
    SEED_ON_START: 'false',
    EMAIL_OUTBOX_ENABLED: 'false',
    QUOTE_RETENTION_SWEEP_ENABLED: 'false',
    QUOTE_SLA_SWEEP_INTERVAL_MS: '0',
    FRONTEND_REVALIDATE_URL: '',
    REDIS_URL: '',
    GRAPHQL_INTROSPECTION: 'true',
    STRAPI_TELEMETRY_DISABLED: 'true',
  });
  const { createStrapi } = require('@strapi/strapi');
  const ctx = await compiledApp();
  const app = createStrapi({ ...ctx, autoReload: false, serveAdminPanel: false });
  await app.register();
  // The plugin writes its document under src/extensions/; this run writes it in the temporary folder.
  const documentation =
    /** @type {{ getFullDocumentationPath(): string, generateFullDoc(): Promise<void>, getDocumentationVersion(): string }} */ (
      app.plugin('documentation').service('documentation')
    );
  documentation.getFullDocumentationPath = () => path.join(workDir, 'documentation');
  await app.bootstrap();
  try {
    await documentation.generateFullDoc();
    const file = path.join(
      workDir,
      'documentation',
      documentation.getDocumentationVersion(),
      'full_documentation.json'
    );
    // Formatted as the repository's Prettier formats it, so `npm run format` leaves the committed file alone.
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(OPENAPI_FILE)) ?? {};
    const openapi = await prettier.format(fs.readFileSync(file, 'utf8'), { ...options, parser: 'json' });
    /** @type {unknown} */
    const loaded = require(path.join(ctx.distDir, 'src', 'openapi', 'graphql-sdl.js'));
    const sdlModule = /** @type {{ printPublicSchema(strapi: unknown): Promise<string> }} */ (loaded);
    const schema = await prettier.format(await sdlModule.printPublicSchema(app), { ...options, parser: 'graphql' });
    return { openapi, schema };
  } finally {
    await app.destroy();
  }
};

/**
 * The document against the OpenAPI 3.0 JSON schema, with @seriousme/openapi-schema-validator.
 * @param {string} text
 * @returns {Promise<string[]>} the errors, empty when valid
 */
const validate = async (text) => {
  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const validator = new Validator();
  /** @type {unknown} */
  const document = JSON.parse(text);
  const result = await validator.validate(/** @type {Record<string, unknown>} */ (document));
  if (result.valid) return [];
  return (Array.isArray(result.errors) ? result.errors : [result.errors]).map((error) => JSON.stringify(error));
};

/**
 * Redocly's lint of a document file (redocly.yaml and .redocly.lint-ignore.yaml at the root).
 * @param {string} file
 * @returns {string[]} the problems, errors and warnings alike; empty when clean
 */
const redoclyLint = (file) => {
  const { spawnSync } = require('child_process');
  const cli = require.resolve('@redocly/cli/bin/cli.js');
  const run = spawnSync(
    process.execPath,
    [cli, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format=json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }
  );
  /** @type {{ totals?: { errors: number, warnings: number }, problems?: { ruleId: string, severity: string, message: string, location?: { pointer?: string }[] }[] }} */
  let report;
  try {
    /** @type {unknown} */
    const parsed = JSON.parse(run.stdout);
    report = /** @type {typeof report} */ (parsed);
  } catch {
    return [`redocly lint did not run (exit ${run.status}): ${run.stderr.trim()}`];
  }
  return (report.problems ?? []).map(
    (problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.location?.[0]?.pointer ?? '?'})`
  );
};

const main = async () => {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const started = Date.now();
  // Strapi logs on stdout: the report goes to stderr at the end, after its lines.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-'));
  try {
    const { openapi, schema } = await generate(workDir);
    const errors = await validate(openapi);
    if (errors.length > 0) {
      console.error(`openapi: the generated document is not valid OpenAPI 3:\n${errors.join('\n')}`);
      return 1;
    }
    if (!values.check) {
      fs.writeFileSync(OPENAPI_FILE, openapi);
      fs.writeFileSync(SCHEMA_FILE, schema);
      console.error(`openapi: wrote docs/openapi.json and docs/schema.graphql in ${Date.now() - started} ms`);
      return 0;
    }
    let drift = 0;
    for (const [file, generated] of /** @type {[string, string][]} */ ([
      [OPENAPI_FILE, openapi],
      [SCHEMA_FILE, schema],
    ])) {
      const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (committed !== generated) {
        drift += 1;
        const copy = path.join(workDir, path.basename(file));
        fs.writeFileSync(copy, generated);
        console.error(`openapi: ${path.relative(ROOT, file)} differs from the code (generated: ${copy});`);
        console.error(`  diff -u ${path.relative(ROOT, file)} ${copy}   # then: npm run openapi:generate`);
      }
    }
    if (drift > 0) return 1;
    const problems = redoclyLint(OPENAPI_FILE);
    if (problems.length > 0) {
      console.error(
        `openapi: Redocly's lint of docs/openapi.json found ${problems.length} problem(s):\n${problems.join('\n')}`
      );
      return 1;
    }
    fs.rmSync(workDir, { recursive: true, force: true });
    console.error(
      `openapi: docs/openapi.json (valid OpenAPI 3, Redocly lint clean) and docs/schema.graphql match the code (${Date.now() - started} ms)`
    );
    return 0;
  } catch (error) {
    fs.rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
};

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
