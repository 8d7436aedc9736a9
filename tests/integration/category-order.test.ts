/**
 * An install whose categories still carry `displayOrder`, in an order that differs from the overview's
 * list: after the migration (2026.12.07T00.00.00.category-order-from-overview.js, run by Strapi's own
 * runner on the app's database) the overview lists its cards in that display order, in both locales,
 * draft and published, over REST and GraphQL, and an editor's new order of the list is what readers get.
 */
import request from 'supertest';
import type { Knex } from 'knex';
import { graphqlBody, restData } from '../helpers/http';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';

const MIGRATION = '2026.12.07T00.00.00.category-order-from-overview.js';
const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
/** Today's display order, different from the seeded list (BPO, ITO, KPO). */
const DISPLAY_ORDER: Record<string, number> = { kpo: 1, bpo: 2, ito: 3 };

const api = () => request(httpServer());

useStrapi();

const table = (name: string): Knex.QueryBuilder => {
  const strapi = getStrapi();
  const schema = strapi.db.getSchemaName();
  return schema ? strapi.db.connection(name).withSchema(schema) : strapi.db.connection(name);
};

const hasDisplayOrder = async (): Promise<boolean> => {
  const strapi = getStrapi();
  const schema = strapi.db.getSchemaName();
  return (schema ? strapi.db.connection.schema.withSchema(schema) : strapi.db.connection.schema).hasColumn(
    'outsourcing_categories',
    'display_order'
  );
};

const restCodes = async (locale: string): Promise<string[]> =>
  restData<{ categories: { code: string }[] }>(
    await api().get(`/api/outsourcing-overview?locale=${locale}`).expect(200)
  ).categories.map((c) => c.code);

const graphqlCodes = async (locale: string): Promise<string[]> => {
  const res = await api()
    .post('/graphql')
    .send({
      query: 'query ($locale: I18NLocaleCode) { outsourcingOverview(locale: $locale) { categories { code } } }',
      variables: { locale },
    })
    .expect(200);
  const { data, errors } = graphqlBody<{ outsourcingOverview: { categories: { code: string }[] } }>(res);
  expect(errors).toBeUndefined();
  return data?.outsourcingOverview.categories.map((c) => c.code) ?? [];
};

const draftCodes = async (locale: string): Promise<string[]> => {
  const draft = (await getStrapi()
    .documents(OVERVIEW)
    .findFirst({ locale, status: 'draft', populate: { categories: { fields: ['code'] } } })) as {
    categories: { code: string }[];
  } | null;
  return draft?.categories.map((c) => c.code) ?? [];
};

beforeAll(async () => {
  const strapi = getStrapi();
  // The install as it was: the column back, holding today's display order on every row of each category
  // (it was shared by the locales), while the overview still lists BPO, ITO, KPO.
  await (
    strapi.db.getSchemaName()
      ? strapi.db.connection.schema.withSchema(strapi.db.getSchemaName() as string)
      : strapi.db.connection.schema
  ).alterTable('outsourcing_categories', (t) => {
    t.integer('display_order');
  });
  for (const [code, order] of Object.entries(DISPLAY_ORDER)) {
    await table('outsourcing_categories').where({ code }).update({ display_order: order });
  }
  expect(await draftCodes('fr')).toEqual(['bpo', 'ito', 'kpo']);
  // Not run yet on that install: Strapi runs it at the next start, before its schema sync.
  await table('strapi_migrations').where({ name: MIGRATION }).delete();
  await strapi.db.migrations.up();
  await strapi.db.schema.sync();
});

describe('an install upgraded from categories with a display order', () => {
  it('drops the column', async () => {
    expect(await hasDisplayOrder()).toBe(false);
  });

  it.each(['fr', 'en'])('serves the overview’s cards in the former display order over REST (%s)', async (locale) => {
    expect(await restCodes(locale)).toEqual(['kpo', 'bpo', 'ito']);
  });

  it.each(['fr', 'en'])('serves them in the same order over GraphQL (%s)', async (locale) => {
    expect(await graphqlCodes(locale)).toEqual(['kpo', 'bpo', 'ito']);
  });

  it.each(['fr', 'en'])('keeps that order in the draft editors open (%s)', async (locale) => {
    expect(await draftCodes(locale)).toEqual(['kpo', 'bpo', 'ito']);
  });

  it('then follows the overview’s list alone: an editor’s new order is what readers get', async () => {
    const strapi = getStrapi();
    const categories = await strapi
      .documents('api::outsourcing-category.outsourcing-category')
      .findMany({ locale: 'fr', status: 'draft', fields: ['code'] });
    const byCode = new Map(categories.map((c) => [String(c.code), c.documentId]));
    const order = ['ito', 'kpo', 'bpo'];
    const overview = await strapi.documents(OVERVIEW).findFirst({ locale: 'fr', status: 'draft', fields: ['id'] });
    await strapi.documents(OVERVIEW).update({
      documentId: overview?.documentId as string,
      locale: 'fr',
      data: { categories: order.map((code) => byCode.get(code) as string) },
    });
    expect(await draftCodes('fr')).toEqual(order);
    await strapi.documents(OVERVIEW).publish({ documentId: overview?.documentId as string, locale: 'fr' });
    expect(await restCodes('fr')).toEqual(order);
    expect(await graphqlCodes('fr')).toEqual(order);
    // The category list keeps its own order (by model code), whatever the overview's.
    const list = await api().get('/api/outsourcing-categories?locale=fr').expect(200);
    expect(restData<{ code: string }[]>(list).map((c) => c.code)).toEqual(['bpo', 'ito', 'kpo']);
  });
});
