/**
 * Issue 16, item 11: the shared response cache answers before the router and before Apollo, so it must
 * not answer what they would refuse, and must not let anyone fill it with junk keys. Each test sends the
 * hostile request to the real app, with the response cache on.
 */
import type { ErrorBody } from '../helpers/http';
import { httpServer, useStrapi } from '../helpers/strapi';

useStrapi({ HTTP_RESPONSE_CACHE_TTL_MS: '60000', QUOTE_STATS_TTL_MS: '60000' });

const QUERY = '{ outsourcingCategories(locale: "fr") { code } }';
const graphqlGet = (headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${httpServer()}/graphql?query=${encodeURIComponent(QUERY)}`, { headers });

describe('GraphQL GETs and Apollo’s CSRF prevention', () => {
  it('a plain GET after a preflighted one gets Apollo’s 400 CSRF refusal, not the cached 200', async () => {
    const preflighted = await graphqlGet({ 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(200);
    const { data } = (await preflighted.json()) as { data: { outsourcingCategories: { code: string }[] } };
    expect(data.outsourcingCategories.map((c) => c.code).sort()).toEqual(['bpo', 'ito', 'kpo']);

    // What a cross-site <img>, <script> or form GET sends: no preflight header, a simple or no Content-Type.
    const refusedHeaders: Record<string, string>[] = [
      {},
      { 'Content-Type': 'text/plain' },
      { 'If-None-Match': String(preflighted.headers.get('etag')) },
    ];
    for (const headers of refusedHeaders) {
      const plain = await graphqlGet(headers);
      expect([headers, plain.status]).toEqual([headers, 400]);
      expect(plain.headers.get('etag')).toBeNull();
      expect(await plain.text()).toContain('Cross-Site Request Forgery');
    }

    // The requests Apollo accepts are still served (from the cache or not) as before.
    expect((await graphqlGet({ 'x-apollo-operation-name': 'Categories' })).status).toBe(200);
    expect((await graphqlGet({ 'Content-Type': 'application/json' })).status).toBe(200);
  });
});

describe('GET /api/quote-stats takes no parameter', () => {
  it('refuses any unknown parameter with 400 and Strapi’s error body, on every path spelling', async () => {
    for (const path of [
      '/api/quote-stats?x=1',
      '/api/quote-stats?x=2',
      '/API/Quote-Stats/?locale=fr',
      '/api/quote-stats?a[b]=c',
    ]) {
      const res = await fetch(`${httpServer()}${path}`);
      expect([path, res.status]).toEqual([path, 400]);
      const body = (await res.json()) as ErrorBody;
      expect(body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
      expect(res.headers.get('cache-control') ?? '').not.toMatch(/public/);
    }
  });

  it('still answers the figures without parameters, in any path spelling', async () => {
    for (const path of ['/api/quote-stats', '/API/Quote-Stats/', '/api/quote-stats?']) {
      const res = await fetch(`${httpServer()}${path}`);
      expect([path, res.status]).toEqual([path, 200]);
      expect(((await res.json()) as { data: { windowDays: number } }).data.windowDays).toBe(90);
    }
  });
});
