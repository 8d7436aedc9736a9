/**
 * The submission rate limiter against real stores: SQLite through knex (the default store of a single
 * host), Redis, and PostgreSQL when reachable. Each "instance" is a limiter with its own connection,
 * sharing the store as several Strapi processes would.
 */
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { spawnSync } from 'child_process';
import Redis from 'ioredis';
import knex, { type Knex } from 'knex';
import { Client } from 'pg';
import {
  createSubmissionRateLimiter,
  type RateDecision,
  type RateLimitStore,
  type SubmissionRateLimiter,
} from '../../../src/api/quote-request/rate-limiter';

const MAX = 5;
const TABLE = 'quote_rate_limits';
const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const PG = {
  host: process.env.TEST_PG_HOST || '127.0.0.1',
  port: Number(process.env.TEST_PG_PORT || 5432),
  user: process.env.TEST_PG_USER || 'postgres',
  password: process.env.TEST_PG_PASSWORD || '',
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Opened {
  limiter: SubmissionRateLimiter;
  warnings: string[];
}

const limiters: SubmissionRateLimiter[] = [];
const openLimiter = (store: RateLimitStore, options: { max?: number; windowMs?: number; keyPrefix?: string } = {}) => {
  const warnings: string[] = [];
  const limiter = createSubmissionRateLimiter({
    max: options.max ?? MAX,
    windowMs: options.windowMs ?? 60_000,
    store,
    keyPrefix: options.keyPrefix ?? 'quote-submission',
    warn: (message) => warnings.push(message),
    redisConnectWaitMs: 2000,
  });
  limiters.push(limiter);
  return { limiter, warnings } satisfies Opened;
};

afterEach(async () => {
  await Promise.all(limiters.splice(0).map((limiter) => limiter.close()));
});

const allowedCount = (decisions: RateDecision[]): number => decisions.filter((d) => d.allowed).length;

/** One client hammering two instances at once: exactly MAX get through, whatever the interleaving. */
const expectGlobalLimit = async (a: SubmissionRateLimiter, b: SubmissionRateLimiter, key: string) => {
  const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).consume(key)));
  expect(allowedCount(burst)).toBe(MAX);
  for (const refused of burst.filter((d) => !d.allowed)) {
    expect(refused).toMatchObject({ limit: MAX, remaining: 0 });
    expect(refused.resetMs).toBeGreaterThan(0);
  }
};

/** Sequential checks alternate between the instances; the remaining budget is the shared one. */
const expectSharedCounter = async (a: SubmissionRateLimiter, b: SubmissionRateLimiter, key: string) => {
  const decisions: RateDecision[] = [];
  for (let i = 0; i < MAX + 2; i += 1) decisions.push(await (i % 2 ? a : b).consume(key));
  expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
  expect(decisions.slice(0, MAX).map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
  expect(decisions[0].resetMs).toBeGreaterThan(59_000);
  expect(decisions[0].resetMs).toBeLessThanOrEqual(60_000);
  // Another client has its own budget.
  expect(await a.consume(`${key}-other`)).toMatchObject({ allowed: true, remaining: MAX - 1 });
};

const expectWindowReset = async (makeStore: () => RateLimitStore, key: string) => {
  const { limiter: a } = openLimiter(makeStore(), { windowMs: 1000 });
  const { limiter: b } = openLimiter(makeStore(), { windowMs: 1000 });
  for (let i = 0; i < MAX; i += 1) expect((await a.consume(key)).allowed).toBe(true);
  const refused = await b.consume(key);
  expect(refused.allowed).toBe(false);
  expect(refused.resetMs).toBeLessThanOrEqual(1000);
  await sleep(refused.resetMs + 150);
  expect(await b.consume(key)).toMatchObject({ allowed: true, remaining: MAX - 1 });
  expect(await a.consume(key)).toMatchObject({ allowed: true, remaining: MAX - 2 });
};

/** 1000 checks of distinct clients, one after the other: every one reaches the store. */
const measure = async (label: string, limiter: SubmissionRateLimiter): Promise<void> => {
  await limiter.consume('warm-up');
  const started = process.hrtime.bigint();
  const decisions: RateDecision[] = [];
  for (let i = 0; i < 1000; i += 1) decisions.push(await limiter.consume(`client-${i}`));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  expect(allowedCount(decisions)).toBe(1000);
  console.log(
    `rate limit check on ${label}: ${(ms / 1000).toFixed(3)} ms per check (1000 checks in ${ms.toFixed(0)} ms)`
  );
};

/** A TCP port nothing listens on. */
const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe('submission rate limiter: SQLite store (knex, better-sqlite3)', () => {
  let dir: string;
  let file: string;
  const connections: Knex[] = [];
  const sqlite = (): Knex => {
    const connection = knex({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
      pool: {
        afterCreate: (conn: { pragma(sql: string): unknown }, done: (error: Error | null, conn: unknown) => void) => {
          // As config/database.ts sets them.
          conn.pragma('journal_mode = WAL');
          conn.pragma('synchronous = NORMAL');
          conn.pragma('busy_timeout = 5000');
          done(null, conn);
        },
      },
    });
    connections.push(connection);
    return connection;
  };
  const store = (connection: Knex = sqlite()): RateLimitStore => ({
    kind: 'database',
    knex: connection,
    tableName: TABLE,
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rate-limit-'));
    file = path.join(dir, 'data.db');
  });

  afterEach(async () => {
    await Promise.all(limiters.splice(0).map((limiter) => limiter.close()));
    await Promise.all(connections.splice(0).map((connection) => connection.destroy()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('allows exactly MAX per client across two instances sharing the database file', async () => {
    const { limiter: a } = openLimiter(store());
    const { limiter: b } = openLimiter(store());
    await expectSharedCounter(a, b, 'client-a');
    await expectGlobalLimit(a, b, 'client-b');

    // The library created its table in the application's database; keys carry the prefix.
    const rows = await sqlite()(TABLE).select('key', 'points').orderBy('key');
    expect(rows.map((r: { key: string }) => r.key)).toEqual([
      'quote-submission:client-a',
      'quote-submission:client-a-other',
      'quote-submission:client-b',
    ]);
  });

  it('creates the table once when several instances start at the same time', async () => {
    const opened = Array.from({ length: 4 }, () => openLimiter(store()).limiter);
    const first = await Promise.all(opened.map((limiter) => limiter.consume('first')));
    expect(allowedCount(first)).toBe(4);
    expect(first.map((d) => d.remaining).sort()).toEqual([1, 2, 3, 4]);
  });

  it('gives the client a new budget when the window ends', async () => {
    await expectWindowReset(store, 'client-window');
  });

  it('is disabled with max 0, and then never touches the store', async () => {
    const connection = sqlite();
    const { limiter } = openLimiter(store(connection), { max: 0 });
    for (let i = 0; i < 20; i += 1) expect((await limiter.consume('client')).allowed).toBe(true);
    expect(await connection.schema.hasTable(TABLE)).toBe(false);
  });

  it('counts in memory, same limit, with one warning, when the database is gone', async () => {
    const connection = sqlite();
    const { limiter, warnings } = openLimiter(store(connection));
    expect((await limiter.consume('client')).allowed).toBe(true);
    await connection.destroy();
    const decisions: RateDecision[] = [];
    for (let i = 0; i < MAX * 3; i += 1) decisions.push(await limiter.consume('client'));
    expect(allowedCount(decisions)).toBe(MAX);
    expect(decisions.slice(MAX).every((d) => !d.allowed && d.remaining === 0 && d.resetMs > 0)).toBe(true);
    // Another client has its own budget in memory too.
    expect(await limiter.consume('other-client')).toMatchObject({ allowed: true, remaining: MAX - 1 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /rate limit store \(database\) unavailable, this instance counts submissions in memory/
    );
  });

  it('counts in memory while the database cannot be opened, and uses it once it can', async () => {
    const missing = path.join(dir, 'not-yet');
    const connection = knex({
      client: 'better-sqlite3',
      connection: { filename: path.join(missing, 'data.db') },
      useNullAsDefault: true,
    });
    connections.push(connection);
    const { limiter, warnings } = openLimiter(store(connection));
    const whileDown: RateDecision[] = [];
    for (let i = 0; i < MAX + 2; i += 1) whileDown.push(await limiter.consume('client'));
    expect(whileDown.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(warnings).toHaveLength(1);

    fs.mkdirSync(missing);
    expect(await limiter.consume('client')).toMatchObject({ allowed: true, remaining: MAX - 1 });
  });

  it('measures a check', async () => {
    await measure('SQLite (knex, WAL, synchronous=NORMAL)', openLimiter(store()).limiter);
  });
});

describe('submission rate limiter: Redis store', () => {
  const prefix = `test-rate-limit-${process.pid}-${Date.now()}`;
  const store = (): RateLimitStore => ({ kind: 'redis', url: REDIS_URL });
  const open = (options: { windowMs?: number } = {}) => openLimiter(store(), { ...options, keyPrefix: prefix });

  afterAll(async () => {
    const admin = new Redis(REDIS_URL);
    try {
      const keys = await admin.keys(`${prefix}:*`);
      if (keys.length) await admin.del(...keys);
    } finally {
      await admin.quit();
    }
  });

  it('allows exactly MAX per client across two instances (two connections)', async () => {
    const { limiter: a } = open();
    const { limiter: b } = open();
    await expectSharedCounter(a, b, 'client-a');
    await expectGlobalLimit(a, b, 'client-b');

    const admin = new Redis(REDIS_URL);
    try {
      expect(Number(await admin.get(`${prefix}:client-a`))).toBeGreaterThanOrEqual(MAX + 1);
      const ttl = await admin.pttl(`${prefix}:client-a`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await admin.quit();
    }
  });

  it('gives the client a new budget when the window ends', async () => {
    const makeStore = (): RateLimitStore => store();
    const key = 'client-window';
    const a = openLimiter(makeStore(), { windowMs: 1000, keyPrefix: prefix }).limiter;
    const b = openLimiter(makeStore(), { windowMs: 1000, keyPrefix: prefix }).limiter;
    for (let i = 0; i < MAX; i += 1) expect((await a.consume(key)).allowed).toBe(true);
    const refused = await b.consume(key);
    expect(refused.allowed).toBe(false);
    await sleep(refused.resetMs + 150);
    expect(await b.consume(key)).toMatchObject({ allowed: true, remaining: MAX - 1 });
  });

  it('counts in memory, same limit, with one warning, when Redis cannot be reached', async () => {
    const port = await closedPort();
    const { limiter, warnings } = openLimiter({ kind: 'redis', url: `redis://127.0.0.1:${port}` });
    const started = Date.now();
    const decisions: RateDecision[] = [];
    for (let i = 0; i < MAX * 3; i += 1) decisions.push(await limiter.consume('client'));
    expect(decisions.map((d) => d.allowed)).toEqual(Array.from({ length: MAX * 3 }, (_, i) => i < MAX));
    // A refused connection is not waited for (the limiter would wait up to 2 s for a slow one).
    expect(Date.now() - started).toBeLessThan(1000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/rate limit store \(redis\) unavailable/);
  });

  it('closes its connection', async () => {
    const { limiter } = open();
    await limiter.consume('client-close');
    const admin = new Redis(REDIS_URL);
    try {
      // The limiter names its connection, so this counts only limiters' connections.
      const limiterConnections = async (): Promise<number> =>
        String(await admin.call('CLIENT', 'LIST'))
          .split('\n')
          .filter((line) => line.includes(' name=quote-rate-limit ')).length;
      const before = await limiterConnections();
      expect(before).toBeGreaterThanOrEqual(1);
      await limiter.close();
      // Redis drops the connection from its list once it has read the QUIT: on a loaded machine that can
      // take longer than a moment, so wait for it (bounded), then check.
      let after = await limiterConnections();
      for (let i = 0; i < 40 && after !== before - 1; i += 1) {
        await sleep(50);
        after = await limiterConnections();
      }
      expect(after).toBe(before - 1);
    } finally {
      await admin.quit();
    }
  });

  it('measures a check', async () => {
    await measure('Redis (ioredis, loopback)', open().limiter);
  });
});

/** Skipped when no PostgreSQL server answers (CI starts one). */
const pgReachable = spawnSync('pg_isready', ['-h', PG.host, '-p', String(PG.port), '-q']).status === 0;

(pgReachable ? describe : describe.skip)('submission rate limiter: PostgreSQL store (knex, pg)', () => {
  const database = `rate_limit_test_${process.pid}_${Date.now()}`;
  const connections: Knex[] = [];
  const postgres = (): Knex => {
    const connection = knex({ client: 'pg', connection: { ...PG, database }, pool: { min: 0, max: 4 } });
    connections.push(connection);
    return connection;
  };
  const store = (connection: Knex = postgres()): RateLimitStore => ({
    kind: 'database',
    knex: connection,
    tableName: TABLE,
    schemaName: 'public',
  });
  const admin = async (sql: string): Promise<void> => {
    const client = new Client({ ...PG, database: 'postgres' });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(() => admin(`CREATE DATABASE "${database}"`));
  afterEach(async () => {
    await Promise.all(limiters.splice(0).map((limiter) => limiter.close()));
    await Promise.all(connections.splice(0).map((connection) => connection.destroy()));
  });
  afterAll(() => admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));

  it('creates the table once when several instances start at the same time', async () => {
    const opened = Array.from({ length: 6 }, () => openLimiter(store()).limiter);
    const first = await Promise.all(opened.map((limiter) => limiter.consume('first')));
    expect(allowedCount(first)).toBe(MAX);
    expect(opened.length - allowedCount(first)).toBe(1);
  });

  it('allows exactly MAX per client across two instances (two pools)', async () => {
    const { limiter: a } = openLimiter(store());
    const { limiter: b } = openLimiter(store());
    await expectSharedCounter(a, b, 'client-a');
    await expectGlobalLimit(a, b, 'client-b');
    const rows = await postgres()(TABLE).withSchema('public').where('key', 'quote-submission:client-a');
    expect(rows).toHaveLength(1);
    // Counters need no crash safety: the table skips the WAL.
    const { rows: table } = await postgres().raw<{ rows: { relpersistence: string }[] }>(
      'SELECT relpersistence FROM pg_class WHERE oid = ?::regclass',
      [`public.${TABLE}`]
    );
    expect(table).toEqual([{ relpersistence: 'u' }]);
  });

  it('gives the client a new budget when the window ends', async () => {
    await expectWindowReset(store, 'client-window');
  });

  it('counts in memory, same limit, with one warning, when the database is gone', async () => {
    const connection = postgres();
    const { limiter, warnings } = openLimiter(store(connection));
    expect((await limiter.consume('client-gone')).allowed).toBe(true);
    await connection.destroy();
    const decisions: RateDecision[] = [];
    for (let i = 0; i < MAX * 3; i += 1) decisions.push(await limiter.consume('client-gone'));
    expect(allowedCount(decisions)).toBe(MAX);
    expect(warnings).toHaveLength(1);
  });

  it('measures a check', async () => {
    await measure('PostgreSQL (knex, pg, loopback)', openLimiter(store()).limiter);
  });
});
