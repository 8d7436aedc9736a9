import fs from 'fs';
import { createStrapi, type Core } from '@strapi/strapi';
import { compileOnce } from './compile';
import { smtp } from './context';
import { applyTestEnv, dropTestDatabase, type TestDatabase } from './test-env';

let instance: Core.Strapi | undefined;
let database: TestDatabase = {};
let baseUrl: string | undefined;

/**
 * Boots the real application for the calling test file: compiled from src/, on a fresh database, with
 * the HTTP server listening on a loopback port. Test files call `useStrapi()`, which also runs the SMTP
 * sink and the teardown.
 */
const setupStrapi = async (env: Record<string, string> = {}): Promise<Core.Strapi> => {
  if (instance) return instance;
  database = await applyTestEnv(env);
  const ctx = await compileOnce();
  const app = await createStrapi({ ...ctx, autoReload: false, serveAdminPanel: false }).load();
  app.server.mount();
  // Listen once on a loopback port: supertest would otherwise call listen() per request, which breaks
  // concurrent requests in one test.
  const server = app.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('test server has no TCP address');
  baseUrl = `http://127.0.0.1:${address.port}`;
  instance = app;
  return app;
};

interface PoolStats {
  numUsed(): number;
  numPendingAcquires(): number;
}

/**
 * Strapi emits document events (entry.update, entry.publish…) without awaiting them, and each one
 * re-reads the entry. Destroying the database under such a query crashes the run after the tests
 * passed, so wait until the connection pool is idle (bounded to 5 s).
 */
const waitForIdleDatabase = async (app: Core.Strapi): Promise<void> => {
  const pool = (app.db.connection as unknown as { client: { pool?: PoolStats } }).client.pool;
  if (!pool) return;
  const deadline = Date.now() + 5000;
  let idleTicks = 0;
  while (Date.now() < deadline && idleTicks < 3) {
    idleTicks = pool.numUsed() === 0 && pool.numPendingAcquires() === 0 ? idleTicks + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** Stops the app and deletes its database, also when the boot failed half-way. */
const teardownStrapi = async (): Promise<void> => {
  const app = instance;
  instance = undefined;
  baseUrl = undefined;
  try {
    if (app) {
      await waitForIdleDatabase(app);
      await app.destroy();
    }
  } finally {
    const { sqliteFile } = database;
    if (sqliteFile) {
      for (const file of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) {
        fs.rmSync(file, { force: true });
      }
    }
    const created = database;
    database = {};
    await dropTestDatabase(created);
  }
};

export const getStrapi = (): Core.Strapi => {
  if (!instance) throw new Error('setupStrapi() has not run');
  return instance;
};

/** Where supertest sends requests: the booted app on its loopback port. */
export const httpServer = (): string => {
  if (!baseUrl) throw new Error('setupStrapi() has not run');
  return baseUrl;
};

/**
 * The quote pipeline as the integration suites run it: the routing the sales team would configure,
 * a low rate limit, a fast outbox. Mail goes to this file's SMTP sink (added by `useStrapi`).
 */
export const INTEGRATION_ENV: Readonly<Record<string, string>> = {
  EMAIL_FROM: 'Rouge Hexagone <devis@rouge-hexagone.test>',
  EMAIL_REPLY_TO: 'commercial@rouge-hexagone.test',
  QUOTE_ROUTING_BPO: 'bpo@rouge-hexagone.test',
  QUOTE_ROUTING_ITO: 'ito@rouge-hexagone.test, ito-lead@rouge-hexagone.test',
  QUOTE_ROUTING_KPO: 'kpo@rouge-hexagone.test',
  QUOTE_ROUTING_FALLBACK: 'commercial@rouge-hexagone.test',
  QUOTE_ROUTING_CC: 'direction@rouge-hexagone.test',
  QUOTE_RATE_LIMIT_MAX: '5',
  QUOTE_RATE_LIMIT_WINDOW_MS: '600000',
  QUOTE_SLA_HOURS: '4',
  // Suites that backdate requests would otherwise get reminder mails they do not count; the SLA suite
  // turns the sweep on.
  QUOTE_SLA_SWEEP_INTERVAL_MS: '0',
  // The privacy suite signs up an end user to prove a JWT reads no quote data either.
  USERS_REGISTRATION_ENABLED: 'true',
  EMAIL_OUTBOX_INTERVAL_MS: '150',
  EMAIL_OUTBOX_RETRY_BASE_MS: '100',
  EMAIL_OUTBOX_RETRY_MAX_MS: '300',
  EMAIL_OUTBOX_MAX_ATTEMPTS: '1000',
};

/**
 * One app for the calling test file: before its tests, starts the SMTP sink (`smtp` in ./context) and
 * boots Strapi with `env` (INTEGRATION_ENV unless the file needs another set-up) and mail sent to the
 * sink; after them, stops both and deletes the file's database. Call it at the top level of the file,
 * before the file's own hooks, so they run on the booted app.
 */
export const useStrapi = (env: Readonly<Record<string, string>> = INTEGRATION_ENV): void => {
  beforeAll(async () => {
    const port = await smtp.start();
    await setupStrapi({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_SECURE: 'false',
      SMTP_TIMEOUT_MS: '2000',
      ...env,
    });
  });

  afterAll(async () => {
    try {
      await teardownStrapi();
    } finally {
      await smtp.stop();
    }
  });
};
