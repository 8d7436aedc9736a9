import type { SigningKey } from '../frontend-events/signature';

/**
 * What every receiver's config file writes (config/frontend-events.ts, config/lead-events.ts): where its
 * events go, the secret they are signed with, and how the outbox delivers them.
 */
export interface ReceiverConfig {
  url: string;
  secret: string;
  /** Run the dispatcher on this instance (rows are claimed in the database: any number may run). */
  dispatchEnabled: boolean;
  intervalMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  leaseMs: number;
  batchSize: number;
}

/** Where and how one receiver's events go: its config (the secret read into its key) and what it is. */
export interface ReceiverSettings extends Omit<ReceiverConfig, 'secret'> {
  signing: SigningKey;
  userAgent: string;
  /**
   * Deliver in the order written: an event in backoff holds back the ones after it (a CRM must see a request
   * created before its stage changes). Off for the frontends: each event purges its own cache keys, and one
   * the receiver refuses must not hold back the purges of other pages.
   */
  ordered: boolean;
  /** Also send the previous release's `X-Signature` and `X-Event-Id` (the frontends', for one more release). */
  legacyHeaders: boolean;
  /** The log lines' prefix, `[frontend-events]`. */
  logTag: string;
}

/** What a receiver is, beyond its config: how it identifies itself, orders and signs its deliveries. */
export type ReceiverIdentity = Pick<ReceiverSettings, 'userAgent' | 'ordered' | 'legacyHeaders' | 'logTag'>;

/** No URL: nothing is stored or sent for this receiver. */
export const NO_SIGNING_KEY: SigningKey = { key: Buffer.alloc(0), legacy: false };

/** Whether `url` parses as an http(s) URL (the caller words the error: a URL may carry a token not to log). */
export const isHttpUrl = (url: string): boolean => {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

/** The outbox's settings of a receiver: its checked config, its signing key and what it is. */
export const receiverSettings = (
  config: ReceiverConfig,
  signing: SigningKey,
  identity: ReceiverIdentity
): ReceiverSettings => ({
  url: config.url,
  signing,
  dispatchEnabled: config.dispatchEnabled,
  intervalMs: config.intervalMs,
  maxAttempts: config.maxAttempts,
  retryBaseMs: config.retryBaseMs,
  retryMaxMs: config.retryMaxMs,
  timeoutMs: config.timeoutMs,
  leaseMs: config.leaseMs,
  batchSize: config.batchSize,
  ...identity,
});
