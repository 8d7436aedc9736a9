import fs from 'fs';
import { compileStrapi, createStrapi, type Core } from '@strapi/strapi';
import { applyTestEnv } from './test-env';

let instance: Core.Strapi | undefined;
let sqliteFile: string | undefined;

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

/** The Koa callback supertest drives. */
export const httpServer = () => getStrapi().server.httpServer;
