import crypto from 'crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Publish events are signed as the Standard Webhooks specification says (https://www.standardwebhooks.com),
 * so any receiver verifies them with the `standardwebhooks` library (or any other implementation):
 *   webhook-id         the event's id, the same on every attempt (a receiver drops a duplicate by it)
 *   webhook-timestamp  unix seconds of this attempt (a receiver refuses one too old: a replay)
 *   webhook-signature  `v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`
 * keyed with FRONTEND_REVALIDATE_SECRET, a `whsec_<base64 key>`.
 *
 * Deprecated, sent for one more release: `X-Signature: sha256=<hex HMAC-SHA256 of the body>` (no timestamp:
 * a captured event can be replayed) and `X-Event-Id`, keyed with the same key bytes, so a receiver of the
 * previous release keeps working while it moves to the library.
 */
export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';
/** @deprecated Standard Webhooks' `webhook-signature` replaces it; removed in the next release. */
export const SIGNATURE_HEADER = 'X-Signature';
/** @deprecated `webhook-id` carries the same value; removed in the next release. */
export const EVENT_ID_HEADER = 'X-Event-Id';

const WHSEC_PREFIX = 'whsec_';
/** Standard Webhooks: keys SHOULD be between 24 and 64 bytes. */
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface SigningKey {
  /** The HMAC key bytes. */
  key: Buffer;
  /**
   * The secret was not in `whsec_` form: its UTF-8 bytes are the key (what the previous release used), which
   * a receiver reads as `whsec_` + base64 of the secret. Accepted for one release, with a warning at start.
   */
  legacy: boolean;
}

/**
 * FRONTEND_REVALIDATE_SECRET as key bytes. A `whsec_` value must be canonical base64 of 24 to 64 bytes (a
 * truncated or mistyped secret stops the start rather than signing with a key no receiver holds); any other
 * non-empty value is the previous release's raw secret (see `legacy`).
 */
export const parseSigningSecret = (secret: string): SigningKey => {
  if (!secret.startsWith(WHSEC_PREFIX)) return { key: Buffer.from(secret, 'utf8'), legacy: true };
  const encoded = secret.slice(WHSEC_PREFIX.length);
  const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw new Error(
      `FRONTEND_REVALIDATE_SECRET must be whsec_ followed by the base64 of ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} random bytes (node -p "'whsec_' + require('crypto').randomBytes(32).toString('base64')" prints one)`
    );
  }
  return { key, legacy: false };
};

/** A fresh secret in Standard Webhooks' form: `whsec_` and the base64 of 32 random bytes. */
export const generateSigningSecret = (): string => `${WHSEC_PREFIX}${crypto.randomBytes(32).toString('base64')}`;

/** The `whsec_` form of a key (what a receiver configures for a legacy raw secret). */
export const whsecOf = (key: Buffer): string => `${WHSEC_PREFIX}${key.toString('base64')}`;

/** @deprecated `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, the previous release's scheme. */
export const signBody = (body: string | Buffer, key: Buffer): string =>
  `sha256=${crypto.createHmac('sha256', key).update(body).digest('hex')}`;

/** @deprecated Checks an `X-Signature` in constant time; any other header (wrong length, non-ASCII) is false. */
export const verifySignature = (body: string | Buffer, key: Buffer, header: string | undefined): boolean => {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, key));
  const received = Buffer.from(header.trim());
  return expected.length === received.length && crypto.timingSafeEqual(expected, received);
};

/**
 * The headers of one delivery attempt: Standard Webhooks' three, signed by the library itself over the exact
 * body sent, and the deprecated pair.
 */
export const webhookHeaders = (
  eventId: string,
  body: string,
  key: Buffer,
  attemptAt: Date = new Date()
): Record<string, string> => {
  const timestamp = Math.floor(attemptAt.getTime() / 1000);
  return {
    [WEBHOOK_ID_HEADER]: eventId,
    [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
    [WEBHOOK_SIGNATURE_HEADER]: new Webhook(key, { format: 'raw' }).sign(eventId, new Date(timestamp * 1000), body),
    [SIGNATURE_HEADER]: signBody(body, key),
    [EVENT_ID_HEADER]: eventId,
  };
};
