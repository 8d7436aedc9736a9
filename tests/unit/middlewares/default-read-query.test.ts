import { defaultReadQuery } from '../../../src/utils/default-read-query';
import { fakeContext, fakeStrapi, handlerOf, runMiddleware } from '../../helpers/koa-context';

const POPULATE = { examples: true, seo: { populate: { metaImage: true } } };
const SORT = ['displayOrder:asc'];

/** The query the controller receives after the route middleware ran on `url`. */
const queryAfter = async (url: string, sort?: string[]) => {
  const middleware = handlerOf(defaultReadQuery(POPULATE, sort), fakeStrapi().strapi);
  const ctx = fakeContext({ url });
  const { nextCalled } = await runMiddleware(middleware, ctx);
  expect(nextCalled).toBe(true);
  return ctx.query;
};

describe('default read query (route middleware of the page types)', () => {
  it('gives a request without populate or sort the page’s components, relations and display order', async () => {
    // strapi::query carries the query as a query string: values come back as the controller sees them.
    expect(await queryAfter('/api/outsourcing-categories?locale=en', SORT)).toEqual({
      locale: 'en',
      populate: { examples: 'true', seo: { populate: { metaImage: 'true' } } },
      sort: ['displayOrder:asc'],
    });
  });

  it('lets what the client sends win, for populate and sort separately', async () => {
    expect(await queryAfter('/api/outsourcing-categories?populate=*', SORT)).toEqual({
      populate: '*',
      sort: ['displayOrder:asc'],
    });
    expect(await queryAfter('/api/outsourcing-categories?sort=name:desc&populate[seo]=true', SORT)).toEqual({
      populate: { seo: 'true' },
      sort: 'name:desc',
    });
  });

  it('adds no sort for a type without one (the single overview page)', async () => {
    expect(await queryAfter('/api/outsourcing-overview')).toEqual({
      populate: { examples: 'true', seo: { populate: { metaImage: 'true' } } },
    });
  });

  it('keeps filters and pagination as sent', async () => {
    expect(
      await queryAfter('/api/outsourcing-categories?filters[slug][$eq]=bpo&pagination[pageSize]=1&fields[0]=name', SORT)
    ).toEqual({
      filters: { slug: { $eq: 'bpo' } },
      pagination: { pageSize: '1' },
      fields: ['name'],
      sort: ['displayOrder:asc'],
    });
  });

  it('adds no default populate when the client picks its fields, in every spelling', async () => {
    for (const url of [
      '/api/outsourcing-categories?fields=slug&fields=name',
      '/api/outsourcing-categories?fields[0]=slug&fields[1]=name',
      '/api/outsourcing-categories?fields=slug,name',
    ]) {
      const query = await queryAfter(url, SORT);
      expect([url, query.populate, query.sort]).toEqual([url, undefined, ['displayOrder:asc']]);
    }
    // Fields and populate together: both as sent.
    expect(await queryAfter('/api/outsourcing-categories?fields[0]=slug&populate[seo]=true')).toEqual({
      fields: ['slug'],
      populate: { seo: 'true' },
    });
  });
});
