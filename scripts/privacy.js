#!/usr/bin/env node
// @ts-check
'use strict';
// A person's rights over their quote requests, from the command line (the data-protection officer's
// tool; see PRIVACY.md):
//   npm run privacy -- erase  --email someone@example.org
//   npm run privacy -- export --email someone@example.org [--out someone.json [--force] | --out -]
// Boots the application without its HTTP server (like `npm run seed`), so it works whether the app is
// running or not, on the database the environment (.env) points to. Both actions are recorded in the
// privacy log (as `cli`, with a hash of the address). Strapi's own logs go to stderr: stdout carries
// only the result.
const { randomBytes } = require('crypto');
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
  npm run privacy -- export --email someone@example.org [--out file.json [--force] | --out -]
    --out FILE   writes a new file readable by its owner only (0600); refuses an existing path
    --force      replaces an existing FILE (a new 0600 file renamed over it; a symlink is replaced, not followed)
    --out -      writes to standard output (the default)`;

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

/** @returns {{ command: 'erase' | 'export', email: string, out?: string, force: boolean } | string} the request, or what is wrong with it */
const readArguments = () => {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { email: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
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
  const { out, force = false } = parsed.values;
  if (out !== undefined && command !== 'export') return '--out applies to export only';
  if (out === '') return '--out needs a file name (or - for standard output)';
  if (force && (out === undefined || out === '-')) return '--force applies to --out FILE only';
  return { command, email, out: out === '-' ? undefined : out, force };
};

/**
 * @param {string} target
 * @returns {fs.Stats | undefined} what is at target itself (a symlink is not followed), undefined when nothing is
 */
const entryAt = (target) => {
  try {
    return fs.lstatSync(target);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return undefined;
    throw error;
  }
};

/**
 * Why the export may not be written at target, or undefined when it may. Checked before the app boots,
 * so a refused path records no export in the privacy log; the write itself checks again.
 * @param {string} target
 * @param {boolean} force
 * @returns {string | undefined}
 */
const refusalFor = (target, force) => {
  const entry = entryAt(target);
  if (!entry) return undefined;
  if (entry.isSymbolicLink() && !force) {
    return `${target} is a symbolic link: not following it (remove it, or --force to replace the link itself)`;
  }
  if (entry.isDirectory()) return `${target} is a directory`;
  if (!force) return `${target} already exists: not overwriting it (--force replaces it)`;
  return undefined;
};

/**
 * Writes personal data readable by its owner only. Without `force` the file is created exclusively
 * (O_CREAT|O_EXCL: an existing file or symlink, even one created since the check, makes it fail, and
 * no symlink is followed). With `force` a new 0600 file is written next to the target and renamed over
 * it: rename replaces the directory entry (a symlink itself, never its target) and a reader sees the old
 * file or the whole new one, and the old file's mode (0644) is not inherited.
 * @param {string} target
 * @param {string} content
 * @param {boolean} force
 */
const writePrivateFile = (target, content, force) => {
  if (!force) {
    fs.writeFileSync(target, content, { mode: 0o600, flag: 'wx' });
    return;
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
};

const main = async () => {
  const request = readArguments();
  if (typeof request === 'string') {
    console.error(`${request}\n\n${USAGE}`);
    return 2;
  }
  const target = request.out === undefined ? undefined : path.resolve(request.out);
  if (target) {
    const refusal = refusalFor(target, request.force);
    if (refusal) {
      console.error(`privacy: ${refusal}`);
      return 1;
    }
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
    if (target) {
      // Personal data: readable by its owner only.
      try {
        writePrivateFile(target, json, request.force);
      } catch (error) {
        const code = /** @type {NodeJS.ErrnoException} */ (error).code;
        if (code !== 'EEXIST') throw error;
        console.error(`privacy: ${target} appeared while exporting: not overwriting it (--force replaces it)`);
        return 1;
      }
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
