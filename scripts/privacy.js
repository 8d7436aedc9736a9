#!/usr/bin/env node
// @ts-check
'use strict';
// A person's rights over their quote requests, from the command line (the data-protection officer's
// tool; see PRIVACY.md):
//   npm run privacy -- erase  --email someone@example.org
//   npm run privacy -- export --email someone@example.org [--out someone.json]
// Boots the application without its HTTP server (like `npm run seed`), so it works whether the app is
// running or not, on the database the environment (.env) points to. Both actions are recorded in the
// privacy log (as `cli`, with a hash of the address). Strapi's own logs go to stderr: stdout carries
// only the result.
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const { compileStrapi, createStrapi } = require('@strapi/strapi');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

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

/**
 * The compiled application (dist/), compiled first when src/ or config/ changed since: a production
 * host that ran `npm run build` does not compile again, a developer's tree is never run stale.
 * @returns {Promise<{ appDir: string, distDir: string }>}
 */
const compiledApp = async () => {
  const sources = Math.max(
    newestUnder(path.join(ROOT, 'src')),
    newestUnder(path.join(ROOT, 'config')),
    fs.statSync(path.join(ROOT, 'tsconfig.json')).mtimeMs
  );
  const compiled = Math.min(newestUnder(path.join(DIST, 'src')), newestUnder(path.join(DIST, 'config')));
  if (compiled > sources && fs.existsSync(path.join(DIST, 'src', 'index.js'))) return { appDir: ROOT, distDir: DIST };
  const { distDir } = await compileStrapi({ appDir: ROOT });
  if (!distDir) throw new Error('compileStrapi() returned no dist directory');
  return { appDir: ROOT, distDir };
};

const USAGE = `Usage:
  npm run privacy -- erase  --email someone@example.org
  npm run privacy -- export --email someone@example.org [--out file.json]`;

/**
 * @typedef {{ requests: number, notificationsDeleted: number, notificationsStripped: number, subjectHash: string }} ErasureReport
 * @typedef {{ kind: 'cli' }} CliActor
 * @typedef {{
 *   erase(email: string, actor: CliActor): Promise<ErasureReport>,
 *   exportData(email: string, actor: CliActor): Promise<{ requests: unknown[], notifications: unknown[] }>,
 * }} PrivacyService
 */

/**
 * @param {unknown} service what strapi.service('api::privacy-log.privacy') returned
 * @returns {service is PrivacyService}
 */
const isPrivacyService = (service) =>
  typeof service === 'object' &&
  service !== null &&
  'erase' in service &&
  typeof service.erase === 'function' &&
  'exportData' in service &&
  typeof service.exportData === 'function';

/** @returns {{ command: 'erase' | 'export', email: string, out?: string } | string} the request, or what is wrong with it */
const readArguments = () => {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { email: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const [command, ...rest] = parsed.positionals;
  if (command !== 'erase' && command !== 'export') return `unknown command "${command ?? ''}"`;
  if (rest.length > 0) return `unexpected argument "${rest[0]}"`;
  const email = parsed.values.email?.trim();
  // NFKC: an address pasted with a full-width at sign is still an address (the match normalises it too).
  if (!email || !email.normalize('NFKC').includes('@')) return '--email with an address is required';
  if (parsed.values.out !== undefined && command !== 'export') return '--out applies to export only';
  return { command, email, out: parsed.values.out };
};

const main = async () => {
  const request = readArguments();
  if (typeof request === 'string') {
    console.error(`${request}\n\n${USAGE}`);
    return 2;
  }

  // Stdout is the result (the export's JSON can be piped): everything Strapi logs goes to stderr.
  const writeResult = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr);

  // This process does one thing: no seed import, no mail, no retention sweep (the app's own instances do those).
  process.env.SEED_ON_START = 'false';
  process.env.EMAIL_OUTBOX_ENABLED = 'false';
  process.env.QUOTE_RETENTION_SWEEP_ENABLED = 'false';

  const ctx = await compiledApp();
  const app = await createStrapi({ ...ctx, autoReload: false, serveAdminPanel: false }).load();
  try {
    const service = app.service('api::privacy-log.privacy');
    if (!isPrivacyService(service)) throw new Error('the privacy service (api::privacy-log.privacy) is missing');
    /** @type {CliActor} */
    const actor = { kind: 'cli' };

    if (request.command === 'erase') {
      const report = await service.erase(request.email, actor);
      writeResult(
        `Erased: ${report.requests} request(s) anonymised, ${report.notificationsDeleted} undelivered notification(s) deleted, ` +
          `${report.notificationsStripped} notification(s) stripped of their addresses.\n` +
          `Privacy log subject hash: ${report.subjectHash}\n`
      );
      return 0;
    }

    const data = await service.exportData(request.email, actor);
    const json = `${JSON.stringify(data, null, 2)}\n`;
    if (request.out) {
      const target = path.resolve(request.out);
      // Personal data: readable by its owner only.
      fs.writeFileSync(target, json, { mode: 0o600 });
      writeResult(
        `Exported ${data.requests.length} request(s) and ${data.notifications.length} notification(s) to ${target}\n`
      );
    } else {
      writeResult(json);
    }
    return 0;
  } finally {
    await app.destroy();
  }
};

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('privacy:', error);
    process.exit(1);
  }
);
