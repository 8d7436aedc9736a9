#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run deploy:local [-- --port 8080] [--build] [--no-admin] [--cache]
 *
 * The reference deployment (deploy/haproxy.cfg) on this machine: HAProxy on 127.0.0.1:<port> in front of
 * two web instances (EMAIL_OUTBOX_ENABLED=false), one outbox worker, all on one PostgreSQL database.
 * With --cache, Varnish (deploy/varnish.vcl) takes 127.0.0.1:<port> in front of HAProxy (moved to a free
 * loopback port), and the instances send their publish events to the purger (deploy/cache-purger.js),
 * which purges Varnish by surrogate key.
 * Ctrl-C (SIGINT) or SIGTERM stops everything it started, by pid.
 *
 * Settings come from .env and the environment (the environment wins). The database is the PostgreSQL one
 * they describe when DATABASE_CLIENT=postgres, else a local one: 127.0.0.1:5432, user postgres, database
 * outsourcing_cms_local (created if missing). Secrets come from .env (`scripts/ensure-env.js` makes one);
 * every instance gets the same. The production build (`strapi build`) is made when missing or older than
 * the sources, or with --build.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { parseEnv } = require('util');
const { Client } = require('pg');
const { ROOT } = require('./lib/server');
const { startDeployment } = require('./lib/deployment');
const { generateSecrets } = require('./lib/secrets');

const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
const LOG_DIR = path.join(ROOT, '.tmp', 'deploy');

/**
 * @param {string} name
 * @param {string} fallback
 */
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > -1 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const PORT = Number(arg('port', process.env.DEPLOY_PORT || '8080'));
const FORCE_BUILD = process.argv.includes('--build');
const SERVE_ADMIN = !process.argv.includes('--no-admin');
const CACHE = process.argv.includes('--cache');

/** @param {string} line */
const say = (line) => console.log(`[deploy] ${line}`);

/**
 * .env, then the environment on top.
 * @returns {Record<string, string>}
 */
const settings = () => {
  const file = path.join(ROOT, '.env');
  const fromFile = fs.existsSync(file) ? parseEnv(fs.readFileSync(file, 'utf8')) : {};
  /** @type {Record<string, string>} */
  const merged = {};
  for (const [key, value] of [...Object.entries(fromFile), ...Object.entries(process.env)]) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
};

/**
 * The DATABASE_* variables of the deployment (PostgreSQL), creating the local database when needed.
 * @param {Record<string, string>} config
 * @returns {Promise<Record<string, string>>}
 */
const postgresEnv = async (config) => {
  if (config.DATABASE_CLIENT === 'postgres') {
    const keys = Object.keys(config).filter((key) => key.startsWith('DATABASE_'));
    return Object.fromEntries(keys.map((key) => [key, config[key]]));
  }
  const server = { host: '127.0.0.1', port: 5432, user: 'postgres', password: '' };
  const database = 'outsourcing_cms_local';
  const client = new Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database}"`);
      say(`created PostgreSQL database ${database}`);
    }
  } finally {
    await client.end();
  }
  return {
    DATABASE_CLIENT: 'postgres',
    DATABASE_HOST: server.host,
    DATABASE_PORT: String(server.port),
    DATABASE_NAME: database,
    DATABASE_USERNAME: server.user,
    DATABASE_PASSWORD: server.password,
    DATABASE_URL: '',
  };
};

/**
 * Newest modification time of the files under `dir` (0 when it does not exist).
 * @param {string} dir
 * @returns {number}
 */
const newest = (dir) => {
  if (!fs.existsSync(dir)) return 0;
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = fs.statSync(path.join(dir, entry));
    if (file.isFile()) latest = Math.max(latest, file.mtimeMs);
  }
  return latest;
};

/**
 * `strapi build` (server compile and admin bundle) unless dist/ is newer than every source.
 * @param {Record<string, string>} env
 */
const buildIfNeeded = (env) => {
  const built = path.join(ROOT, 'dist', 'build', 'index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sourcesAt = Math.max(
    ...['src', 'config', 'types', 'package-lock.json', 'tsconfig.json'].map((p) => newest(path.join(ROOT, p)))
  );
  if (!FORCE_BUILD && builtAt > sourcesAt) {
    say('production build is up to date (dist/)');
    return;
  }
  say('building (strapi build: server and admin panel)…');
  const result = spawnSync(process.execPath, [STRAPI_BIN, 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`strapi build failed (exit ${result.status})`);
};

const main = async () => {
  const config = settings();
  // Every instance on one database needs the same secrets: .env's, or generated once for this run.
  const secrets = Object.fromEntries(
    Object.entries(generateSecrets()).map(([key, fresh]) => [key, config[key] || fresh])
  );
  const publicUrl = config.DEPLOY_PUBLIC_URL || `http://127.0.0.1:${PORT}`;
  /** @type {Record<string, string>} */
  const env = {
    ...config,
    ...secrets,
    ...(await postgresEnv(config)),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PUBLIC_URL: publicUrl,
    SERVE_ADMIN_PANEL: SERVE_ADMIN ? 'true' : 'false',
  };
  if (SERVE_ADMIN) buildIfNeeded(env);

  say(`logs in ${path.relative(process.cwd(), LOG_DIR) || LOG_DIR}/`);
  const deployment = await startDeployment({
    env,
    // Web instances do not send mail; the worker polls often, since no web instance wakes it.
    workerEnv: { EMAIL_OUTBOX_INTERVAL_MS: config.EMAIL_OUTBOX_INTERVAL_MS || '1000' },
    logDir: LOG_DIR,
    port: PORT,
    cache: CACHE,
    progress: say,
  });

  let stopping = false;
  /** @type {Record<string, string>} */
  const lastStates = {};
  const watch = setInterval(() => {
    deployment.haproxy
      .servers()
      .then((states) => {
        for (const { name, status } of states) {
          if (lastStates[name] && lastStates[name] !== status) say(`HAProxy: ${name} is now ${status}`);
          lastStates[name] = status;
        }
      })
      .catch(() => undefined);
    if (!stopping && Number.isNaN(deployment.worker.rss())) say('the outbox worker exited: no mail is sent');
  }, 1000);

  /** @param {NodeJS.Signals} signal */
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watch);
    say(
      `${signal}: stopping ${deployment.cache ? 'Varnish, ' : ''}HAProxy, web1, web2, worker${deployment.cache ? ', purger' : ''}…`
    );
    await deployment.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));

  say('');
  say(`ready: ${deployment.url}  (API ${deployment.url}/api, admin ${deployment.url}/admin)`);
  if (deployment.cache) {
    say(
      `Varnish ${deployment.cache.varnish.url} → HAProxy ${deployment.haproxy.url}; purger ${deployment.cache.purger.url}`
    );
  }
  say(`web1 ${deployment.web[0].url}, web2 ${deployment.web[1].url}, worker ${deployment.worker.url}`);
  say(`database: ${env.DATABASE_NAME || env.DATABASE_URL} on ${env.DATABASE_HOST || 'DATABASE_URL'}`);
  say('Ctrl-C stops everything.');
};

main().catch((error) => {
  console.error('[deploy] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
