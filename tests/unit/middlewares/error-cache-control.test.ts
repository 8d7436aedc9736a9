import { errors } from '@strapi/utils';
import errorCacheControl from '../../../src/middlewares/error-cache-control';
import { fakeContext, fakeStrapi, handlerOf, runMiddleware, type TestContext } from '../../helpers/koa-context';

const SHORT = 'public, max-age=7';

const setup = () => {
  const { strapi } = fakeStrapi({ config: { 'cache.notFoundMaxAge': 7, 'plugin::graphql.endpoint': '/graphql' } });
  const middleware = handlerOf(errorCacheControl, strapi);
  return async (url: string, route: (ctx: TestContext) => void, method = 'GET') => {
    const ctx = fakeContext({ method, url });
    const outcome = await runMiddleware(middleware, ctx, () => route(ctx));
    return {
      ...outcome,
      cacheControl: ctx.response.get('Cache-Control'),
      surrogateKey: ctx.response.get('Surrogate-Key'),
      cacheTag: ctx.response.get('Cache-Tag'),
      vary: ctx.response.get('Vary'),
    };
  };
};

const throwing = (error: Error) => () => {
  throw error;
};
const answering = (status: number) => (ctx: TestContext) => {
  ctx.status = status;
  ctx.body = { data: null, error: { status } };
};

describe('error answers on public reads', () => {
  it.each([
    ['/api/outsourcing-categories/unknown?locale=fr', 'outsourcing-category'],
    ['/API/Comparison-Pages/unknown/', 'comparison-page'],
    ['/api/outsourcing-overview?locale=en', 'outsourcing-overview'],
    ['/api/site?locale=en', 'site'],
  ])('a 404 on %s is kept API_NOT_FOUND_MAX_AGE with its type key', async (url, key) => {
    const send = setup();
    for (const route of [throwing(new errors.NotFoundError('Not Found')), answering(404)]) {
      const res = await send(url, route);
      expect([res.status, res.cacheControl, res.surrogateKey, res.cacheTag]).toEqual([404, SHORT, key, key]);
      expect(res.vary).toMatch(/\bAuthorization\b/);
    }
  });

  it('tags a route nobody matched (Koa’s default 404) too, and passes the thrown error on', async () => {
    const send = setup();
    // Koa starts every response at 404 (Application#handleRequest); no route set another status.
    const unmatched = await send('/api/outsourcing-categories/a/b', (ctx) => {
      ctx.res.statusCode = 404;
    });
    expect([unmatched.status, unmatched.cacheControl, unmatched.surrogateKey]).toEqual([
      404,
      SHORT,
      'outsourcing-category',
    ]);
    const thrown = new errors.NotFoundError('Not Found');
    expect((await send('/api/outsourcing-categories/x', throwing(thrown))).error).toBe(thrown);
  });

  it.each([
    ['a guard’s 400', throwing(new errors.ValidationError('Invalid locale'))],
    ['a 403', throwing(new errors.ForbiddenError('Forbidden'))],
    ['a 429', throwing(new errors.RateLimitError())],
    ['a 405 answered', answering(405)],
    ['a driver’s failure (500)', throwing(new Error('SQLITE_BUSY'))],
  ])('%s is no-store, without keys', async (_name, route) => {
    const send = setup();
    const res = await send('/api/outsourcing-categories?locale=xx', route);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect([res.cacheControl, res.surrogateKey]).toEqual(['no-store', '']);
  });

  it('a GraphQL GET Apollo refuses (400: CSRF prevention, validation) is no-store', async () => {
    const send = setup();
    const res = await send('/graphql?query=%7Bnope%7D', answering(400));
    expect([res.cacheControl, res.surrogateKey]).toEqual(['no-store', '']);
  });

  it('an error answered to credentials (API token, preview grant) is private, no-store, without keys', async () => {
    const send = setup();
    const withToken = await send('/api/outsourcing-categories/unknown', (ctx) => {
      ctx.state.auth = { strategy: { name: 'api-token' }, credentials: { id: 1 } };
      throw new errors.NotFoundError('Not Found');
    });
    const withPreview = await send('/api/outsourcing-overview?locale=en', (ctx) => {
      ctx.state.previewGrant = { uid: 'api::outsourcing-overview.outsourcing-overview', documentId: 'o', locale: 'en' };
      answering(404)(ctx);
    });
    for (const res of [withToken, withPreview]) {
      expect([res.status, res.cacheControl, res.surrogateKey]).toEqual([404, 'private, no-store', '']);
    }
  });

  it.each([
    ['POST', '/api/outsourcing-categories'],
    ['GET', '/api/quote-requests/x'],
    ['GET', '/admin/unknown'],
  ])('leaves %s %s and successful reads alone', async (method, url) => {
    const send = setup();
    const res = await send(url, answering(404), method);
    expect([res.cacheControl, res.surrogateKey]).toEqual(['', '']);
    const ok = await send('/api/outsourcing-categories', (ctx) => {
      ctx.body = { data: [] };
    });
    expect([ok.status, ok.cacheControl]).toEqual([200, '']);
  });
});
