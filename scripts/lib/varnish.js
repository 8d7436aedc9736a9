// @ts-check
'use strict';
// The reference cache (deploy/varnish.vcl) as child processes: Debian's varnishd in the foreground, as
// the user running this (root: varnishd's own jail drops to its `varnish` user), its working directory
// under .tmp, and the purger (deploy/cache-purger.js) that the publish events drive. Used by
// `npm run deploy:local -- --cache`, the cache tests and `npm run bench`.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const VCL = path.join(ROOT, 'deploy', 'varnish.vcl');
const PURGER = path.join(ROOT, 'deploy', 'cache-purger.js');
const WORK_ROOT = path.join(ROOT, '.tmp', 'varnish');

/**
 * A Debian binary: `envName`, else the PATH, else /usr/sbin and /usr/bin (sbin is not on a user's PATH).
 * @param {string} name
 * @param {string} envName
 * @returns {string | undefined}
 */
const findBinary = (name, envName) => {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const dirs = [...(process.env.PATH || '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not there: next directory
    }
  }
  return undefined;
};

/** @returns {string | undefined} varnishd (VARNISHD_BIN, the PATH, /usr/sbin), undefined when not installed */
const findVarnishd = () => findBinary('varnishd', 'VARNISHD_BIN');

/** @returns {string} varnishd, or an error saying how to install it */
const varnishdBinary = () => {
  const found = findVarnishd();
  if (!found)
    throw new Error('varnishd not found: apt-get install -y varnish varnish-modules (Debian), or set VARNISHD_BIN');
  return found;
};

/**
 * @param {string} url
 * @returns {Promise<number>} the status code, 0 when nothing answered
 */
const probe = (url) =>
  new Promise((resolve) => {
    const req = http.get(url, { timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
  });

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null }} ExitStatus
 */

/**
 * @typedef {object} ChildHandle
 * @property {import('child_process').ChildProcess} child
 * @property {() => ExitStatus | null} exited
 * @property {() => Promise<void>} stop SIGTERM (SIGKILL after 5 s), waits for the exit
 */

/**
 * @param {import('child_process').ChildProcess} child
 * @returns {ChildHandle}
 */
const handleOf = (child) => {
  /** @type {ExitStatus | null} */
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  return {
    child,
    exited: () => exited,
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    },
  };
};

/**
 * @typedef {object} Varnish
 * @property {number | undefined} pid
 * @property {string} url where clients connect
 * @property {string} workDir its working directory (shared memory log, compiled VCL, backend file)
 * @property {string} log its output
 * @property {(names: string[]) => Record<string, number>} counters varnishstat's counters (`MAIN.cache_hit`…)
 * @property {() => Promise<void>} stop
 */

/**
 * varnishstat's counters of the instance whose working directory is `instanceDir`.
 * @param {string} instanceDir
 * @param {string[]} names
 * @returns {Record<string, number>}
 */
const readCounters = (instanceDir, names) => {
  const varnishstat = findBinary('varnishstat', 'VARNISHSTAT_BIN');
  if (!varnishstat) throw new Error('varnishstat not found (Debian package `varnish`)');
  const result = spawnSync(varnishstat, ['-n', instanceDir, '-1', '-j', ...names.flatMap((name) => ['-f', name])], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`varnishstat failed: ${result.stderr || result.stdout}`);
  /** @type {unknown} */
  const parsed = JSON.parse(result.stdout);
  const all =
    parsed !== null && typeof parsed === 'object' && 'counters' in parsed && typeof parsed.counters === 'object'
      ? /** @type {Record<string, { value?: unknown } | undefined>} */ (parsed.counters)
      : {};
  /** @type {Record<string, number>} */
  const counters = {};
  for (const name of names) counters[name] = Number(all[name]?.value ?? NaN);
  return counters;
};

/**
 * Starts varnishd on `bindHost:port` with deploy/varnish.vcl in front of `backend` (host:port), and waits
 * until it answers. The backend is written to `<workDir>/varnish-backend.vcl`, which the VCL includes.
 * @param {{ port: number, backend: string, bindHost?: string, log?: string, name?: string, storage?: string, timeoutMs?: number }} options
 *   name: the working directory's name under .tmp/varnish (one per running Varnish); storage: `-s` (malloc,64m)
 * @returns {Promise<Varnish>}
 */
const startVarnish = async ({
  port,
  backend,
  bindHost = '127.0.0.1',
  log,
  name = `varnish-${port}`,
  storage = 'malloc,64m',
  timeoutMs = 30000,
}) => {
  const binary = varnishdBinary();
  const [backendHost, backendPort] = backend.split(':');
  if (!backendHost || !/^\d+$/.test(backendPort ?? '')) throw new Error(`backend must be host:port (got ${backend})`);
  const workDir = path.join(WORK_ROOT, name);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  // varnishd's jail (as root) compiles the VCL as its own user: it must be able to read the files.
  fs.chmodSync(workDir, 0o755);
  fs.writeFileSync(
    path.join(workDir, 'varnish-backend.vcl'),
    `# Written by scripts/lib/varnish.js: the backend deploy/varnish.vcl sends misses to.\n` +
      `backend default {\n    .host = "${backendHost}";\n    .port = "${backendPort}";\n` +
      `    .connect_timeout = 1s;\n    .first_byte_timeout = 30s;\n    .between_bytes_timeout = 10s;\n}\n`,
    { mode: 0o644 }
  );
  const instanceDir = path.join(workDir, 'instance');
  const args = [
    '-F', // foreground: this process owns it and stops it by pid
    '-n',
    instanceDir,
    '-a',
    `${bindHost}:${port}`,
    '-T',
    'none', // no management port: nothing else needs it, and nothing else can use it
    '-f',
    VCL,
    '-p',
    `vcl_path=${workDir}`,
    '-s',
    storage,
  ];
  // Compile first: a VCL error (or a missing vmod xkey) is reported as such, not as a start timeout.
  const check = spawnSync(binary, ['-C', ...args.filter((arg) => arg !== '-F')], { encoding: 'utf8' });
  if (check.status !== 0) {
    const reason = (check.stderr || check.stdout).split('\n').slice(0, 20).join('\n');
    throw new Error(`deploy/varnish.vcl does not compile (vmod xkey: apt-get install varnish-modules):\n${reason}`);
  }
  const logFile = log || path.join(workDir, 'varnishd.log');
  const out = fs.openSync(logFile, 'a');
  const handle = handleOf(spawn(binary, args, { stdio: ['ignore', out, out] }));
  fs.closeSync(out);

  const url = `http://${bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost}:${port}`;
  const started = Date.now();
  for (;;) {
    const status = handle.exited();
    if (status) throw new Error(`varnishd exited during start (${JSON.stringify(status)}); see ${logFile}`);
    // Any HTTP answer means the child serves (a path outside the cache is passed to the backend).
    if ((await probe(`${url}/_health`)) > 0) break;
    if (Date.now() - started > timeoutMs) {
      await handle.stop();
      throw new Error(`varnishd not answering after ${timeoutMs} ms; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    pid: handle.child.pid,
    url,
    workDir,
    log: logFile,
    counters: (names) => readCounters(instanceDir, names),
    async stop() {
      await handle.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
};

/**
 * @typedef {object} CachePurger
 * @property {number | undefined} pid
 * @property {string} url where the CMS sends its events (FRONTEND_REVALIDATE_URL)
 * @property {string} log its output (one line per event)
 * @property {() => Promise<void>} stop
 */

/**
 * Starts deploy/cache-purger.js on 127.0.0.1:port, purging `varnishUrl`, and waits until it listens.
 * @param {{ port: number, varnishUrl: string, secret: string, log?: string, repeatMs?: number }} options
 * @returns {Promise<CachePurger>}
 */
const startCachePurger = async ({ port, varnishUrl, secret, log, repeatMs }) => {
  fs.mkdirSync(WORK_ROOT, { recursive: true });
  const logFile = log || path.join(WORK_ROOT, `cache-purger-${port}.log`);
  const out = fs.openSync(logFile, 'a');
  const handle = handleOf(
    spawn(process.execPath, [PURGER], {
      cwd: ROOT,
      env: {
        ...process.env,
        FRONTEND_REVALIDATE_SECRET: secret,
        CACHE_PURGER_VARNISH_URL: varnishUrl,
        CACHE_PURGER_HOST: '127.0.0.1',
        CACHE_PURGER_PORT: String(port),
        ...(repeatMs === undefined ? {} : { CACHE_PURGER_REPEAT_MS: String(repeatMs) }),
      },
      stdio: ['ignore', out, out],
    })
  );
  fs.closeSync(out);
  const url = `http://127.0.0.1:${port}/events`;
  const started = Date.now();
  for (;;) {
    const status = handle.exited();
    if (status) throw new Error(`cache purger exited during start (${JSON.stringify(status)}); see ${logFile}`);
    // It answers 405 to a GET once it listens.
    if ((await probe(url)) > 0) break;
    if (Date.now() - started > 10000) {
      await handle.stop();
      throw new Error(`cache purger not listening after 10 s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { pid: handle.child.pid, url, log: logFile, stop: handle.stop };
};

module.exports = { startVarnish, startCachePurger, findVarnishd, findBinary, varnishdBinary, VCL };
