'use strict';
// Starts the built application as a separate production process (`strapi start`), the way it runs in
// production, and gives the bench, the fault runs and the browser tests its pid, URL, RSS and a clean
// or brutal stop.
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const http = require('http');
const { generateSecrets } = require('./secrets');

const ROOT = path.resolve(__dirname, '..', '..');
const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

/** @returns {Promise<number>} a TCP port free on loopback right now */
const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      if (!address || typeof address === 'string') {
        srv.close(() => reject(new Error('no TCP address for a probe server')));
        return;
      }
      srv.close(() => resolve(address.port));
    });
  });

/**
 * Environment shared by every server a bench or fault run starts: fresh secrets, no .env needed.
 * @returns {Record<string, string>}
 */
const baseEnv = () => ({
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  ...generateSecrets(),
  SERVE_ADMIN_PANEL: 'false',
  STRAPI_TELEMETRY_DISABLED: 'true',
  QUOTE_ROUTING_BPO: 'bpo@bench.test',
  QUOTE_ROUTING_ITO: 'ito@bench.test',
  QUOTE_ROUTING_KPO: 'kpo@bench.test',
  QUOTE_ROUTING_FALLBACK: 'sales@bench.test',
  EMAIL_FROM: 'Devis <devis@bench.test>',
});

/**
 * Compiles src/ and config/ to dist/ (what `strapi build` does for the server side).
 * @returns {Promise<number>} milliseconds it took
 */
const compile = async () => {
  const { compileStrapi } = require('@strapi/strapi');
  const started = Date.now();
  await compileStrapi({ appDir: ROOT });
  return Date.now() - started;
};

/**
 * @param {string} url
 * @returns {Promise<number>} the status code, 0 when nothing answered in time
 */
const get = (url, timeoutMs = 2000) =>
  new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
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
 * @param {number | undefined} pid
 * @returns {number} resident set size in bytes, NaN when the process is gone
 */
const readRssBytes = (pid) => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number((/^VmRSS:\s+(\d+)\s+kB/m.exec(status) || [])[1]);
    return kb * 1024;
  } catch {
    return NaN;
  }
};

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null }} ExitStatus
 */

/**
 * @typedef {object} AppServer
 * @property {string} label
 * @property {number | undefined} pid
 * @property {number} port
 * @property {string} url
 * @property {number} startMs milliseconds from spawn to the first healthy /_health
 * @property {() => number} rss resident set size in bytes
 * @property {() => Promise<ExitStatus>} stop graceful stop (SIGTERM: Strapi destroys, the outbox finishes its pass)
 * @property {() => Promise<ExitStatus>} kill9 kill -9: no shutdown hook runs
 */

/**
 * @param {{ env?: Record<string,string>, label?: string, log?: string, timeoutMs?: number, nodeArgs?: string[], port?: number, appDir?: string }} [options]
 *   nodeArgs: extra Node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] (not allowed in NODE_OPTIONS)
 *   appDir: the Strapi application to start (default: this project); the bench's empty app for comparison
 * @returns {Promise<AppServer>}
 */
const startServer = async ({
  env = {},
  label = 'server',
  log,
  timeoutMs = 120000,
  nodeArgs = [],
  port: fixedPort,
  appDir = ROOT,
} = {}) => {
  const port = fixedPort ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const out = log ? fs.openSync(log, 'a') : 'ignore';
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, STRAPI_BIN, 'start'], {
    cwd: appDir,
    env: { ...process.env, ...baseEnv(), ...env, PORT: String(port) },
    stdio: ['ignore', out, out],
  });
  /** @type {ExitStatus | null} */
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  for (;;) {
    if (exited) throw new Error(`${label} exited during start (${JSON.stringify(exited)})${log ? `; see ${log}` : ''}`);
    if ((await get(`${url}/_health`, 1000)) === 204 || (await get(`${url}/_health`, 1000)) === 200) break;
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${label} not healthy after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const startMs = Date.now() - started;

  /** @returns {Promise<ExitStatus>} */
  const waitExit = () =>
    exited
      ? Promise.resolve(exited)
      : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  return {
    label,
    pid: child.pid,
    port,
    url,
    startMs,
    rss: () => readRssBytes(child.pid),
    /** Graceful stop (SIGTERM: Strapi destroys, the outbox finishes its pass). */
    async stop() {
      if (exited) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
      const result = await waitExit();
      clearTimeout(timer);
      return result;
    },
    /** kill -9: no shutdown hook runs. */
    async kill9() {
      if (exited) return exited;
      child.kill('SIGKILL');
      return waitExit();
    },
  };
};

module.exports = { ROOT, compile, startServer, freePort, baseEnv };
