import fs from 'fs';
import { compileStrapi, createStrapi, type Core } from '@strapi/strapi';
import { applyTestEnv } from './test-env';

let instance: Core.Strapi | undefined;
let sqliteFile: string | undefined;
let baseUrl: string | undefined;

/**
 * Boots the real application once for the whole integration run: compiled from src/, on a fresh
 * database, with the HTTP server mounted for supertest (no listening port, no patched internals).
 */
export const setupStrapi = async (env: Record<string, string> = {}): Promise<Core.Strapi> => {
  if (instance) return instance;
  ({ sqliteFile } = applyTestEnv(env));
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

export const teardownStrapi = async (): Promise<void> => {
  if (!instance) return;
  await instance.destroy();
  instance = undefined;
  if (sqliteFile) {
    for (const file of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) {
      fs.rmSync(file, { force: true });
    }
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
