/**
 * The invalidation channels against the real servers, including a broken connection: PostgreSQL
 * LISTEN/NOTIFY (the listening backend terminated by the server) and Redis pub/sub (the subscriber
 * killed with CLIENT KILL). After the break the listener reconnects by itself, tells its owner to drop
 * what it cached (messages sent meanwhile were lost), and receives again.
 *
 * Needs PostgreSQL (runs under `npm run test:postgres`) and Debian's `redis-server`.
 */
import Redis from 'ioredis';
import { Client } from 'pg';
import type { Broadcast, BroadcastLog } from '../../src/cache/broadcast';
import { openPostgresBroadcast } from '../../src/cache/broadcast-postgres';
import { openRedisBroadcast } from '../../src/cache/broadcast-redis';
import { startRedis, type RedisServer } from '../../scripts/lib/redis';

const postgres = {
  host: process.env.DATABASE_HOST ?? '127.0.0.1',
  port: Number(process.env.DATABASE_PORT ?? 5432),
  user: process.env.DATABASE_USERNAME ?? 'postgres',
  password: process.env.DATABASE_PASSWORD ?? '',
  database: 'postgres',
};

const quietLog: BroadcastLog = { info: () => undefined, warn: () => undefined };

/** What a listener saw: messages and resyncs, with a way to wait for the next one. */
const recorder = () => {
  const messages: string[] = [];
  let resyncs = 0;
  const waitUntil = async (done: () => boolean, timeoutMs = 10000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out; messages ${JSON.stringify(messages)}, resyncs ${resyncs}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return {
    messages,
    resyncs: () => resyncs,
    onMessage: (payload: string) => messages.push(payload),
    onResync: () => {
      resyncs += 1;
    },
    waitUntil,
  };
};

const onPostgres = process.env.DATABASE_CLIENT === 'postgres';

(onPostgres ? describe : describe.skip)('cache invalidation channels', () => {
  const opened: Broadcast[] = [];
  afterEach(async () => {
    for (const broadcast of opened.splice(0)) await broadcast.close();
  });

  it('PostgreSQL: delivers to every listener, and listens again after the server dropped the connection', async () => {
    const channel = `cache_test_${process.pid}_${Date.now()}`;
    const sender = recorder();
    const receiver = recorder();
    const common = { connection: postgres, channel, log: quietLog, minBackoffMs: 50, maxBackoffMs: 200 };
    const notifyThroughPool = async (name: string, payload: string) => {
      const client = new Client(postgres);
      await client.connect();
      await client.query('SELECT pg_notify($1, $2)', [name, payload]);
      await client.end();
    };
    const a = await openPostgresBroadcast({ ...common, ...sender, notifyThroughPool });
    const b = await openPostgresBroadcast({ ...common, ...receiver, notifyThroughPool });
    opened.push(a, b);

    await a.publish('from-a');
    await receiver.waitUntil(() => receiver.messages.includes('from-a'));
    expect(sender.messages).toContain('from-a'); // its own too: the hub ignores it by payload

    // The server ends the receiver's backend (as a restart or an idle-connection killer would).
    const admin = new Client(postgres);
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'outsourcing-cms cache invalidation' AND query LIKE $1`,
        [`%${channel}%`]
      );
      expect(killed.rowCount).toBe(1); // b (its last query is the LISTEN; a last ran pg_notify)
    } finally {
      await admin.end();
    }
    await receiver.waitUntil(() => receiver.resyncs() === 1);

    await a.publish('after-reconnect');
    await receiver.waitUntil(() => receiver.messages.includes('after-reconnect'));
  }, 30_000);

  describe('Redis', () => {
    let redis: RedisServer | undefined;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('delivers to every subscriber, and subscribes again after its connection was killed', async () => {
      if (!redis) throw new Error('no Redis server');
      const channel = `cache_test_${process.pid}_${Date.now()}`;
      const receiver = recorder();
      const a = await openRedisBroadcast({ url: redis.url, channel, log: quietLog, ...recorder() });
      const b = await openRedisBroadcast({ url: redis.url, channel, log: quietLog, ...receiver });
      opened.push(a, b);

      await a.publish('from-a');
      await receiver.waitUntil(() => receiver.messages.includes('from-a'));

      const admin = new Redis(redis.url);
      try {
        const killed = await admin.client('KILL', 'TYPE', 'pubsub');
        expect(killed).toBe(2);
      } finally {
        admin.disconnect();
      }
      await receiver.waitUntil(() => receiver.resyncs() === 1);

      await a.publish('after-reconnect');
      await receiver.waitUntil(() => receiver.messages.includes('after-reconnect'));
    }, 30_000);
  });
});
