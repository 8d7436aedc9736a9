/**
 * Throwaway databases for the migration tests: Strapi's own Database with the app's migrations directory,
 * so `db.migrations.up()` runs them as `strapi start` does (before the schema sync). SQLite always,
 * PostgreSQL too when `npm run test:postgres` sets DATABASE_CLIENT=postgres, MySQL/MariaDB when
 * MIGRATION_TEST_MYSQL_URL is set.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Database } from '@strapi/database';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../database/migrations');

export interface Throwaway {
  db: Database;
  drop(): Promise<void>;
}

export const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
export const settings = { migrations: { dir: MIGRATIONS_DIR }, runMigrations: true };

export const sqlite = (): Promise<Throwaway> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-'));
  const db = new Database({
    connection: { client: 'sqlite', connection: { filename: path.join(dir, 'data.db') }, useNullAsDefault: true },
    settings,
    logger: silent,
  });
  return Promise.resolve({
    db,
    drop: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
};

export const postgres = async (): Promise<Throwaway> => {
  const server = {
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USERNAME ?? 'postgres',
    password: process.env.DATABASE_PASSWORD ?? '',
  };
  const database = `migration_${process.pid}_${Date.now()}`;
  const admin = async (sql: string): Promise<void> => {
    const maintenance = new Database({
      connection: { client: 'postgres', connection: { ...server, database: 'postgres' } },
      settings,
      logger: silent,
    });
    try {
      await maintenance.connection.raw(sql);
    } finally {
      await maintenance.destroy();
    }
  };
  await admin(`CREATE DATABASE "${database}"`);
  // `schema` is read by Strapi (DATABASE_SCHEMA), not by knex's own connection type.
  const connection = { ...server, database, schema: 'public' };
  const db = new Database({ connection: { client: 'postgres', connection }, settings, logger: silent });
  return {
    db,
    drop: async () => {
      await db.destroy();
      await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
};

/**
 * MySQL / MariaDB, when MIGRATION_TEST_MYSQL_URL names a server (mysql://user:password@host:port; CI
 * sets it to the MariaDB every machine runs): the migrations are written for it too.
 */
const mysqlUrl = process.env.MIGRATION_TEST_MYSQL_URL;

export const mysql = async (): Promise<Throwaway> => {
  const url = new URL(mysqlUrl ?? 'mysql://root@127.0.0.1:3306');
  const server = {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  };
  const database = `migration_${process.pid}_${Date.now()}`;
  const admin = async (sql: string): Promise<void> => {
    const maintenance = new Database({ connection: { client: 'mysql', connection: server }, settings, logger: silent });
    try {
      await maintenance.connection.raw(sql);
    } finally {
      await maintenance.destroy();
    }
  };
  await admin(`CREATE DATABASE \`${database}\``);
  const db = new Database({
    connection: { client: 'mysql', connection: { ...server, database } },
    settings,
    logger: silent,
  });
  return {
    db,
    drop: async () => {
      await db.destroy();
      await admin(`DROP DATABASE IF EXISTS \`${database}\``);
    },
  };
};

export const dialects: [string, () => Promise<Throwaway>][] = [['sqlite', sqlite]];
if (process.env.DATABASE_CLIENT === 'postgres') dialects.push(['postgres', postgres]);
if (mysqlUrl) dialects.push(['mysql', mysql]);

export const executedMigrations = async (db: Database): Promise<string[]> =>
  (await db.connection('strapi_migrations').select<{ name: string }[]>('name')).map((row) => row.name);

/**
 * For a `describe.each(dialects)` block: `start()` opens a throwaway database of that dialect for the
 * current test, dropped after it.
 */
export const throwawayPerTest = (open: () => Promise<Throwaway>): (() => Promise<Database>) => {
  let current: Throwaway | undefined;
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });
  return async () => {
    current = await open();
    return current.db;
  };
};
