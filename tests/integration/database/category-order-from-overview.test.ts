/**
 * The category cards' order moves from each category's `displayOrder` into the overview's `categories`
 * list: the migration run by Strapi's own migration runner (the one `strapi start` uses, before the schema
 * sync) on a throwaway database, SQLite always, PostgreSQL with `npm run test:postgres`, MySQL with
 * MIGRATION_TEST_MYSQL_URL. The whole app on a migrated install: tests/integration/category-order.test.ts.
 */
import type { Database } from '@strapi/database';
import { dialects, executedMigrations, throwawayPerTest } from '../../helpers/migration-db';

const MIGRATION = '2026.12.07T00.00.00.category-order-from-overview.js';
const JOIN_TABLE = 'outsourcing_overview_categories_lnk';

/** One category row: [id, documentId, locale, published, displayOrder]. */
type CategoryRow = [number, string, string, boolean, number | null];

/**
 * The tables as Strapi created them while categories had `displayOrder`, the join table's foreign keys
 * deleting links with their rows (as Strapi declares them).
 */
const createPreviousShape = async (db: Database, categories: CategoryRow[]): Promise<void> => {
  await db.connection.schema.createTable('outsourcing_overview', (t) => {
    t.increments('id');
    t.string('document_id');
    t.string('locale');
    t.datetime('published_at').nullable();
  });
  await db.connection.schema.createTable('outsourcing_categories', (t) => {
    t.increments('id');
    t.string('document_id');
    t.string('acronym');
    t.string('locale');
    t.datetime('published_at').nullable();
    t.integer('display_order');
  });
  await db.connection.schema.createTable(JOIN_TABLE, (t) => {
    t.increments('id');
    // Strapi's own key names: knex's default ones are too long for MySQL.
    t.integer('outsourcing_overview_id')
      .unsigned()
      .references('id')
      .inTable('outsourcing_overview')
      .onDelete('CASCADE')
      .withKeyName(`${JOIN_TABLE}_fk`);
    t.integer('outsourcing_category_id')
      .unsigned()
      .references('id')
      .inTable('outsourcing_categories')
      .onDelete('CASCADE')
      .withKeyName(`${JOIN_TABLE}_ifk`);
    t.double('outsourcing_category_ord');
  });
  for (const [id, documentId, locale, published, displayOrder] of categories) {
    await db.connection('outsourcing_categories').insert({
      id,
      document_id: documentId,
      acronym: documentId.toUpperCase(),
      locale,
      published_at: published ? new Date(Date.UTC(2026, 10, 1)) : null,
      display_order: displayOrder,
    });
  }
};

const addOverview = async (db: Database, id: number, locale: string, published: boolean, links: [number, number][]) => {
  await db.connection('outsourcing_overview').insert({
    id,
    document_id: 'overview',
    locale,
    published_at: published ? new Date(Date.UTC(2026, 10, 1)) : null,
  });
  for (const [categoryId, ord] of links) {
    await db
      .connection(JOIN_TABLE)
      .insert({ outsourcing_overview_id: id, outsourcing_category_id: categoryId, outsourcing_category_ord: ord });
  }
};

/** The acronyms an overview row lists, in the order of its links. */
const listed = async (db: Database, overviewId: number): Promise<string[]> =>
  (
    await db
      .connection(JOIN_TABLE)
      .join('outsourcing_categories', `${JOIN_TABLE}.outsourcing_category_id`, 'outsourcing_categories.id')
      .where(`${JOIN_TABLE}.outsourcing_overview_id`, overviewId)
      .orderBy(`${JOIN_TABLE}.outsourcing_category_ord`, 'asc')
      .select<{ acronym: string }[]>('outsourcing_categories.acronym')
  ).map((row) => row.acronym);

const positions = async (db: Database, overviewId: number): Promise<number[]> =>
  (
    await db
      .connection(JOIN_TABLE)
      .where('outsourcing_overview_id', overviewId)
      .orderBy('outsourcing_category_ord', 'asc')
      .select<{ outsourcing_category_ord: number }[]>('outsourcing_category_ord')
  ).map((row) => Number(row.outsourcing_category_ord));

describe.each(dialects)('migration %s: category order from the overview', (_dialect, open) => {
  const start = throwawayPerTest(open);

  it('does nothing on a fresh database: the schema sync creates the tables later', async () => {
    const db = await start();
    await db.migrations.up();
    expect(await db.connection.schema.hasTable('outsourcing_categories')).toBe(false);
    expect(await executedMigrations(db)).toContain(MIGRATION);
  });

  it('puts every overview row’s links in display order, equal values in their list order, then drops the column', async () => {
    const db = await start();
    await createPreviousShape(db, [
      // Published rows: KPO first by display order, ITO and BPO tied.
      [1, 'bpo', 'fr', true, 2],
      [2, 'ito', 'fr', true, 2],
      [3, 'kpo', 'fr', true, 1],
      [4, 'bpo', 'en', true, 2],
      [5, 'ito', 'en', true, 2],
      [6, 'kpo', 'en', true, 1],
      // The French drafts: BPO's draft moved last, not published yet.
      [7, 'bpo', 'fr', false, 5],
      [8, 'ito', 'fr', false, 2],
      [9, 'kpo', 'fr', false, 1],
    ]);
    // The published French overview lists ITO, BPO, KPO; the English one BPO, KPO, ITO (fractional
    // positions, as Strapi writes when an editor drags a card between two others); the draft BPO, ITO, KPO.
    await addOverview(db, 1, 'fr', true, [
      [2, 1],
      [1, 2],
      [3, 3],
    ]);
    await addOverview(db, 2, 'en', true, [
      [4, 1],
      [6, 1.5],
      [5, 2],
    ]);
    await addOverview(db, 3, 'fr', false, [
      [7, 1],
      [8, 2],
      [9, 3],
    ]);

    await db.migrations.up();

    expect(await listed(db, 1)).toEqual(['KPO', 'ITO', 'BPO']);
    expect(await listed(db, 2)).toEqual(['KPO', 'BPO', 'ITO']);
    expect(await listed(db, 3)).toEqual(['KPO', 'ITO', 'BPO']);
    expect(await positions(db, 2)).toEqual([1, 2, 3]);
    // No link lost on the way (SQLite: the column is dropped without copying the table).
    expect(Number((await db.connection(JOIN_TABLE).count<{ n: number | string }[]>({ n: '*' }))[0].n)).toBe(9);
    expect(await db.connection.schema.hasColumn('outsourcing_categories', 'display_order')).toBe(false);
    expect(
      Number((await db.connection('outsourcing_categories').count<{ n: number | string }[]>({ n: '*' }))[0].n)
    ).toBe(9);
  });

  it('numbers a link held while its category is unpublished with the published overview’s other links', async () => {
    const db = await start();
    // held_relations as its migration (2026.12.06) creates it, already there with a held link.
    await db.connection.schema.createTable('held_relations', (t) => {
      t.increments('id');
      t.string('join_table');
      t.string('source_column');
      t.string('target_column');
      t.string('order_column');
      t.integer('source_id');
      t.double('order_value');
      t.string('target_uid');
      t.string('target_document_id');
      t.string('target_locale');
      t.bigInteger('created_at');
    });
    await createPreviousShape(db, [
      [1, 'bpo', 'fr', true, 3],
      [2, 'ito', 'fr', true, 1],
      // KPO is unpublished: only its draft is left, second by display order.
      [3, 'kpo', 'fr', false, 2],
    ]);
    await addOverview(db, 1, 'fr', true, [
      [1, 1],
      [2, 3],
    ]);
    await db.connection('held_relations').insert({
      join_table: JOIN_TABLE,
      source_column: 'outsourcing_overview_id',
      target_column: 'outsourcing_category_id',
      order_column: 'outsourcing_category_ord',
      source_id: 1,
      order_value: 0.5,
      target_uid: 'api::outsourcing-category.outsourcing-category',
      target_document_id: 'kpo',
      target_locale: 'fr',
      created_at: Date.UTC(2026, 11, 6),
    });

    await db.migrations.up();

    expect(await listed(db, 1)).toEqual(['ITO', 'BPO']);
    expect(await positions(db, 1)).toEqual([1, 3]);
    const held = await db.connection('held_relations').first<{ order_value: number }>('order_value');
    expect(Number(held?.order_value)).toBe(2);
  });

  it('changes nothing when it runs again on a migrated database', async () => {
    const db = await start();
    await createPreviousShape(db, [
      [1, 'bpo', 'fr', true, 2],
      [2, 'ito', 'fr', true, 1],
    ]);
    await addOverview(db, 1, 'fr', true, [
      [1, 1],
      [2, 2],
    ]);
    await db.migrations.up();
    // An editor then puts BPO first again: the overview's list is the only order now.
    await db.connection(JOIN_TABLE).where({ outsourcing_category_id: 1 }).update({ outsourcing_category_ord: 0 });
    await db.connection('strapi_migrations').where({ name: MIGRATION }).delete();
    await db.migrations.up();
    expect(await listed(db, 1)).toEqual(['BPO', 'ITO']);
  });
});
