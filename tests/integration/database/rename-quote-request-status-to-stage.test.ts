/**
 * The migration that renames quote_requests.status to stage, run by Strapi's own migration runner (the one
 * `strapi start` uses, before the schema sync) on a throwaway database: SQLite always, PostgreSQL too when
 * `npm run test:postgres` sets DATABASE_CLIENT=postgres.
 */
import type { Database } from '@strapi/database';
import { dialects, executedMigrations, throwawayPerTest } from '../../helpers/migration-db';

const MIGRATION = '2026.11.27T00.00.00.rename-quote-request-status-to-stage.js';
const TABLE = 'quote_requests';

/** quote_requests as Strapi created it before the rename: `status` with its default and its index. */
const createPreviousTable = async (db: Database, { withStage = false } = {}): Promise<void> => {
  await db.connection.schema.createTable(TABLE, (table) => {
    table.increments('id');
    table.string('document_id');
    table.string('reference');
    table.string('status').defaultTo('new');
    if (withStage) table.string('stage').defaultTo('new');
    table.datetime('created_at', { useTz: false, precision: 6 });
    table.index(['status', 'created_at'], 'quote_requests_status_created_idx');
  });
  await db.connection(TABLE).insert([
    { reference: 'DEV-2026-000001', status: 'new', created_at: new Date('2026-11-20T10:00:00Z') },
    { reference: 'DEV-2026-000002', status: 'contacted', created_at: new Date('2026-11-21T10:00:00Z') },
    { reference: 'DEV-2026-000003', status: 'won', created_at: new Date('2026-11-22T10:00:00Z') },
    { reference: 'DEV-2026-000004', status: 'spam', created_at: new Date('2026-11-23T10:00:00Z') },
  ]);
};

const PREVIOUS_STAGES = [
  ['DEV-2026-000001', 'new'],
  ['DEV-2026-000002', 'contacted'],
  ['DEV-2026-000003', 'won'],
  ['DEV-2026-000004', 'spam'],
];

const stages = async (db: Database): Promise<string[][]> =>
  (
    (await db.connection(TABLE).select('reference', 'stage').orderBy('reference')) as {
      reference: string;
      stage: string;
    }[]
  ).map((row) => [row.reference, row.stage]);

const columns = async (db: Database): Promise<string[]> => Object.keys(await db.connection(TABLE).columnInfo()).sort();

describe.each(dialects)('migration %s: quote_requests.status becomes stage', (_dialect, open) => {
  const start = throwawayPerTest(open);

  it('does nothing on a fresh database: the schema sync creates the table later', async () => {
    const db = await start();
    await db.migrations.up();
    expect(await db.connection.schema.hasTable(TABLE)).toBe(false);
    expect(await executedMigrations(db)).toContain(MIGRATION);
  });

  it('moves every request stage into the stage column, keeping its default, and runs once', async () => {
    const db = await start();
    await createPreviousTable(db);
    expect(await db.migrations.shouldRun()).toBe(true);

    await db.migrations.up();

    expect(await columns(db)).toEqual(['created_at', 'document_id', 'id', 'reference', 'stage']);
    expect(await stages(db)).toEqual(PREVIOUS_STAGES);
    await db.connection(TABLE).insert({ reference: 'DEV-2026-000005' });
    expect(await db.connection(TABLE).where({ reference: 'DEV-2026-000005' }).first('stage')).toEqual({
      stage: 'new',
    });
    expect(await executedMigrations(db)).toContain(MIGRATION);
    expect(await db.migrations.shouldRun()).toBe(false);
  });

  it('is idempotent: run again (its log entry lost), it changes nothing', async () => {
    const db = await start();
    await createPreviousTable(db);
    await db.migrations.up();
    await db.connection(TABLE).where({ reference: 'DEV-2026-000001' }).update({ stage: 'qualified' });

    await db.connection('strapi_migrations').where({ name: MIGRATION }).delete();
    await db.migrations.up();

    expect(await columns(db)).toEqual(['created_at', 'document_id', 'id', 'reference', 'stage']);
    expect(await stages(db)).toEqual([['DEV-2026-000001', 'qualified'], ...PREVIOUS_STAGES.slice(1)]);
  });

  it('copies status over a stage column that already exists, leaving status for the schema sync to drop', async () => {
    const db = await start();
    await createPreviousTable(db, { withStage: true });
    expect(new Set((await stages(db)).map(([, stage]) => stage))).toEqual(new Set(['new']));

    await db.migrations.up();

    expect(await stages(db)).toEqual(PREVIOUS_STAGES);
    expect(await columns(db)).toContain('status');
  });
});
