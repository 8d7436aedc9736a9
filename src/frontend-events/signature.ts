import crypto from 'crypto';

/**
 * `X-Signature` of a publish event: `sha256=` and the hex HMAC-SHA256 of the raw request body with
 * FRONTEND_REVALIDATE_SECRET. A receiver recomputes it over the bytes it received (before parsing them)
 * and compares in constant time (`verifySignature`).
 */
export const SIGNATURE_HEADER = 'X-Signature';

export const signBody = (body: string | Buffer, secret: string): string =>
  `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;

export const verifySignature = (body: string | Buffer, secret: string, header: string | undefined): boolean => {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const received = Buffer.from(header.trim());
  return expected.length === received.length && crypto.timingSafeEqual(expected, received);
};
