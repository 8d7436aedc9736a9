/**
 * Table `held_relations` (links kept across an unpublish, src/features/site-content/published-relations.ts)
 * is created by its migration, run by Strapi's own migration runner on a throwaway database: SQLite always,
 * PostgreSQL with `npm run test:postgres`, MySQL with MIGRATION_TEST_MYSQL_URL.
 */
import { dialects, executedMigrations, throwawayPerTest } from '../../helpers/migration-db';

const MIGRATION = '2026.12.06T00.00.00.held-relations.js';
const TABLE = 'held_relations';

describe.each(dialects)('migration %s: held relations', (_dialect, open) => {
  const start = throwawayPerTest(open);

  it('creates the table on a fresh database; a link keeps its fractional position and its target locale', async () => {
    const db = await start();
    await db.migrations.up();
    expect(await executedMigrations(db)).toContain(MIGRATION);
    const row = {
      join_table: 'outsourcing_overviews_categories_lnk',
      source_column: 'outsourcing_overview_id',
      target_column: 'outsourcing_category_id',
      order_column: 'outsourcing_category_ord',
      source_id: 12,
      order_value: 2.5,
      target_uid: 'api::outsourcing-category.outsourcing-category',
      target_document_id: 'm022hnmqflrn2blznypjqyhi',
      target_locale: 'en',
      created_at: Date.UTC(2026, 11, 6, 9, 30),
    };
    await db.connection(TABLE).insert(row);
    const stored = (await db
      .connection(TABLE)
      .select('*')
      .where({ target_uid: row.target_uid, target_document_id: row.target_document_id })) as Record<string, unknown>[];
    expect(stored).toHaveLength(1);
    const { id, ...columns } = stored[0];
    expect(Number(id)).toBeGreaterThan(0);
    expect({ ...columns, order_value: Number(columns.order_value), created_at: Number(columns.created_at) }).toEqual(row);
  });

  it('leaves an existing table as it is', async () => {
    const db = await start();
    await db.connection.schema.createTable(TABLE, (table) => {
      table.increments('id');
    });
    await db.migrations.up();
    expect(await db.connection.schema.hasColumn(TABLE, 'join_table')).toBe(false);
  });
});
