/**
 * The migration that gives every stored notification its claim priority (issue 18: sales notifications,
 * reminders and alerts before confirmations), run by Strapi's own migration runner on a throwaway
 * database: SQLite always, PostgreSQL under `npm run test:postgres`, MySQL/MariaDB with
 * MIGRATION_TEST_MYSQL_URL.
 */
import type { Database } from '@strapi/database';
import { dialects, executedMigrations, throwawayPerTest } from '../../helpers/migration-db';

const MIGRATION = '2026.12.01T00.00.00.quote-notification-claim-priority.js';
const TABLE = 'quote_notifications';

/** quote_notifications as the previous release left it: no `priority`, mails still waiting in it. */
const createPreviousTable = async (db: Database, { withPriority = false } = {}): Promise<void> => {
  await db.connection.schema.createTable(TABLE, (table) => {
    table.increments('id');
    table.integer('quote_request_id');
    table.string('kind');
    table.string('delivery_status').defaultTo('pending');
    // A schema sync that ran before the migration would have added the column with its default.
    if (withPriority) table.integer('priority').defaultTo(0);
  });
  await db.connection(TABLE).insert([
    { quote_request_id: 1, kind: 'sales', delivery_status: 'sent' },
    { quote_request_id: 1, kind: 'confirmation', delivery_status: 'pending' },
    { quote_request_id: 2, kind: 'confirmation', delivery_status: 'pending' },
    { quote_request_id: 2, kind: 'sales', delivery_status: 'pending' },
    { quote_request_id: 2, kind: 'reminder', delivery_status: 'pending' },
    { quote_request_id: 3, kind: 'alert', delivery_status: 'sending' },
  ]);
};

const EXPECTED = [
  ['sales', 0],
  ['confirmation', 1],
  ['confirmation', 1],
  ['sales', 0],
  ['reminder', 0],
  ['alert', 0],
];

const priorities = async (db: Database): Promise<(string | number)[][]> =>
  (
    (await db.connection(TABLE).select('kind', 'priority').orderBy('id')) as {
      kind: string;
      priority: number | string | null;
    }[]
  ).map((row) => [row.kind, row.priority === null ? -1 : Number(row.priority)]);

describe.each(dialects)('migration %s: quote_notifications.priority from the kind', (_dialect, open) => {
  const start = throwawayPerTest(open);

  it('does nothing on a fresh database', async () => {
    const db = await start();
    await db.migrations.up();
    expect(await db.connection.schema.hasTable(TABLE)).toBe(false);
    expect(await executedMigrations(db)).toContain(MIGRATION);
  });

  it('adds the column, puts confirmations after every other mail, and runs once; run again, it changes nothing', async () => {
    const db = await start();
    await createPreviousTable(db);
    await db.migrations.up();

    expect(await db.connection.schema.hasColumn(TABLE, 'priority')).toBe(true);
    expect(await priorities(db)).toEqual(EXPECTED);
    // A row written without it (raw SQL, an older instance during a rolling upgrade) is claimable: 0.
    await db.connection(TABLE).insert({ quote_request_id: 4, kind: 'sales' });
    expect(await db.connection(TABLE).where({ quote_request_id: 4 }).first('priority')).toEqual({ priority: 0 });
    expect(await db.migrations.shouldRun()).toBe(false);

    await db.connection('strapi_migrations').where({ name: MIGRATION }).delete();
    await db.migrations.up();
    expect((await priorities(db)).slice(0, EXPECTED.length)).toEqual(EXPECTED);
  });

  it('corrects the confirmations of a column a schema sync already added with its default', async () => {
    const db = await start();
    await createPreviousTable(db, { withPriority: true });
    expect((await priorities(db)).map(([, priority]) => priority)).toEqual([0, 0, 0, 0, 0, 0]);
    await db.migrations.up();
    expect(await priorities(db)).toEqual(EXPECTED);
  });
});
