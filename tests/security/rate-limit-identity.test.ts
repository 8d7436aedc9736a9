/**
 * Issue 16, item 7: the submission rate limit counts clients, not spellings of an address. Behind the
 * trusted proxy (IS_PROXIED=true, one hop), each request claims a client address through
 * X-Forwarded-For as the proxy would write it; the real app answers, REST and GraphQL alike.
 *
 * The store being down is in tests/security/rate-limit-store-down.test.ts (another boot).
 */
import type { ErrorBody, GraphQLBody } from '../helpers/http';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';

const MAX = 3;
const QR = 'api::quote-request.quote-request';

useStrapi({
  IS_PROXIED: 'true',
  PROXY_TRUSTED_HOPS: '1',
  EMAIL_FROM: 'Rouge Hexagone <devis@rouge-hexagone.test>',
  QUOTE_ROUTING_FALLBACK: 'commercial@rouge-hexagone.test',
  EMAIL_OUTBOX_ENABLED: 'false',
  QUOTE_RATE_LIMIT_MAX: String(MAX),
  QUOTE_RATE_LIMIT_WINDOW_MS: '600000',
});

const submission = (): Record<string, unknown> => ({
  fullName: 'Camille Martin',
  email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
  company: 'ACME',
  requestedModel: 'bpo',
  message: 'Nous souhaitons externaliser notre paie (250 salariés).',
  consent: true,
});

const submitRest = async (clientAddress: string): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(`${httpServer()}/api/quote-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': clientAddress },
    body: JSON.stringify({ data: submission() }),
  });
  return { status: res.status, body: await res.json() };
};

/** The GraphQL mutation's outcome as a status: 201 for a receipt, 429 for a RateLimitError. */
const submitGraphql = async (clientAddress: string): Promise<number> => {
  const res = await fetch(`${httpServer()}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': clientAddress },
    body: JSON.stringify({
      query: 'mutation($data: QuoteRequestSubmissionInput!) { submitQuoteRequest(data: $data) { reference } }',
      variables: { data: submission() },
    }),
  });
  const body = (await res.json()) as GraphQLBody<{ submitQuoteRequest: { reference: string } }>;
  if (body.data?.submitQuoteRequest.reference) return 201;
  const name = body.errors?.[0].extensions?.error?.name;
  if (name === 'RateLimitError') return 429;
  throw new Error(`unexpected GraphQL answer: ${JSON.stringify(body)}`);
};

const countRequests = (): Promise<number> => getStrapi().db.query(QR).count({});

const expectRateLimited = (result: { status: number; body: unknown }): void => {
  expect(result.status).toBe(429);
  expect(result.body as ErrorBody).toMatchObject({ data: null, error: { status: 429, name: 'RateLimitError' } });
};

describe('one client, whatever the spelling of its address', () => {
  it('IPv6: other spellings and other addresses of the same /64 count against the same limit (REST)', async () => {
    for (let i = 0; i < MAX; i += 1) expect((await submitRest('2001:db8::9')).status).toBe(201);
    const before = await countRequests();
    for (const spelling of [
      '2001:DB8::9',
      '2001:db8:0:0:0:0:0:9',
      '2001:0db8:0000:0000:0000:0000:0000:0009',
      '2001:db8::a',
      '2001:db8::ffff:1:2:3',
    ]) {
      const result = await submitRest(spelling);
      expect([spelling, result.status]).toEqual([spelling, 429]);
      expectRateLimited(result);
    }
    expect(await countRequests()).toBe(before);
  });

  it('IPv6: the GraphQL mutation shares the same count', async () => {
    for (let i = 0; i < MAX; i += 1) expect((await submitRest('2001:db8:0:77::1')).status).toBe(201);
    const before = await countRequests();
    expect(await submitGraphql('2001:DB8:0:77:0:0:0:2')).toBe(429);
    expect(await submitGraphql('2001:db8:0:77::ffff')).toBe(429);
    expect(await countRequests()).toBe(before);

    // And the other way round: GraphQL submissions use up the REST budget.
    for (let i = 0; i < MAX; i += 1) expect(await submitGraphql(`2001:db8:0:78::${i + 1}`)).toBe(201);
    expectRateLimited(await submitRest('2001:DB8:0:78::9'));
  });

  it('IPv4: the IPv4-mapped IPv6 spelling is the same client', async () => {
    for (let i = 0; i < MAX; i += 1) expect((await submitRest('7.7.7.7')).status).toBe(201);
    const before = await countRequests();
    for (const spelling of ['::ffff:7.7.7.7', '::FFFF:7.7.7.7', '::ffff:707:707', '0:0:0:0:0:ffff:0707:0707']) {
      const result = await submitRest(spelling);
      expect([spelling, result.status]).toEqual([spelling, 429]);
    }
    expect(await submitGraphql('::ffff:7.7.7.7')).toBe(429);
    expect(await countRequests()).toBe(before);
  });

  it('another /64, or another IPv4 address, is another client', async () => {
    for (let i = 0; i < MAX; i += 1) expect((await submitRest('2001:db8:0:99::1')).status).toBe(201);
    expect((await submitRest('2001:db8:0:99::2')).status).toBe(429);
    expect((await submitRest('2001:db8:0:9a::1')).status).toBe(201);
    expect((await submitRest('2001:db8:1:99::1')).status).toBe(201);
    expect((await submitRest('7.7.7.8')).status).toBe(201);
  });
});
