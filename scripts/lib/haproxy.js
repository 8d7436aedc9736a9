// @ts-check
'use strict';
// Runs Debian's HAProxy with the reference configuration (deploy/haproxy.cfg) as a child process, and
// talks to its runtime API (unix socket): server states, maintenance on/off.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG = path.join(ROOT, 'deploy', 'haproxy.cfg');

/**
 * The haproxy binary: HAPROXY_BIN, else the PATH, else Debian's /usr/sbin (not on a user's PATH).
 * @returns {string}
 */
const haproxyBinary = () => {
  if (process.env.HAPROXY_BIN) return process.env.HAPROXY_BIN;
  const dirs = [...(process.env.PATH || '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'haproxy');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not there: next directory
    }
  }
  throw new Error('haproxy not found: apt-get install -y haproxy (Debian), or set HAPROXY_BIN');
};

/**
 * One command on the runtime API (non-interactive: HAProxy answers and closes).
 * @param {string} socketPath
 * @param {string} command e.g. `show stat`, `set server web/web2 state maint`
 * @returns {Promise<string>}
 */
const runtimeCommand = (socketPath, command) =>
  new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    /** @type {Buffer[]} */
    const chunks = [];
    socket.setTimeout(2000, () => socket.destroy(new Error(`HAProxy runtime API: no answer to "${command}"`)));
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

/**
 * @typedef {object} ServerState
 * @property {string} name e.g. web1
 * @property {string} status UP, DOWN, MAINT, `UP 1/2` (going down), `DOWN 1/2` (coming up), no check…
 * @property {{ '2xx': number, '4xx': number, '5xx': number }} responses HTTP responses it gave, by class
 */

/**
 * @typedef {object} Haproxy
 * @property {number | undefined} pid
 * @property {string} url where clients connect
 * @property {string} socketPath the runtime API
 * @property {string} log its output (server state changes)
 * @property {() => Promise<ServerState[]>} servers the backend's servers and their state
 * @property {(status: string, timeoutMs?: number) => Promise<ServerState[]>} waitForAll waits until every server has this status
 * @property {(server: string, status: string, timeoutMs?: number) => Promise<void>} waitFor waits until one server has this status
 * @property {(server: string, state: 'ready' | 'maint' | 'drain') => Promise<void>} setState puts a server in or out of rotation
 * @property {() => Promise<void>} stop
 */

/**
 * Starts HAProxy on `127.0.0.1:port` in front of `web` (host:port of web1 and web2) and waits until it
 * sees both up.
 * @param {{ port: number, web: [string, string], bindHost?: string, log?: string, waitUp?: boolean }} options
 * @returns {Promise<Haproxy>}
 */
const startHaproxy = async ({ port, web, bindHost = '127.0.0.1', log, waitUp = true }) => {
  const binary = haproxyBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outsourcing-cms-haproxy-'));
  const socketPath = path.join(dir, 'admin.sock');
  const logFile = log || path.join(dir, 'haproxy.log');
  const env = {
    ...process.env,
    HAPROXY_BIND: `${bindHost}:${port}`,
    HAPROXY_STATS_SOCKET: socketPath,
    WEB1_ADDR: web[0],
    WEB2_ADDR: web[1],
  };
  const check = spawnSync(binary, ['-c', '-q', '-f', CONFIG], { env, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`deploy/haproxy.cfg is invalid: ${check.stderr || check.stdout}`);

  const out = fs.openSync(logFile, 'a');
  // -db: stay in the foreground (no daemon), so this process owns it and can stop it by pid.
  const child = spawn(binary, ['-db', '-f', CONFIG], { env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  /** @returns {Promise<ServerState[]>} */
  const servers = async () => {
    const csv = await runtimeCommand(socketPath, 'show stat');
    const [header, ...rows] = csv.trim().split('\n');
    const columns = header.replace(/^# /, '').split(',');
    const at = (/** @type {string} */ name) => columns.indexOf(name);
    return rows
      .map((row) => row.split(','))
      .filter((cells) => cells[at('pxname')] === 'web' && !['BACKEND', 'FRONTEND'].includes(cells[at('svname')]))
      .map((cells) => ({
        name: cells[at('svname')],
        status: cells[at('status')],
        responses: {
          '2xx': Number(cells[at('hrsp_2xx')]) || 0,
          '4xx': Number(cells[at('hrsp_4xx')]) || 0,
          '5xx': Number(cells[at('hrsp_5xx')]) || 0,
        },
      }));
  };

  /**
   * @param {string} status
   * @returns {Promise<ServerState[]>}
   */
  const waitForAll = async (status, timeoutMs = 15000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited) throw new Error(`haproxy exited (${JSON.stringify(exited)}); see ${logFile}`);
      const states = await servers().catch(() => []);
      if (states.length > 0 && states.every((s) => s.status === status)) return states;
      if (Date.now() > deadline) throw new Error(`haproxy: servers not all ${status}: ${JSON.stringify(states)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  /**
   * @param {string} server
   * @param {string} status
   */
  const waitFor = async (server, status, timeoutMs = 15000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await servers().catch(() => []);
      if (states.find((s) => s.name === server)?.status === status) return;
      if (Date.now() > deadline) throw new Error(`haproxy: ${server} not ${status}: ${JSON.stringify(states)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  try {
    if (waitUp) await waitForAll('UP');
    else await waitForAll('UP', 0).catch(() => undefined);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    pid: child.pid,
    url: `http://${bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost}:${port}`,
    socketPath,
    log: logFile,
    servers,
    waitForAll,
    waitFor,
    async setState(server, state) {
      const answer = await runtimeCommand(socketPath, `set server web/${server} state ${state}`);
      if (answer.trim()) throw new Error(`haproxy: set server ${server} ${state}: ${answer.trim()}`);
    },
    async stop() {
      if (!exited) {
        // SIGUSR1: soft stop (finishes the requests in flight); SIGTERM after 5 s.
        const done = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGUSR1');
        const timer = setTimeout(() => child.kill('SIGTERM'), 5000);
        await done;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

module.exports = { startHaproxy, haproxyBinary, CONFIG };
