import path from 'path';
import type { Core } from '@strapi/strapi';
import { cachePreparedStatements, type PreparingConnection } from '../src/database/sqlite-statement-cache';

type Client = 'sqlite' | 'postgres' | 'mysql';

const config = ({ env }: Core.Config.Shared.ConfigParams) => {
  const client = env('DATABASE_CLIENT', 'sqlite') as Client;
  const sqliteWal = env.bool('DATABASE_SQLITE_WAL', true);
  const statementCacheSize = env.int('DATABASE_SQLITE_STATEMENT_CACHE', 500);
  // How long a write waits for another process's lock on the file (a backup, the CLI) before failing.
  const sqliteBusyTimeoutMs = env.int('DATABASE_SQLITE_BUSY_TIMEOUT_MS', 5000);

  const ssl = env.bool('DATABASE_SSL', false) && {
    key: env('DATABASE_SSL_KEY', undefined),
    cert: env('DATABASE_SSL_CERT', undefined),
    ca: env('DATABASE_SSL_CA', undefined),
    capath: env('DATABASE_SSL_CAPATH', undefined),
    cipher: env('DATABASE_SSL_CIPHER', undefined),
    rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true),
  };

  const connections = {
    mysql: {
      connection: {
        connectionString: env('DATABASE_URL'),
        host: env('DATABASE_HOST', 'localhost'),
        port: env.int('DATABASE_PORT', 3306),
        database: env('DATABASE_NAME', 'strapi'),
        user: env('DATABASE_USERNAME', 'strapi'),
        password: env('DATABASE_PASSWORD', 'strapi'),
        ssl,
      },
      pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
    },
    postgres: {
      connection: {
        connectionString: env('DATABASE_URL'),
        host: env('DATABASE_HOST', 'localhost'),
        port: env.int('DATABASE_PORT', 5432),
        database: env('DATABASE_NAME', 'strapi'),
        user: env('DATABASE_USERNAME', 'strapi'),
        password: env('DATABASE_PASSWORD', 'strapi'),
        ssl,
        schema: env('DATABASE_SCHEMA', 'public'),
      },
      pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
    },
    sqlite: {
      connection: {
        // Relative paths resolve from the project root, also when running from dist/.
        filename: path.resolve(process.cwd(), env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // WAL lets readers run during a write and, with synchronous=NORMAL, commits no longer fsync
        // (durable across process crashes, the last commits can be lost on power loss). Without it
        // every outbox UPDATE waits for the disk. DATABASE_SQLITE_WAL=false restores the defaults.
        afterCreate: (
          conn: PreparingConnection<unknown> & { pragma(sql: string): unknown },
          done: (err: Error | null, conn: unknown) => void
        ) => {
          try {
            // knex compiles every statement again on each query; compiled ones are kept (DATABASE_SQLITE_STATEMENT_CACHE=0: off).
            if (statementCacheSize > 0) cachePreparedStatements(conn, statementCacheSize);
            if (sqliteWal) {
              conn.pragma('journal_mode = WAL');
              conn.pragma('synchronous = NORMAL');
            }
            conn.pragma(`busy_timeout = ${Math.max(0, sqliteBusyTimeoutMs)}`);
            done(null, conn);
          } catch (error) {
            done(error as Error, conn);
          }
        },
      },
    },
  };

  return {
    connection: {
      client,
      ...connections[client],
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      // knex otherwise writes a failed query's bound values into the error's message (and so into the
      // log and its stack): a failed INSERT of a quote request would log the requester's name, address
      // and message. The statement keeps its placeholders.
      compileSqlOnError: false,
    },
  };
};

export default config;
