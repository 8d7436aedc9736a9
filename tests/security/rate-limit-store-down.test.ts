/**
 * Issue 16, item 7: the submission rate limit does not disappear when its shared store does. The app
 * boots with REDIS_URL pointing at a port nothing listens on (port 1, tcpmux: refused at once), as
 * after a Redis outage; each instance then counts in memory with the same limit, and says so in its log.
 */
import { nextClientIp } from '../helpers/context';
import type { ErrorBody } from '../helpers/http';
import { capturedLog } from '../helpers/log-capture';
import { httpServer, useStrapi } from '../helpers/strapi';

const MAX = 3;

useStrapi({
  IS_PROXIED: 'true',
  PROXY_TRUSTED_HOPS: '1',
  EMAIL_FROM: 'Rouge Hexagone <devis@rouge-hexagone.test>',
  QUOTE_ROUTING_FALLBACK: 'commercial@rouge-hexagone.test',
  EMAIL_OUTBOX_ENABLED: 'false',
  QUOTE_RATE_LIMIT_MAX: String(MAX),
  QUOTE_RATE_LIMIT_WINDOW_MS: '600000',
  REDIS_URL: 'redis://127.0.0.1:1',
});

const submit = async (clientAddress: string): Promise<{ status: number; body: unknown; retryAfter: string | null }> => {
  const res = await fetch(`${httpServer()}/api/quote-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': clientAddress },
    body: JSON.stringify({
      data: {
        fullName: 'Camille Martin',
        email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
        company: 'ACME',
        requestedModel: 'bpo',
        message: 'Nous souhaitons externaliser notre paie (250 salariés).',
        consent: true,
      },
    }),
  });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
};

describe('with the shared rate-limit store unreachable', () => {
  it('still answers 429 past the limit, counting in memory, and logs why', async () => {
    const client = nextClientIp();
    const statuses: number[] = [];
    const refused: { status: number; body: unknown; retryAfter: string | null }[] = [];
    const log = await capturedLog(async () => {
      for (let i = 0; i < MAX + 2; i += 1) {
        const result = await submit(client);
        statuses.push(result.status);
        if (result.status === 429) refused.push(result);
      }
      // The same client in another spelling, and another client.
      statuses.push((await submit(client.toUpperCase())).status);
      statuses.push((await submit(nextClientIp())).status);
    });
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429, 201]);
    for (const result of refused) {
      expect(result.body as ErrorBody).toMatchObject({ data: null, error: { status: 429, name: 'RateLimitError' } });
      expect(Number(result.retryAfter)).toBeGreaterThan(0);
    }
    // Once a minute at most, however many checks fell back.
    const fallbacks = log.split('\n').filter((line) => line.includes('rate limit store (redis) unavailable'));
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatch(/^warn: .*this instance counts submissions in memory/);
  });
});
