/**
 * Two instances of the built app in separate processes (`strapi start`, as production runs them) on one
 * PostgreSQL database, response cache TTL 60 s: an editor publishes or unpublishes through instance A,
 * and instance B, which had the page in its cache, serves the change within 1 s. Only the invalidation
 * broadcast can explain it (PostgreSQL LISTEN/NOTIFY, or Redis pub/sub when REDIS_URL is set): a change
 * written to the database behind the app's back stays invisible on B for the TTL.
 *
 * Needs PostgreSQL (runs under `npm run test:postgres`) and Debian's `redis-server`.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../bench/lib/database';
import { contentManager, registerFirstAdmin } from '../../scripts/lib/admin-api';
import { startRedis, type RedisServer } from '../../scripts/lib/redis';
import { generateSecrets } from '../../scripts/lib/secrets';
import { startServer, type AppServer } from '../../scripts/lib/server';
import { compileOnce } from '../helpers/compile';

const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const BPO_FR = '/api/outsourcing-categories?filters[slug][$eq]=bpo&locale=fr';
const DEADLINE_MS = 1000;

interface CategoryList {
  data: { documentId: string; summary: string }[];
}

const isCategoryList = (value: unknown): value is CategoryList =>
  typeof value === 'object' && value !== null && 'data' in value && Array.isArray(value.data);

const readBpo = async (server: AppServer): Promise<CategoryList> => {
  const res = await fetch(`${server.url}${BPO_FR}`);
  const body: unknown = await res.json();
  if (res.status !== 200 || !isCategoryList(body)) throw new Error(`${server.label} answered ${res.status}`);
  return body;
};

/** Polls `server` until `done` holds; returns the milliseconds it took, or throws past `timeoutMs`. */
const timeUntil = async (server: AppServer, done: (list: CategoryList) => boolean, timeoutMs = 5000) => {
  const started = Date.now();
  for (;;) {
    if (done(await readBpo(server))) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${server.label} still stale after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

interface PairRun {
  publishMs: number;
  unpublishMs: number;
  staleAfterDirectWrite: boolean;
  transportLog: string;
}

/** Instances A and B on a new database; an edit published and then unpublished through A, read on B. */
const runPair = async (name: string, env: Record<string, string>): Promise<PairRun> => {
  const db: ThrowawayDatabase = await createThrowawayDatabase('postgres', name);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), `outsourcing-cms-${name}-`));
  const servers: AppServer[] = [];
  try {
    const shared = {
      ...db.env,
      // Instances on one database share their secrets (admin tokens, hashes).
      ...generateSecrets(),
      HTTP_RESPONSE_CACHE_TTL_MS: '60000',
      EMAIL_OUTBOX_ENABLED: 'false',
      SEED_ON_START: 'true',
      REDIS_URL: '',
      ...env,
    };
    // One after the other: the first creates the schema and imports the seed.
    const a = await startServer({ env: shared, label: 'A', log: path.join(logDir, 'a.log') });
    servers.push(a);
    const b = await startServer({ env: shared, label: 'B', log: path.join(logDir, 'b.log') });
    servers.push(b);
    const token = await registerFirstAdmin(a.url);

    const before = await readBpo(b);
    expect(before.data).toHaveLength(1);
    const { documentId, summary } = before.data[0];

    // Behind the app's back (no lifecycle, no broadcast): B keeps serving its cached copy.
    await db.query(
      `UPDATE outsourcing_categories SET summary = 'written behind the app' WHERE document_id = '${documentId}' AND locale = 'fr'`
    );
    const staleAfterDirectWrite = (await readBpo(b)).data[0]?.summary === summary;

    const edited = `${summary} (edited ${Date.now()})`;
    await contentManager(a.url, token, CATEGORY).publish(documentId, 'fr', { summary: edited });
    const publishMs = await timeUntil(b, (list) => list.data[0]?.summary === edited);

    await contentManager(a.url, token, CATEGORY).unpublish(documentId, 'fr');
    const unpublishMs = await timeUntil(b, (list) => list.data.length === 0);

    const transportLog = fs
      .readFileSync(path.join(logDir, 'b.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('Cache invalidation'))
      .join('\n');
    return { publishMs, unpublishMs, staleAfterDirectWrite, transportLog };
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await db.drop();
    fs.rmSync(logDir, { recursive: true, force: true });
  }
};

const onPostgres = process.env.DATABASE_CLIENT === 'postgres';

(onPostgres ? describe : describe.skip)('cache coherence across instances (separate processes)', () => {
  beforeAll(async () => {
    await compileOnce();
  }, 300_000);

  it('PostgreSQL LISTEN/NOTIFY: B serves what A published or unpublished within 1 s', async () => {
    const run = await runPair('coherence_pg', {});
    console.log(`LISTEN/NOTIFY: publish seen on B after ${run.publishMs} ms, unpublish after ${run.unpublishMs} ms`);
    expect(run.transportLog).toMatch(/across instances: postgres/);
    expect(run.staleAfterDirectWrite).toBe(true);
    expect(run.publishMs).toBeLessThan(DEADLINE_MS);
    expect(run.unpublishMs).toBeLessThan(DEADLINE_MS);
  }, 300_000);

  describe('with REDIS_URL', () => {
    let redis: RedisServer | undefined;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('Redis pub/sub: B serves what A published or unpublished within 1 s', async () => {
      if (!redis) throw new Error('no Redis server');
      const run = await runPair('coherence_redis', { REDIS_URL: redis.url });
      console.log(`Redis pub/sub: publish seen on B after ${run.publishMs} ms, unpublish after ${run.unpublishMs} ms`);
      expect(run.transportLog).toMatch(/across instances: redis/);
      expect(run.staleAfterDirectWrite).toBe(true);
      expect(run.publishMs).toBeLessThan(DEADLINE_MS);
      expect(run.unpublishMs).toBeLessThan(DEADLINE_MS);
    }, 300_000);
  });
});
