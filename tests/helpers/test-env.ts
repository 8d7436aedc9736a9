import path from 'path';
import { generateSecrets } from '../../scripts/lib/secrets';

/**
 * Environment for a test boot: fresh secrets, a throwaway database, mail to the in-process SMTP sink.
 * SQLite by default; `npm run test:postgres` sets DATABASE_CLIENT/DATABASE_NAME before jest starts.
 */
export const applyTestEnv = (overrides: Record<string, string> = {}): { sqliteFile?: string } => {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  const sqliteFile =
    client === 'sqlite' ? path.resolve(process.cwd(), '.tmp', `test-${process.pid}-${Date.now()}.db`) : undefined;

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
    ...overrides,
  };
  Object.assign(process.env, env);
  return { sqliteFile };
};
