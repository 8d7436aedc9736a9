import { Client, type ClientConfig } from 'pg';
import type { Broadcast, BroadcastOptions } from './broadcast';

export interface PostgresBroadcastOptions extends BroadcastOptions {
  /** The connection settings Strapi's knex uses (config/database.ts), for one dedicated connection. */
  connection: ClientConfig;
  /** Sends a NOTIFY through another connection (knex's pool) while the dedicated one is down. */
  notifyThroughPool: (channel: string, payload: string) => Promise<void>;
  /** Reconnection backoff: first delay, doubled per failed attempt up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** NOTIFY and LISTEN take an identifier, not a parameter; the channel comes from code, but quote it anyway. */
const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * PostgreSQL LISTEN/NOTIFY on one dedicated connection, outside knex's pool: a pooled connection would
 * be handed to queries and lose its LISTEN, and a LISTEN connection must stay open. When it breaks it is
 * reopened with exponential backoff; notifications sent meanwhile are lost, so `onResync` tells the
 * owner to drop whatever it cached.
 */
export const openPostgresBroadcast = async (options: PostgresBroadcastOptions): Promise<Broadcast> => {
  const { channel, onMessage, onResync, log } = options;
  const minBackoffMs = options.minBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;

  let listening: Client | undefined;
  let closed = false;
  let failures = 0;
  let everConnected = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleReconnect = (): void => {
    if (closed || retryTimer) return;
    const delay = Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.min(failures, 16));
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
  };

  /** A connection that failed or ended: forget it and open another one. */
  const lost = (client: Client, error?: unknown): void => {
    if (listening !== client) return;
    listening = undefined;
    log.warn(
      `Cache invalidation: PostgreSQL LISTEN connection lost${error ? ` (${errorMessage(error)})` : ''}; reconnecting`
    );
    client.end().catch(() => undefined);
    scheduleReconnect();
  };

  const connect = async (): Promise<void> => {
    const client = new Client({
      ...options.connection,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
      application_name: 'outsourcing-cms cache invalidation',
    });
    // Until the connection is established, a failure is handled by the catch below.
    client.on('error', (error) => lost(client, error));
    client.on('end', () => lost(client));
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onMessage(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      client.end().catch(() => undefined);
      // Once per outage: `lost` already warned when an established connection broke.
      if (failures === 0) {
        log.warn(`Cache invalidation: cannot LISTEN on PostgreSQL (${errorMessage(error)}); retrying with backoff`);
      }
      scheduleReconnect();
      return;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    listening = client;
    if (everConnected) {
      log.info(`Cache invalidation: PostgreSQL LISTEN restored after ${failures} attempt(s)`);
      // What other instances wrote while this one was not listening is unknown.
      onResync();
    }
    everConnected = true;
    failures = 0;
  };

  await connect();

  return {
    kind: 'postgres',
    async publish(payload) {
      const client = listening;
      if (client) {
        await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
        return;
      }
      await options.notifyThroughPool(channel, payload);
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      const client = listening;
      listening = undefined;
      if (client) await client.end().catch(() => undefined);
    },
  };
};
