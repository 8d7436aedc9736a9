import fs from 'fs';
import { compileStrapi, createStrapi, type Core } from '@strapi/strapi';
import { applyTestEnv, dropTestDatabase, type TestDatabase } from './test-env';

let instance: Core.Strapi | undefined;
let database: TestDatabase = {};
let baseUrl: string | undefined;

/**
 * Boots the real application once for the whole integration run: compiled from src/, on a fresh
 * database, with the HTTP server mounted for supertest (no listening port, no patched internals).
 */
export const setupStrapi = async (env: Record<string, string> = {}): Promise<Core.Strapi> => {
  if (instance) return instance;
  database = await applyTestEnv(env);
  const ctx = await compileStrapi();
  const app = await createStrapi({ ...ctx, autoReload: false, serveAdminPanel: false }).load();
  await app.server.mount();
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

export const teardownStrapi = async (): Promise<void> => {
  if (!instance) return;
  await waitForIdleDatabase(instance);
  await instance.destroy();
  instance = undefined;
  const { sqliteFile } = database;
  if (sqliteFile) {
    for (const file of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) {
      fs.rmSync(file, { force: true });
    }
  }
  await dropTestDatabase(database);
  database = {};
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
