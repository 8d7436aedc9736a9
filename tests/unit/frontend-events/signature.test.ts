import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  generateSigningSecret,
  parseSigningSecret,
  signBody,
  verifySignature,
  webhookHeaders,
  whsecOf,
} from '../../../src/frontend-events/signature';

// The example of the Standard Webhooks specification's documentation (and its libraries' tests).
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TIMESTAMP = 1614265330;
const SPEC_BODY = '{"test": 2432232314}';
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks headers', () => {
  it("sign the specification's example as the specification does", () => {
    const headers = webhookHeaders(SPEC_ID, SPEC_BODY, parseSigningSecret(SPEC_SECRET).key, new Date(SPEC_TIMESTAMP * 1000 + 999));
    expect(headers['webhook-id']).toBe(SPEC_ID);
    expect(headers['webhook-timestamp']).toBe(String(SPEC_TIMESTAMP));
    expect(headers['webhook-signature']).toBe(SPEC_SIGNATURE);
  });

  it("verify with the library's Webhook.verify, and only with the right key, body and id", () => {
    const secret = generateSigningSecret();
    const body = JSON.stringify({ id: 'e1', event: 'publish', slug: 'bpo-été' });
    const headers = webhookHeaders('e1', body, parseSigningSecret(secret).key);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'e2' })).toThrow(WebhookVerificationError);
  });

  it('a delivery older than 5 minutes is refused by the library (a replay)', () => {
    const secret = generateSigningSecret();
    const body = '{"id":"e1"}';
    const key = parseSigningSecret(secret).key;
    const fourMinutesAgo = webhookHeaders('e1', body, key, new Date(Date.now() - 4 * 60_000));
    expect(new Webhook(secret).verify(body, fourMinutesAgo)).toEqual({ id: 'e1' });
    const sixMinutesAgo = webhookHeaders('e1', body, key, new Date(Date.now() - 6 * 60_000));
    expect(() => new Webhook(secret).verify(body, sixMinutesAgo)).toThrow('Message timestamp too old');
  });
});

describe('FRONTEND_REVALIDATE_SECRET', () => {
  it('whsec_ and canonical base64 of 24 to 64 bytes; a generated one is 32 bytes', () => {
    const generated = generateSigningSecret();
    expect(generated).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseSigningSecret(generated)).toEqual({ key: Buffer.from(generated.slice(6), 'base64'), legacy: false });
    expect(parseSigningSecret(generated).key).toHaveLength(32);
    for (const bad of [
      'whsec_',
      'whsec_c2hvcnQ=', // 5 bytes
      `whsec_${Buffer.alloc(65, 1).toString('base64')}`,
      `whsec_${Buffer.alloc(32, 1).toString('base64url')}_-`, // not base64
      `whsec_${Buffer.alloc(32, 1).toString('base64')} `,
      `whsec_${Buffer.alloc(32, 1).toString('base64').slice(0, -1)}`, // truncated
    ]) {
      expect(() => parseSigningSecret(bad)).toThrow(/FRONTEND_REVALIDATE_SECRET must be whsec_/);
    }
  });

  it("the previous release's raw secret: its UTF-8 bytes, the key a receiver configures as whsec_ + base64", () => {
    const legacy = parseSigningSecret('frontend-revalidate-secret-é');
    expect(legacy).toEqual({ key: Buffer.from('frontend-revalidate-secret-é', 'utf8'), legacy: true });
    const body = '{"id":"e1"}';
    const headers = webhookHeaders('e1', body, legacy.key);
    expect(new Webhook(whsecOf(legacy.key)).verify(body, headers)).toEqual({ id: 'e1' });
    // The deprecated X-Signature is the previous release's, byte for byte: its receivers keep working.
    // echo -n '{"id":"1"}' | openssl dgst -sha256 -hmac secret
    expect(signBody('{"id":"1"}', parseSigningSecret('secret').key)).toBe(
      'sha256=6146142a2ce0159e84c0767881e4ec80bc397da62526e7d19f70795eb79460c0'
    );
    expect(headers['X-Signature']).toBe(signBody(body, legacy.key));
    expect(headers['X-Event-Id']).toBe('e1');
  });
});

describe('X-Signature (deprecated)', () => {
  it('is sha256=<hex HMAC-SHA256 of the raw body>, checked in constant time', () => {
    const body = '{"id":"1"}';
    const key = Buffer.from('secret');
    expect(verifySignature(body, key, signBody(body, key))).toBe(true);
    expect(verifySignature(`${body} `, key, signBody(body, key))).toBe(false);
    expect(verifySignature(body, Buffer.from('other'), signBody(body, key))).toBe(false);
    expect(verifySignature(body, key, undefined)).toBe(false);
    expect(verifySignature(body, key, 'sha256=00')).toBe(false);
    // Right length in characters, not in bytes: false, not a RangeError from timingSafeEqual.
    expect(verifySignature(body, key, `sha256=${'é'.repeat(64)}`)).toBe(false);
  });
});
