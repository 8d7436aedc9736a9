#!/usr/bin/env node
// @ts-check
'use strict';
// A person's rights over their quote requests, from the command line (the data-protection officer's
// tool; see PRIVACY.md):
//   echo 'someone@example.org' | npx outsourcing-privacy export [--out someone.json [--force] | --out -]
//   node scripts/privacy.js erase --email-from addresses.txt
// The address comes on standard input or in a file (`--email-from`), never on the command line: npm
// writes its own command line into its debug log (~/.npm/_logs), and any command line is in the
// process list and the shell history. `--email ADDRESS` still works, with those traces.
// Boots the application without its HTTP server (like `npm run seed`), so it works whether the app is
// running or not, on the database the environment (.env) points to. Both actions are recorded in the
// privacy log (as `cli`, with a hash of the address). Strapi's own logs go to stderr: stdout carries
// only the result. Nothing this process writes to stderr carries an address.
const { randomBytes } = require('crypto');
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const { ensureEnv, CREATED_MESSAGE } = require('./ensure-env');

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
  const { compileStrapi } = require('@strapi/strapi');
  const { distDir } = await compileStrapi({ appDir: ROOT });
  if (!distDir) throw new Error('compileStrapi() returned no dist directory');
  return { appDir: ROOT, distDir };
};

const USAGE = `Usage: the address on standard input, or in a file (one address a line)
  npx outsourcing-privacy export --email-from - [--out file.json [--force] | --out -]
  npx outsourcing-privacy erase  --email-from -
  node scripts/privacy.js export --email-from FILE [...]
  node scripts/privacy.js erase  --email-from FILE      (erase takes any number of addresses, export one)
    --email-from -     reads the address(es) from standard input (type them, then Ctrl-D)
    --email-from FILE  reads them from FILE
    --email ADDRESS    the address on the command line: it stays in the shell history and the process
                       list, and through npx/npm in npm's debug log; prefer --email-from
    --out FILE   writes a new file readable by its owner only (0600); refuses an existing path
    --force      replaces an existing FILE (a new 0600 file renamed over it; a symlink is replaced, not followed)
    --out -      writes to standard output (the default)`;

/** The most an address list may weigh (a line is at most a few hundred bytes): more is refused, unread. */
const MAX_ADDRESS_INPUT_BYTES = 1024 * 1024;

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

/**
 * @typedef {{ kind: 'option', email: string } | { kind: 'stdin' } | { kind: 'file', file: string }} AddressSource
 * @typedef {{ command: 'erase' | 'export', source: AddressSource, out?: string, force: boolean }} CliRequest
 */

/**
 * The request, or what is wrong with it. No message repeats what was typed: a misplaced address
 * would be in the error (and in whatever keeps the terminal's output).
 * @returns {CliRequest | string}
 */
const readArguments = () => {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        email: { type: 'string' },
        'email-from': { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return 'unknown option (see the options below)';
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      return 'an option is missing its value, or --force was given one';
    return 'the arguments could not be read';
  }
  const [command, ...rest] = parsed.positionals;
  if (command !== 'erase' && command !== 'export') return 'the first argument must be the command: erase or export';
  if (rest.length > 0) return 'unexpected argument after the command (the address goes to --email-from)';
  const { email, 'email-from': emailFrom, out, force = false } = parsed.values;
  if (email !== undefined && emailFrom !== undefined) return '--email and --email-from exclude each other';
  /** @type {AddressSource} */
  let source;
  if (emailFrom !== undefined) {
    if (emailFrom === '') return '--email-from needs a file name (or - for standard input)';
    source = emailFrom === '-' ? { kind: 'stdin' } : { kind: 'file', file: path.resolve(emailFrom) };
  } else {
    const typed = email?.trim();
    // NFKC: an address pasted with a full-width at sign is still an address (the match normalises it too).
    if (!typed || !typed.normalize('NFKC').includes('@')) return '--email-from - (or FILE, or --email) is required';
    source = { kind: 'option', email: typed };
  }
  if (out !== undefined && command !== 'export') return '--out applies to export only';
  if (out === '') return '--out needs a file name (or - for standard output)';
  if (force && (out === undefined || out === '-')) return '--force applies to --out FILE only';
  return { command, source, out: out === '-' ? undefined : out, force };
};

/**
 * Reads a stream to its end, or gives up past `limit` bytes.
 * @param {NodeJS.ReadableStream} stream
 * @param {number} limit
 * @returns {Promise<string | undefined>} the text, undefined when it is longer than limit
 */
const readBounded = async (stream, limit) => {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * The addresses the request names, in order, or what is wrong with them (by line number, never by content).
 * @param {AddressSource} source
 * @returns {Promise<{ address: string, line?: number }[] | string>}
 */
const readAddresses = async (source) => {
  if (source.kind === 'option') return [{ address: source.email }];
  const from = source.kind === 'stdin' ? 'standard input' : source.file;
  if (source.kind === 'stdin' && process.stdin.isTTY) {
    process.stderr.write('Address (one a line), then Ctrl-D:\n');
  }
  let text;
  try {
    const stream = source.kind === 'stdin' ? process.stdin : fs.createReadStream(source.file);
    text = await readBounded(stream, MAX_ADDRESS_INPUT_BYTES);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    return `cannot read ${from}${code ? ` (${code})` : ''}`;
  }
  if (text === undefined) return `${from} holds more than ${MAX_ADDRESS_INPUT_BYTES} bytes: not an address list`;
  /** @type {{ address: string, line: number }[]} */
  const addresses = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (const [index, raw] of lines.entries()) {
    const address = raw.trim();
    if (address === '') continue;
    if (!address.normalize('NFKC').includes('@')) return `line ${index + 1} of ${from} is not an address`;
    addresses.push({ address, line: index + 1 });
  }
  if (addresses.length === 0) return `no address in ${from}`;
  return addresses;
};

/** Text that looks like an address: something@something, the at sign in any of its Unicode forms. */
const ADDRESS_LIKE = /[\p{L}\p{N}\p{M}._%+\-!#$&*=?^`{|}~']+[@\uFF20\uFE6B][\p{L}\p{N}\p{M}.\-[\]:]+/gu;

/**
 * @param {string} text
 * @returns {string}
 */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that takes the given addresses (as typed, in their Unicode-normalised and lower-case
 * forms, in any case) and anything else that looks like an address out of a text.
 * @param {string[]} addresses
 * @returns {(text: string) => string}
 */
const redactorFor = (addresses) => {
  const forms = [
    ...new Set(
      addresses.flatMap((address) => [address, address.normalize('NFKC'), address.normalize('NFKC').toLowerCase()])
    ),
  ]
    .filter((form) => form.length > 0)
    .sort((a, b) => b.length - a.length);
  const known = forms.length > 0 ? new RegExp(forms.map(escapeRegExp).join('|'), 'giu') : undefined;
  return (text) => (known ? text.replace(known, '[address]') : text).replace(ADDRESS_LIKE, '[address]');
};

/**
 * Everything this process writes to stderr (its own messages, Strapi's logs, an error's stack) goes
 * through `redact`: no log line of the run carries an address, whatever fails.
 * @param {(text: string) => string} redact
 */
const redactStderr = (redact) => {
  const write = process.stderr.write.bind(process.stderr);
  /**
   * @param {string | Uint8Array} chunk
   * @param {BufferEncoding | ((error?: Error | null) => void)} [encodingOrCallback]
   * @param {(error?: Error | null) => void} [callback]
   * @returns {boolean}
   */
  const redacting = (chunk, encodingOrCallback, callback) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (typeof encodingOrCallback === 'function') return write(redact(text), encodingOrCallback);
    return write(redact(text), encodingOrCallback, callback);
  };
  process.stderr.write = /** @type {typeof process.stderr.write} */ (redacting);
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

/**
 * Run through npm (npx, npm exec, npm run), whatever was on the command line is now in npm's debug log.
 * @returns {string | undefined} where that log is, when this process was started by npm
 */
const npmLogsDirectory = () => {
  if (!process.env.npm_command) return undefined;
  if (process.env.npm_config_logs_dir) return process.env.npm_config_logs_dir;
  return process.env.npm_config_cache ? path.join(process.env.npm_config_cache, '_logs') : '~/.npm/_logs';
};

const main = async () => {
  const request = readArguments();
  if (typeof request === 'string') {
    console.error(`privacy: ${request}\n\n${USAGE}`);
    return 2;
  }
  const target = request.out === undefined ? undefined : path.resolve(request.out);
  if (target) {
    const refusal = refusalFor(target, request.force);
    if (refusal) {
      console.error(`privacy: ${redactorFor([])(refusal)}`);
      return 1;
    }
  }
  const addresses = await readAddresses(request.source);
  if (typeof addresses === 'string') {
    console.error(`privacy: ${addresses}\n\n${USAGE}`);
    return 2;
  }
  if (request.command === 'export' && addresses.length > 1) {
    // One person's data per export: a file holding several people's would be shared with each of them.
    console.error(`privacy: export takes one address; ${addresses.length} were given`);
    return 2;
  }

  // From here on, nothing written to stderr (Strapi's logs, an error) carries these addresses.
  redactStderr(redactorFor(addresses.map(({ address }) => address)));
  const npmLogs = npmLogsDirectory();
  if (request.source.kind === 'option' && npmLogs) {
    console.error(
      `privacy: warning: started through npm, so npm's debug log (${npmLogs}) now holds the address given ` +
        'with --email: delete that log file. Pass the address with --email-from - (standard input) instead.'
    );
  }

  // Stdout is the result (the export's JSON can be piped): everything Strapi logs goes to stderr.
  const writeResult = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr);

  // npm's `privacy` script ran ensure-env first; npx and node run this file alone. Paths given on the
  // command line are resolved above: the application runs from its own directory (its .env, its
  // SQLite file), wherever the command was typed.
  if (ensureEnv()) console.error(CREATED_MESSAGE);
  process.chdir(ROOT);

  // This process does one thing: no seed import, no mail, no retention sweep (the app's own instances do those).
  process.env.SEED_ON_START = 'false';
  process.env.EMAIL_OUTBOX_ENABLED = 'false';
  process.env.QUOTE_RETENTION_SWEEP_ENABLED = 'false';

  // Loaded here, not at the top: @strapi/strapi reads .env when it is first required.
  const { createStrapi } = require('@strapi/strapi');
  const ctx = await compiledApp();
  const app = await createStrapi({ ...ctx, autoReload: false, serveAdminPanel: false }).load();
  try {
    const service = app.service('api::privacy-log.privacy');
    if (!isPrivacyService(service)) throw new Error('the privacy service (api::privacy-log.privacy) is missing');
    /** @type {CliActor} */
    const actor = { kind: 'cli' };

    if (request.command === 'erase') {
      for (const [index, { address, line }] of addresses.entries()) {
        const report = await service.erase(address, actor);
        // Several addresses: each report says which line it is about (never the address).
        const which = addresses.length > 1 ? `Address ${index + 1} of ${addresses.length} (line ${line}): ` : '';
        writeResult(
          `${which}Erased: ${report.requests} request(s) anonymised, ${report.notificationsDeleted} undelivered notification(s) deleted, ` +
            `${report.notificationsStripped} notification(s) stripped of their addresses.\n` +
            `Privacy log subject hash: ${report.subjectHash}\n`
        );
      }
      return 0;
    }

    const data = await service.exportData(addresses[0].address, actor);
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
    // Through the redacting stderr once the addresses are read; before that, no address was read.
    console.error('privacy:', error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  }
);
