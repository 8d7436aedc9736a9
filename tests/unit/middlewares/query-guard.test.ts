import { errors } from '@strapi/utils';
import queryGuard, { withFieldErrors } from '../../../src/middlewares/query-guard';
import { createPreviewToken, PREVIEW_TOKEN_TTL_MS, type PreviewGrant } from '../../../src/preview/preview';
import { fakeContext, fakeStrapi, handlerOf, runMiddleware, type FakeRequest } from '../../helpers/koa-context';

const SECRET = 'admin-secret-for-tests';
const GRANT: PreviewGrant = {
  uid: 'api::outsourcing-category.outsourcing-category',
  documentId: 'doc123',
  locale: 'fr',
};

/** The guard on a fake Strapi whose i18n locales table holds `locales`. */
const setup = (locales: string[] = ['fr', 'en']) => {
  const findMany = jest.fn(() => Promise.resolve(locales.map((code) => ({ code }))));
  const { strapi } = fakeStrapi({
    config: { 'admin.auth.secret': SECRET },
    queries: { 'plugin::i18n.locale': { findMany } },
  });
  const guard = handlerOf(queryGuard, strapi);
  const send = async (request: FakeRequest) => {
    const ctx = fakeContext(request);
    return { ctx, ...(await runMiddleware(guard, ctx)) };
  };
  return { send, findMany, locales };
};

afterEach(() => {
  jest.restoreAllMocks();
});

describe('query guard: ?locale=', () => {
  it.each(['fr', 'en'])('lets a configured locale (%s) through', async (locale) => {
    const { send } = setup();
    const { nextCalled, error } = await send({ url: `/api/outsourcing-categories?locale=${locale}` });
    expect(error).toBeUndefined();
    expect(nextCalled).toBe(true);
  });

  it.each([
    '/api/outsourcing-categories?locale=xx',
    '/API/Outsourcing-Categories/?locale=de',
    '/api/outsourcing-overview?locale=FR',
    '/api/comparison-pages?locale=*',
    '/api/comparison-pages?locale=',
  ])('answers an unknown locale with 400 naming the configured ones: %s', async (url) => {
    const { send } = setup();
    const { status, nextCalled, error } = await send({ url });
    expect(status).toBe(400);
    expect(nextCalled).toBe(false);
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'Invalid locale: expected one of en, fr',
      details: { errors: [expect.objectContaining({ path: ['locale'] })] },
    });
  });

  it.each(['locale=fr&locale=en', 'locale[0]=fr', 'locale[code]=fr'])(
    'answers a locale that is not one string (%s) with 400',
    async (query) => {
      const { send } = setup();
      const { status, nextCalled } = await send({ url: `/api/outsourcing-categories?${query}` });
      expect(status).toBe(400);
      expect(nextCalled).toBe(false);
    }
  );

  it('leaves requests without a locale, and paths outside /api, alone (no database read)', async () => {
    const { send, findMany } = setup();
    expect((await send({ url: '/api/outsourcing-categories' })).nextCalled).toBe(true);
    expect((await send({ url: '/admin/init?locale=xx' })).nextCalled).toBe(true);
    expect((await send({ url: '/apiary?locale=xx' })).nextCalled).toBe(true);
    expect(findMany).not.toHaveBeenCalled();
  });

  it('reads the locales once per 30 s: a locale added in the admin is accepted within 30 s', async () => {
    const { send, findMany, locales } = setup();
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);

    expect((await send({ url: '/api/outsourcing-categories?locale=fr' })).nextCalled).toBe(true);
    locales.push('es');
    now += 29_000;
    expect((await send({ url: '/api/outsourcing-categories?locale=es' })).status).toBe(400);
    expect(findMany).toHaveBeenCalledTimes(1);

    now += 2_000;
    expect((await send({ url: '/api/outsourcing-categories?locale=es' })).nextCalled).toBe(true);
    expect(findMany).toHaveBeenCalledTimes(2);
  });
});

describe('query guard: X-Preview-Token', () => {
  it('turns a valid token into ctx.state.previewGrant for the later access decision', async () => {
    const { send } = setup();
    const { ctx, nextCalled } = await send({
      url: '/api/outsourcing-categories/doc123?status=draft&locale=fr',
      headers: { 'X-Preview-Token': createPreviewToken(GRANT, SECRET) },
    });
    expect(nextCalled).toBe(true);
    expect(ctx.state.previewGrant).toEqual(GRANT);
  });

  it.each([
    ['signed with another secret', () => createPreviewToken(GRANT, 'not-the-secret')],
    ['expired', () => createPreviewToken(GRANT, SECRET, Date.now() - PREVIEW_TOKEN_TTL_MS - 1000)],
    ['tampered with', () => createPreviewToken(GRANT, SECRET).replace(/^./, 'x')],
    ['not a token', () => 'garbage'],
  ])('refuses a token (%s) with 403 and grants nothing', async (_case, token) => {
    const { send } = setup();
    const { ctx, status, nextCalled, error } = await send({
      url: '/api/outsourcing-categories?status=draft',
      headers: { 'x-preview-token': token() },
    });
    expect(status).toBe(403);
    expect(error).toMatchObject({ name: 'ForbiddenError', message: 'Invalid or expired preview token' });
    expect(nextCalled).toBe(false);
    expect(ctx.state.previewGrant).toBeUndefined();
  });

  it('ignores the header outside the content API', async () => {
    const { send } = setup();
    const { ctx, nextCalled } = await send({ url: '/admin/users/me', headers: { 'X-Preview-Token': 'garbage' } });
    expect(nextCalled).toBe(true);
    expect(ctx.state.previewGrant).toBeUndefined();
  });
});

describe('withFieldErrors: one details shape for 400s', () => {
  it("rewrites Strapi's invalid-key details { key, path } to { errors: [{ path, message, name }] }", () => {
    const rewritten = withFieldErrors(
      new errors.ValidationError('Invalid key nope at seo.nope', { key: 'nope', path: 'seo.nope' })
    );
    expect(rewritten).toBeInstanceOf(errors.ValidationError);
    expect((rewritten as InstanceType<typeof errors.ValidationError>).details).toEqual({
      errors: [{ path: ['seo', 'nope'], message: 'Invalid key nope at seo.nope', name: 'ValidationError' }],
    });
    const keyOnly = withFieldErrors(new errors.ValidationError('Invalid key nope', { key: 'nope' }));
    expect((keyOnly as InstanceType<typeof errors.ValidationError>).details).toEqual({
      errors: [{ path: ['nope'], message: 'Invalid key nope', name: 'ValidationError' }],
    });
  });

  it('leaves field lists and other errors as they are', () => {
    const listed = new errors.ValidationError('2 fields are invalid.', {
      errors: [{ path: ['email'], message: 'Invalid email address.', name: 'ValidationError' }],
    });
    expect(withFieldErrors(listed)).toBe(listed);
    const forbidden = new errors.ForbiddenError('Invalid or expired preview token');
    expect(withFieldErrors(forbidden)).toBe(forbidden);
  });
});
