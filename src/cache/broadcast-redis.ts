import Redis from 'ioredis';
import type { Broadcast, BroadcastOptions } from './broadcast';

export interface RedisBroadcastOptions extends BroadcastOptions {
  url: string;
  /** How long the start waits for the subscription before going on without it (it keeps trying). */
  connectWaitMs?: number;
  /** Reconnection backoff cap (ioredis retries for ever, doubling from 100 ms). */
  maxBackoffMs?: number;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const closeClient = async (client: Redis): Promise<void> => {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
};

/**
 * Redis pub/sub: one subscriber connection (a subscribed connection can run nothing else) and one for
 * PUBLISH. ioredis reconnects with backoff and subscribes again by itself; messages published while the
 * subscriber was away are lost, so each reconnection calls `onResync`.
 */
export const openRedisBroadcast = async (options: RedisBroadcastOptions): Promise<Broadcast> => {
  const { url, channel, onMessage, onResync, log } = options;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const retryStrategy = (times: number): number => Math.min(maxBackoffMs, 100 * 2 ** Math.min(times, 16));

  const subscriber = new Redis(url, { connectionName: 'cache-invalidation-sub', retryStrategy });
  // PUBLISH fails at once while Redis is away (the TTL then bounds staleness) instead of queueing.
  const publisher = new Redis(url, {
    connectionName: 'cache-invalidation-pub',
    retryStrategy,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
  });

  let started = false;
  let down = false;
  subscriber.on('error', (error: unknown) => {
    // Once per outage: ioredis emits an error at each failed reconnection.
    if (down) return;
    down = true;
    log.warn(`Cache invalidation: Redis subscriber unavailable (${errorMessage(error)}); reconnecting`);
  });
  publisher.on('error', () => undefined); // reported by the failed PUBLISH itself
  subscriber.on('ready', () => {
    const wasDown = down;
    down = false;
    if (!started) return;
    if (wasDown) log.info('Cache invalidation: Redis subscriber reconnected');
    // Whatever was published while this connection was away was missed.
    onResync();
  });
  subscriber.on('message', (from: string, payload: string) => {
    if (from === channel) onMessage(payload);
  });

  const subscribed = subscriber.subscribe(channel).then(
    () => true,
    (error: unknown) => {
      log.warn(`Cache invalidation: SUBSCRIBE ${channel} failed (${errorMessage(error)})`);
      return false;
    }
  );
  let waitTimer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    waitTimer = setTimeout(() => resolve(false), options.connectWaitMs ?? 2000);
  });
  const ready = await Promise.race([subscribed, timedOut]);
  clearTimeout(waitTimer);
  started = true;
  if (!ready) log.warn('Cache invalidation: not subscribed to Redis yet; other instances’ writes show within the TTL');

  return {
    kind: 'redis',
    async publish(payload) {
      await publisher.publish(channel, payload);
    },
    async close() {
      await Promise.all([closeClient(subscriber), closeClient(publisher)]);
    },
  };
};
