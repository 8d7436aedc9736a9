import crypto from 'crypto';
import path from 'path';

const secret = (): string => crypto.randomBytes(16).toString('base64');

/**
 * Environment for a test boot: fresh secrets, a throwaway database, mail to the in-process SMTP sink.
 * SQLite by default; `npm run test:postgres` sets DATABASE_CLIENT/DATABASE_NAME before jest starts.
 */
export const applyTestEnv = (overrides: Record<string, string> = {}): { sqliteFile?: string } => {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  const sqliteFile =
    client === 'sqlite'
      ? path.resolve(process.cwd(), '.tmp', `test-${process.pid}-${Date.now()}.db`)
      : undefined;

  const env: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    APP_KEYS: [secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    IP_HASH_SALT: secret(),
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
