/**
 * The migration that renames quote_notifications.status to delivery_status (`status` is reserved by draft
 * & publish: the Content Manager hid every notification's delivery state), run by Strapi's own migration
 * runner on a throwaway database: SQLite always, PostgreSQL too under `npm run test:postgres`.
 */
import type { Database } from '@strapi/database';
import { dialects, executedMigrations, throwawayPerTest } from '../../helpers/migration-db';

const MIGRATION = '2026.11.29T00.00.00.rename-quote-notification-status-to-delivery-status.js';
const TABLE = 'quote_notifications';

/** quote_notifications as Strapi created it before the rename: `status`, its default and the outbox's index. */
const createPreviousTable = async (db: Database, { withDeliveryStatus = false } = {}): Promise<void> => {
  await db.connection.schema.createTable(TABLE, (table) => {
    table.increments('id');
    table.integer('quote_request_id');
    table.string('kind');
    table.string('status').defaultTo('pending');
    if (withDeliveryStatus) table.string('delivery_status').defaultTo('pending');
    table.datetime('next_attempt_at', { useTz: false, precision: 6 });
    table.index(['status', 'next_attempt_at'], 'quote_notifications_due_idx');
  });
  await db.connection(TABLE).insert([
    { quote_request_id: 1, kind: 'sales', status: 'sent' },
    { quote_request_id: 1, kind: 'confirmation', status: 'failed' },
    { quote_request_id: 2, kind: 'sales', status: 'partial' },
    { quote_request_id: 2, kind: 'confirmation', status: 'pending' },
  ]);
};

const PREVIOUS = [
  [1, 'sales', 'sent'],
  [1, 'confirmation', 'failed'],
  [2, 'sales', 'partial'],
  [2, 'confirmation', 'pending'],
];

const deliveryStates = async (db: Database): Promise<(string | number)[][]> =>
  (
    (await db.connection(TABLE).select('quote_request_id', 'kind', 'delivery_status').orderBy('id')) as {
      quote_request_id: number;
      kind: string;
      delivery_status: string;
    }[]
  ).map((row) => [row.quote_request_id, row.kind, row.delivery_status]);

const columns = async (db: Database): Promise<string[]> => Object.keys(await db.connection(TABLE).columnInfo()).sort();

describe.each(dialects)('migration %s: quote_notifications.status becomes delivery_status', (_dialect, open) => {
  const start = throwawayPerTest(open);

  it('does nothing on a fresh database', async () => {
    const db = await start();
    await db.migrations.up();
    expect(await db.connection.schema.hasTable(TABLE)).toBe(false);
    expect(await executedMigrations(db)).toContain(MIGRATION);
  });

  it('keeps every delivery state and the default, and runs once; run again, it changes nothing', async () => {
    const db = await start();
    await createPreviousTable(db);
    await db.migrations.up();

    // `priority` comes from the later claim-priority migration, which runs in the same pass.
    expect(await columns(db)).toEqual([
      'delivery_status',
      'id',
      'kind',
      'next_attempt_at',
      'priority',
      'quote_request_id',
    ]);
    expect(await deliveryStates(db)).toEqual(PREVIOUS);
    await db.connection(TABLE).insert({ quote_request_id: 3, kind: 'sales' });
    expect(await db.connection(TABLE).where({ quote_request_id: 3 }).first('delivery_status')).toEqual({
      delivery_status: 'pending',
    });
    expect(await db.migrations.shouldRun()).toBe(false);

    await db.connection('strapi_migrations').where({ name: MIGRATION }).delete();
    await db.migrations.up();
    expect((await deliveryStates(db)).slice(0, 4)).toEqual(PREVIOUS);
  });

  it('copies status over a delivery_status column a schema sync already added', async () => {
    const db = await start();
    await createPreviousTable(db, { withDeliveryStatus: true });
    await db.migrations.up();
    expect(await deliveryStates(db)).toEqual(PREVIOUS);
    expect(await columns(db)).toContain('status');
  });
});
