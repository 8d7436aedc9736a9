#!/usr/bin/env node
'use strict';
// Runs the jest suite against PostgreSQL in a throwaway database that it creates and drops.
// Server: TEST_PG_HOST/TEST_PG_PORT/TEST_PG_USER/TEST_PG_PASSWORD (default 127.0.0.1:5432, postgres, trust).
const { spawnSync } = require('child_process');
const { Client } = require('pg');

const server = {
  host: process.env.TEST_PG_HOST || '127.0.0.1',
  port: Number(process.env.TEST_PG_PORT || 5432),
  user: process.env.TEST_PG_USER || 'postgres',
  password: process.env.TEST_PG_PASSWORD || '',
};
const database = `outsourcing_cms_test_${process.pid}_${Date.now()}`;

/** @param {string} sql run on the server's `postgres` database (CREATE / DROP DATABASE) */
const admin = async (sql) => {
  const client = new Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const main = async () => {
  await admin(`CREATE DATABASE "${database}"`);
  console.log(`Created throwaway database ${database}`);
  let status = 1;
  try {
    const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: {
        ...process.env,
        DATABASE_CLIENT: 'postgres',
        DATABASE_HOST: server.host,
        DATABASE_PORT: String(server.port),
        DATABASE_NAME: database,
        DATABASE_USERNAME: server.user,
        DATABASE_PASSWORD: server.password,
        DATABASE_SSL: 'false',
      },
    });
    status = result.status ?? 1;
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    console.log(`Dropped ${database}`);
  }
  process.exit(status);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
