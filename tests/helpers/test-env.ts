import fs from 'fs';
import path from 'path';
import { Client } from 'pg';
import { generateSecrets } from '../../scripts/lib/secrets';

export interface TestDatabase {
  /** SQLite file to delete after the run. */
  sqliteFile?: string;
  /** PostgreSQL database to drop after the run. */
  postgresDatabase?: string;
  /** Quote attachments directory to delete after the run. */
  attachmentsDir?: string;
}

const postgresServer = () => ({
  host: process.env.DATABASE_HOST ?? '127.0.0.1',
  port: Number(process.env.DATABASE_PORT ?? 5432),
  user: process.env.DATABASE_USERNAME ?? 'postgres',
  password: process.env.DATABASE_PASSWORD ?? '',
  database: 'postgres',
});

const adminQuery = async (sql: string): Promise<void> => {
  const client = new Client(postgresServer());
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/**
 * Environment for a test boot: fresh secrets, a throwaway database of its own, mail to the in-process
 * SMTP sink. SQLite by default; `npm run test:postgres` sets DATABASE_CLIENT=postgres and each test file
 * then gets its own PostgreSQL database, so a suite runs alone or with others and leaves nothing behind.
 */
export const applyTestEnv = async (overrides: Record<string, string> = {}): Promise<TestDatabase> => {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  const unique = `${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 6)}`;
  const sqliteFile = client === 'sqlite' ? path.resolve(process.cwd(), '.tmp', `test-${unique}.db`) : undefined;
  const postgresDatabase = client === 'postgres' ? `outsourcing_cms_test_${unique}` : undefined;
  if (postgresDatabase) await adminQuery(`CREATE DATABASE "${postgresDatabase}"`);

  const attachmentsDir = path.resolve(process.cwd(), '.tmp', `attachments-${unique}`);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    ...generateSecrets(),
    DATABASE_CLIENT: client,
    STRAPI_TELEMETRY_DISABLED: 'true',
    // Tests give each scenario its own client address through X-Forwarded-For.
    IS_PROXIED: 'true',
    HTTP_CACHE_CONTROL: 'public, max-age=30',
    ...(sqliteFile ? { DATABASE_FILENAME: sqliteFile } : {}),
    ...(postgresDatabase ? { DATABASE_NAME: postgresDatabase } : {}),
    // Each boot keeps its quote attachments apart (the default is the app's own .tmp/quote-attachments).
    QUOTE_ATTACHMENTS_DIR: attachmentsDir,
    ...overrides,
  };
  Object.assign(process.env, env);
  return { sqliteFile, postgresDatabase, attachmentsDir };
};

/** Drops what applyTestEnv created. */
export const dropTestDatabase = async ({ postgresDatabase, attachmentsDir }: TestDatabase): Promise<void> => {
  if (attachmentsDir) fs.rmSync(attachmentsDir, { recursive: true, force: true });
  if (postgresDatabase) await adminQuery(`DROP DATABASE IF EXISTS "${postgresDatabase}" WITH (FORCE)`);
};
