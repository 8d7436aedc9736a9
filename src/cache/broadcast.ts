/** How instances tell each other that cached content is stale. */
export interface Broadcast {
  readonly kind: 'postgres' | 'redis';
  /** Sends `payload` to every instance listening on the channel (this one included). */
  publish(payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface BroadcastLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface BroadcastOptions {
  channel: string;
  /** A message from the channel (also this instance's own). */
  onMessage: (payload: string) => void;
  /** The connection came back after a break: messages sent meanwhile were missed. */
  onResync: () => void;
  log: BroadcastLog;
}
