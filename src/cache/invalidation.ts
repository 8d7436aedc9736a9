import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { ClientConfig } from 'pg';
import type { Broadcast, BroadcastLog } from './broadcast';

/**
 * Tells every cache of every instance that what it holds may be stale.
 *
 * A write on this instance (content, publish/unpublish, locale, media, permission, routing: any model but
 * the quote traffic below) runs the listeners at once, and again once its transaction committed (a read
 * made between the write and the commit saw the old rows). After the commit it is also broadcast to the
 * other instances, which run their listeners when they receive it:
 * - Redis pub/sub when `REDIS_URL` is set;
 * - else PostgreSQL LISTEN/NOTIFY when the database is PostgreSQL;
 * - else nothing: on SQLite (one host) other processes see a write within the caches' TTL.
 * A broadcast lost to a broken connection is made up for by running the listeners when it comes back.
 */
export const INVALIDATION_CHANNEL = 'outsourcing_cms_cache';

/** Writes that never change what the caches hold, and come at submission rate. */
const UNTRACKED_MODELS = new Set([
  'api::quote-request.quote-request',
  'api::quote-notification.quote-notification',
  'admin::session',
]);

const PUBLISH_WARNING_EVERY_MS = 60_000;
/** At most one message per this interval: a batch of writes (an import, a retention sweep) sends a few, not thousands. */
const BROADCAST_EVERY_MS = 50;

export type InvalidationTransport = 'postgres' | 'redis' | 'none';

export interface CacheInvalidation {
  /** Runs `listener` whenever cached content may be stale; returns the unsubscribe function. */
  onInvalidate(listener: () => void): () => void;
  /** Opens the channel to the other instances (bootstrap). */
  start(): Promise<void>;
  /** Closes it (destroy). */
  close(): Promise<void>;
  /** The channel in use, `none` before `start()` or on SQLite without Redis. */
  transport(): InvalidationTransport;
}

const isWriteAction = (action: string): boolean =>
  action.startsWith('after') && !action.startsWith('afterFind') && !action.startsWith('afterCount');

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const stringField = (source: Record<string, unknown>, key: string): string | undefined => {
  const value = source[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The settings config/database.ts gives knex for PostgreSQL, as `pg` takes them. */
export const postgresClientConfig = (connection: unknown): ClientConfig => {
  if (typeof connection === 'string') return { connectionString: connection };
  if (connection === null || typeof connection !== 'object') return {};
  const source: Record<string, unknown> = Object.fromEntries(Object.entries(connection));
  const port = Number(source.port);
  const ssl = source.ssl;
  return {
    connectionString: stringField(source, 'connectionString'),
    host: stringField(source, 'host'),
    port: Number.isInteger(port) && port > 0 ? port : undefined,
    database: stringField(source, 'database'),
    user: stringField(source, 'user'),
    password: typeof source.password === 'string' ? source.password : undefined,
    ssl: ssl !== null && typeof ssl === 'object' ? ssl : ssl === true,
  };
};

const createCacheInvalidation = (strapi: Core.Strapi): CacheInvalidation => {
  const instanceId = crypto.randomUUID();
  const listeners = new Set<() => void>();
  let broadcast: Broadcast | undefined;
  let broadcastTimer: NodeJS.Timeout | undefined;
  let lastBroadcastAt = Number.NEGATIVE_INFINITY;
  let lastPublishWarningAt = Number.NEGATIVE_INFINITY;
  const log: BroadcastLog = {
    info: (message) => strapi.log.info(message),
    warn: (message) => strapi.log.warn(message),
  };

  const invalidateHere = (): void => {
    for (const listener of listeners) listener();
  };

  /**
   * One message per burst: a publish writes many rows (every locale, component, relation) and commits
   * them together; its commit callbacks all land in the same tick.
   */
  const scheduleBroadcast = (): void => {
    if (!broadcast || broadcastTimer) return;
    const wait = Math.max(0, lastBroadcastAt + BROADCAST_EVERY_MS - Date.now());
    broadcastTimer = setTimeout(() => {
      broadcastTimer = undefined;
      lastBroadcastAt = Date.now();
      const current = broadcast;
      if (!current) return;
      current.publish(instanceId).catch((error: unknown) => {
        const now = Date.now();
        if (now - lastPublishWarningAt < PUBLISH_WARNING_EVERY_MS) return;
        lastPublishWarningAt = now;
        strapi.log.warn(
          `Cache invalidation: could not tell the other instances (${current.kind}): ${errorMessage(error)}; they see this write within their cache TTL`
        );
      });
    }, wait);
  };

  const committed = (): void => {
    invalidateHere();
    scheduleBroadcast();
  };

  /** Runs `callback` once the current transaction (if any) committed; never if it rolled back. */
  const afterCommit = (callback: () => void): void => {
    if (!strapi.db.inTransaction()) {
      callback();
      return;
    }
    // Nested in the running transaction: registers on it, commits nothing itself.
    strapi.db
      .transaction(({ onCommit }: { onCommit: (cb: () => void) => void }) => {
        onCommit(callback);
      })
      .catch((error: unknown) => {
        strapi.log.error(`Cache invalidation: cannot wait for the commit (${errorMessage(error)}); invalidating now`);
        callback();
      });
  };

  strapi.db.lifecycles.subscribe((event: { action: string; model: { uid: string } }) => {
    if (!isWriteAction(event.action) || UNTRACKED_MODELS.has(event.model.uid)) return;
    invalidateHere();
    afterCommit(committed);
  });

  const onMessage = (payload: string): void => {
    if (payload !== instanceId) invalidateHere();
  };

  return {
    onInvalidate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async start() {
      if (broadcast) return;
      const redisUrl = strapi.config.get<string>('cache.redisUrl', '');
      const client = strapi.config.get<string>('database.connection.client');
      const common = { channel: INVALIDATION_CHANNEL, onMessage, onResync: invalidateHere, log };
      // The transports' clients (ioredis, pg) are loaded only by the instances that use them: on SQLite
      // without Redis neither is needed, and loading them took ~80 ms of every start.
      if (redisUrl) {
        const { openRedisBroadcast } = await import('./broadcast-redis');
        broadcast = await openRedisBroadcast({ ...common, url: redisUrl });
      } else if (client === 'postgres') {
        const { openPostgresBroadcast } = await import('./broadcast-postgres');
        broadcast = await openPostgresBroadcast({
          ...common,
          connection: postgresClientConfig(strapi.config.get<unknown>('database.connection.connection')),
          notifyThroughPool: async (channel, payload) => {
            await strapi.db.connection.raw('SELECT pg_notify(?, ?)', [channel, payload]);
          },
        });
      }
      strapi.log.info(
        broadcast
          ? `Cache invalidation across instances: ${broadcast.kind} (channel ${INVALIDATION_CHANNEL})`
          : 'Cache invalidation: this instance only (no Redis, not PostgreSQL); other processes see writes within the cache TTL'
      );
    },

    async close() {
      const current = broadcast;
      broadcast = undefined;
      if (broadcastTimer) clearTimeout(broadcastTimer);
      broadcastTimer = undefined;
      await current?.close();
    },

    transport: () => broadcast?.kind ?? 'none',
  };
};

const hubs = new WeakMap<Core.Strapi, CacheInvalidation>();

/** The invalidation hub of this Strapi instance (created with its lifecycle subscription on first use). */
export const cacheInvalidation = (strapi: Core.Strapi): CacheInvalidation => {
  let hub = hubs.get(strapi);
  if (!hub) {
    hub = createCacheInvalidation(strapi);
    hubs.set(strapi, hub);
  }
  return hub;
};
