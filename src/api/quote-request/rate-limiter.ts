import type { Core } from '@strapi/strapi';
import type * as Flexible from 'rate-limiter-flexible';
import type { RateLimiterMemory, RateLimiterRes, RateLimiterStoreAbstract } from 'rate-limiter-flexible';

type FlexibleLibrary = typeof Flexible;

let flexible: Promise<FlexibleLibrary> | undefined;
/**
 * rate-limiter-flexible (and ioredis, for the Redis store) load at the first submission, not at every
 * start: most starts serve reads long before anyone submits, and loading them took ~80 ms of the start.
 */
const loadFlexible = (): Promise<FlexibleLibrary> => (flexible ??= import('rate-limiter-flexible'));

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** The knex instance Strapi's database layer runs on (`strapi.db.connection`). */
export type KnexConnection = Core.Strapi['db']['connection'];

/**
 * Where the counters live, shared by every instance: the application's own database (default, no new
 * service) or Redis when the deployment has one.
 */
export type RateLimitStore =
  | { kind: 'database'; knex: KnexConnection; tableName: string; schemaName?: string }
  | { kind: 'redis'; url: string };

export interface SubmissionRateLimiterOptions {
  /** Submissions allowed per client and window; `<= 0` disables the limit (benchmarks). */
  max: number;
  windowMs: number;
  store: RateLimitStore;
  /** Namespaces the keys (Redis) and rows (database) of this limiter. */
  keyPrefix: string;
  /** Told when the store fails (this instance then counts in memory); called at most once per `warnEveryMs`. */
  warn: (message: string) => void;
  warnEveryMs?: number;
  /** How long the first check waits for Redis to connect before failing open. */
  redisConnectWaitMs?: number;
}

export interface SubmissionRateLimiter {
  /**
   * Counts one attempt for `key`. Never rejects: when the store fails, the attempt is counted in this
   * instance's memory, with the same limit and window.
   */
  consume(key: string): Promise<RateDecision>;
  /** Closes what this limiter opened (the Redis connection); the database connection is Strapi's. */
  close(): Promise<void>;
}

type DatabaseStore = Extract<RateLimitStore, { kind: 'database' }>;

interface CommonOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  inMemoryBlockOnConsumed: number;
}

interface StoreHandle {
  limiter: RateLimiterStoreAbstract;
  close(): Promise<void>;
}

const REDIS_COMMAND_TIMEOUT_MS = 1000;

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The library's knex support keys on knex's client name: SQLite and PostgreSQL have their own classes. */
const dialectOf = (knex: KnexConnection): 'sqlite' | 'postgres' | 'mysql' => {
  // knex types its `client` as `any`.
  const client: unknown = knex.client;
  const configured = (client as { config?: { client?: unknown } } | null)?.config?.client;
  const name = typeof configured === 'string' ? configured : '';
  if (name === 'better-sqlite3' || name === 'sqlite3') return 'sqlite';
  if (name === 'pg' || name === 'postgres' || name === 'postgresql') return 'postgres';
  if (name === 'mysql' || name === 'mysql2') return 'mysql';
  throw new Error(`No rate limit store for the database client "${name}"`);
};

/** The database knex is connected to, where the MySQL store must create its table (its default is its own). */
const currentMySqlDatabase = async (knex: KnexConnection): Promise<string> => {
  const result: unknown = await knex.raw('SELECT DATABASE() AS name');
  const rows: unknown = Array.isArray(result) ? result[0] : undefined;
  const name: unknown = Array.isArray(rows) ? (rows[0] as { name?: unknown } | undefined)?.name : undefined;
  if (typeof name !== 'string' || !name) throw new Error('Cannot tell which MySQL database knex is connected to');
  return name;
};

/**
 * PostgreSQL: the counters need no crash safety, so their table is UNLOGGED (no WAL: a check does not
 * wait for a disk flush, 4.7 ms -> 0.9 ms a check here). Same columns, in the same order, as the table
 * rate-limiter-flexible would create (its INSERT lists no columns).
 */
const createUnloggedPostgresTable = async (store: DatabaseStore): Promise<void> => {
  const table = store.schemaName ? '??.??' : '??';
  const identifiers = store.schemaName ? [store.schemaName, store.tableName] : [store.tableName];
  await store.knex.raw(
    `CREATE UNLOGGED TABLE IF NOT EXISTS ${table} (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`,
    identifiers
  );
};

/**
 * Opens the limiter on the application's database, creating its table if needed. Instances starting at
 * once all run `CREATE TABLE IF NOT EXISTS`; PostgreSQL can refuse the losers of that race, which then
 * find the table there and go on with it.
 */
const openDatabaseStore = async (store: DatabaseStore, common: CommonOptions): Promise<StoreHandle> => {
  const { RateLimiterMySQL, RateLimiterPostgres, RateLimiterSQLite } = await loadFlexible();
  const dialect = dialectOf(store.knex);
  const dbName = dialect === 'mysql' ? await currentMySqlDatabase(store.knex) : undefined;
  const tableExists = (): Promise<boolean> =>
    (store.schemaName ? store.knex.schema.withSchema(store.schemaName) : store.knex.schema).hasTable(store.tableName);

  const build = (tableCreated: boolean, ready?: (error?: Error) => void): RateLimiterStoreAbstract => {
    const options = { ...common, storeClient: store.knex, storeType: 'knex', tableName: store.tableName, tableCreated };
    if (dialect === 'sqlite') return new RateLimiterSQLite(options, ready);
    if (dialect === 'postgres') return new RateLimiterPostgres({ ...options, schemaName: store.schemaName }, ready);
    return new RateLimiterMySQL({ ...options, dbName }, ready);
  };
  /** With `tableCreated: false` the library creates the table and calls back once it is there. */
  const createWithTable = (): Promise<RateLimiterStoreAbstract> =>
    new Promise((resolve, reject) => {
      const limiter = build(false, (error) => (error ? reject(error) : resolve(limiter)));
    });
  const handle = (limiter: RateLimiterStoreAbstract): StoreHandle => ({ limiter, close: () => Promise.resolve() });

  if (dialect === 'postgres') {
    try {
      await createUnloggedPostgresTable(store);
    } catch (error) {
      if (!(await tableExists())) throw error;
    }
    return handle(build(true));
  }
  try {
    return handle(await createWithTable());
  } catch (error) {
    if (!(await tableExists())) throw error;
    return handle(build(true));
  }
};

const openRedisStore = async (
  url: string,
  common: CommonOptions,
  onError: (error: unknown) => void,
  connectWaitMs: number
): Promise<StoreHandle> => {
  const [{ RateLimiterRedis }, { Redis }] = await Promise.all([loadFlexible(), import('ioredis')]);
  // No offline queue and a command timeout: while Redis is away a check fails at once (and the
  // submission goes through) instead of waiting for a reconnection.
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Shown by CLIENT LIST.
    connectionName: 'quote-rate-limit',
  });
  client.on('error', onError);
  // The first check waits for the connection (else every first check would fall back to memory), not for a refused one.
  await new Promise<void>((resolve) => {
    const settle = (): void => {
      clearTimeout(timer);
      client.removeListener('ready', settle);
      client.removeListener('error', settle);
      resolve();
    };
    const timer = setTimeout(settle, connectWaitMs);
    client.once('ready', settle);
    client.once('error', settle);
  });
  const limiter = new RateLimiterRedis({ ...common, storeClient: client, rejectIfRedisNotReady: true });
  return {
    limiter,
    async close() {
      client.removeListener('error', onError);
      if (client.status === 'ready') await client.quit();
      else client.disconnect();
    },
  };
};

/**
 * Fixed-window limit per client, counted in a store all instances share (rate-limiter-flexible), so
 * `max` holds across any number of instances. The window is counted in whole seconds (Redis expires
 * keys by the second): a window under one second becomes one second.
 *
 * The limit never disappears: when the store cannot be reached (Redis down, database away), each
 * instance counts in memory with the same limit and window, so a client gets at most `max` per window
 * per instance until the store is back (then the store's count applies again). A warning is logged at
 * most once per `warnEveryMs` (with the number of store errors since the last one). rate-limiter-
 * flexible's own `insuranceLimiter` does the same but swallows the error (no warning) and cannot cover a
 * store that failed to open, hence this fallback here.
 */
export const createSubmissionRateLimiter = (options: SubmissionRateLimiterOptions): SubmissionRateLimiter => {
  const { max, windowMs, store, keyPrefix, warn } = options;
  const warnEveryMs = options.warnEveryMs ?? 60_000;
  const duration = Math.max(1, Math.ceil(windowMs / 1000));
  const common: CommonOptions = {
    keyPrefix,
    points: max,
    duration,
    // Once a client is over the limit, this instance refuses it from memory until the window ends,
    // without asking the store again.
    inMemoryBlockOnConsumed: max + 1,
  };

  let lastWarningAt = Number.NEGATIVE_INFINITY;
  let unwarned = 0;
  const storeFailed = (error: unknown): void => {
    unwarned += 1;
    const now = Date.now();
    if (now - lastWarningAt < warnEveryMs) return;
    lastWarningAt = now;
    const skipped = unwarned > 1 ? ` (${unwarned} store errors since the last warning)` : '';
    unwarned = 0;
    warn(
      `Quote rate limit store (${store.kind}) unavailable, this instance counts submissions in memory (same limit, per instance): ${errorMessage(error)}${skipped}`
    );
  };

  let opening: Promise<StoreHandle> | undefined;
  let closed = false;
  const open = (): Promise<StoreHandle> => {
    if (closed) return Promise.reject(new Error('the rate limiter was closed'));
    if (!opening) {
      const attempt =
        store.kind === 'redis'
          ? openRedisStore(store.url, common, storeFailed, options.redisConnectWaitMs ?? REDIS_COMMAND_TIMEOUT_MS)
          : openDatabaseStore(store, common);
      // A store that could not be opened (database down at the first submission) is retried next time.
      attempt.catch(() => {
        if (opening === attempt) opening = undefined;
      });
      opening = attempt;
    }
    return opening;
  };

  const decision = (res: RateLimiterRes, allowed: boolean): RateDecision => ({
    allowed,
    limit: max,
    remaining: res.remainingPoints,
    resetMs: res.msBeforeNext,
  });
  // Built only once the store has failed; kept for the life of the limiter, so counts made while the
  // store was away still hold if it fails again within the window.
  let memory: RateLimiterMemory | undefined;
  const consumeInMemory = async (key: string): Promise<RateDecision> => {
    const library = await loadFlexible();
    memory ??= new library.RateLimiterMemory({
      keyPrefix: common.keyPrefix,
      points: common.points,
      duration: common.duration,
    });
    try {
      return decision(await memory.consume(key), true);
    } catch (outcome) {
      if (outcome instanceof library.RateLimiterRes) return decision(outcome, false);
      throw outcome;
    }
  };

  return {
    async consume(key) {
      if (max <= 0) return { allowed: true, limit: 0, remaining: Number.POSITIVE_INFINITY, resetMs: 0 };
      try {
        const { limiter } = await open();
        return decision(await limiter.consume(key), true);
      } catch (outcome) {
        // The library rejects with a RateLimiterRes when the client is over the limit, an Error when the store failed.
        if (outcome instanceof (await loadFlexible()).RateLimiterRes) return decision(outcome, false);
        storeFailed(outcome);
        return consumeInMemory(key);
      }
    },

    async close() {
      closed = true;
      const current = opening;
      opening = undefined;
      if (!current) return;
      const handle = await current.catch(() => undefined);
      await handle?.close();
    },
  };
};
