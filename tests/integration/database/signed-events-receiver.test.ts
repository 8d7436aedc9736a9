/**
 * The publish-event outbox's table `frontend_events` gets its `receiver` and `subject` columns (the signed-event
 * outbox of every receiver) from its migration, run by Strapi's own migration runner on a throwaway database:
 * SQLite always, PostgreSQL with `npm run test:postgres`, MySQL with MIGRATION_TEST_MYSQL_URL. Rows written
 * by the previous release are the frontend's and keep being claimed.
 */
import type { Database } from '@strapi/database';
import { dialects, executedMigrations, throwawayPerTest } from '../../helpers/migration-db';

const MIGRATION = '2026.12.07T00.00.00.signed-events-receiver.js';
const TABLE = 'frontend_events';

// The previous release's migration, run alone: the table as that release left it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const previous = require('../../../database/migrations/2026.12.05T00.00.00.frontend-events-outbox.js') as {
  up: (knex: Database['connection']) => Promise<void>;
};

describe.each(dialects)('migration %s: signed-event receivers', (_dialect, open) => {
  const start = throwawayPerTest(open);
  const now = Date.UTC(2026, 11, 7, 9, 30);

  it('names the rows of the previous release `frontend`, and a claim per receiver finds them in order', async () => {
    const db = await start();
    await previous.up(db.connection);
    await db.connection(TABLE).insert(
      ['old-1', 'old-2'].map((eventId, i) => ({
        event_id: eventId,
        body: JSON.stringify({ id: eventId }),
        status: 'pending',
        attempts: 0,
        next_attempt_at: now + i,
        created_at: now + i,
      }))
    );
    await db.migrations.up();
    expect(await executedMigrations(db)).toContain(MIGRATION);
    expect(await db.connection.schema.hasColumn(TABLE, 'receiver')).toBe(true);
    expect(await db.connection.schema.hasColumn(TABLE, 'subject')).toBe(true);
    await db.connection(TABLE).insert({
      receiver: 'lead',
      event_id: 'lead-1',
      subject: 'DEV-2026-000001',
      body: '{}',
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    });
    const rows = (await db.connection(TABLE).select('event_id', 'receiver', 'subject').orderBy('id', 'asc')) as {
      event_id: string;
      receiver: string;
      subject: string | null;
    }[];
    expect(rows).toEqual([
      { event_id: 'old-1', receiver: 'frontend', subject: null },
      { event_id: 'old-2', receiver: 'frontend', subject: null },
      { event_id: 'lead-1', receiver: 'lead', subject: 'DEV-2026-000001' },
    ]);
    // The claim reads one receiver's oldest undelivered row; the erasure, a receiver's rows by subject.
    const head = (await db
      .connection(TABLE)
      .select('event_id')
      .where('receiver', 'frontend')
      .whereIn('status', ['pending', 'sending'])
      .orderBy('id', 'asc')
      .first()) as { event_id: string };
    expect(head.event_id).toBe('old-1');
    const stamp = (token: string) =>
      db
        .connection(TABLE)
        .where('receiver', 'lead')
        .andWhere('status', 'pending')
        .update({ status: 'sending', locked_by: token, locked_until: now + 60000 });
    expect(await stamp('first')).toBe(1);
    expect(await stamp('second')).toBe(0);
  });

  it('creates both columns on a fresh database and is not run twice', async () => {
    const db = await start();
    await db.migrations.up();
    await db.migrations.up();
    expect((await executedMigrations(db)).filter((name) => name === MIGRATION)).toHaveLength(1);
    await db.connection(TABLE).insert({
      event_id: 'fresh',
      body: '{}',
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    });
    expect(await db.connection(TABLE).select('receiver').first()).toEqual({ receiver: 'frontend' });
  });
});
