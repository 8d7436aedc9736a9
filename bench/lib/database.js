'use strict';
// Throwaway databases for bench and fault runs: a temp SQLite file, or a PostgreSQL database on
// 127.0.0.1:5432 (user postgres) created and dropped by the run.
const fs = require('fs');
const os = require('os');
const path = require('path');

const pgServer = () => ({
  host: process.env.TEST_PG_HOST || '127.0.0.1',
  port: Number(process.env.TEST_PG_PORT || 5432),
  user: process.env.TEST_PG_USER || 'postgres',
  password: process.env.TEST_PG_PASSWORD || '',
});

/** @param {string} sql run on the server's `postgres` database (CREATE / DROP DATABASE) */
const pgAdmin = async (sql) => {
  const { Client } = require('pg');
  const client = new Client({ ...pgServer(), database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/**
 * A row as the drivers return it: column name to value.
 * @typedef {Record<string, unknown>} Row
 */

/**
 * @param {unknown} value a row from better-sqlite3 (typed `unknown` by its declarations)
 * @returns {Row}
 */
const asRow = (value) => {
  if (value === null || typeof value !== 'object') throw new Error(`expected a row, got ${typeof value}`);
  return Object.fromEntries(Object.entries(value));
};

/**
 * @typedef {object} ThrowawayDatabase
 * @property {string} label
 * @property {Record<string, string>} env the DATABASE_* variables a server needs to use it
 * @property {(sql: string) => Promise<Row[]>} query a read on the database (read-only on SQLite)
 * @property {() => Promise<void>} drop
 */

/**
 * @param {'sqlite'|'postgres'} kind
 * @returns {Promise<ThrowawayDatabase>}
 */
const createThrowawayDatabase = async (kind, name = 'bench') => {
  if (kind === 'postgres') {
    const database = `outsourcing_cms_${name}_${process.pid}_${Date.now()}`;
    await pgAdmin(`CREATE DATABASE "${database}"`);
    const { Client } = require('pg');
    const env = {
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: pgServer().host,
      DATABASE_PORT: String(pgServer().port),
      DATABASE_NAME: database,
      DATABASE_USERNAME: pgServer().user,
      DATABASE_PASSWORD: pgServer().password,
    };
    return {
      label: `postgres:${database}`,
      env,
      async query(sql) {
        const client = new Client({ ...pgServer(), database });
        await client.connect();
        try {
          /** @type {Row[]} */
          const rows = (await client.query(sql)).rows;
          return rows;
        } finally {
          await client.end();
        }
      },
      drop: () => pgAdmin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `outsourcing-cms-${name}-`));
  const file = path.join(dir, 'data.db');
  return {
    label: `sqlite:${file}`,
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
    query: (sql) =>
      Promise.resolve().then(() => {
        const Database = require('better-sqlite3');
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(sql).all().map(asRow);
        } finally {
          db.close();
        }
      }),
    drop: () => fs.promises.rm(dir, { recursive: true, force: true }),
  };
};

module.exports = { createThrowawayDatabase };
