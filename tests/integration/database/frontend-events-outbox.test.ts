/**
 * Table `frontend_events` (the publish-event outbox) is created by its migration, run by Strapi's own
 * migration runner on a throwaway database: SQLite always, PostgreSQL with `npm run test:postgres`, MySQL
 * with MIGRATION_TEST_MYSQL_URL. Strapi's schema sync leaves it alone (it never created it).
 */
import type { Database } from '@strapi/database';
import { dialects, executedMigrations, throwawayPerTest } from '../../helpers/migration-db';

const MIGRATION = '2026.12.05T00.00.00.frontend-events-outbox.js';
const TABLE = 'frontend_events';

describe.each(dialects)('migration %s: frontend events outbox', (_dialect, open) => {
  const start = throwawayPerTest(open);

  const insertEvent = (db: Database, eventId: string, nextAttemptAt: number) =>
    db.connection(TABLE).insert({
      event_id: eventId,
      body: JSON.stringify({ id: eventId, slug: 'bpo', urls: ['https://cms.example.test/api/outsourcing-categories'] }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: nextAttemptAt,
      created_at: nextAttemptAt,
    });

  it('creates the table on a fresh database, with millisecond times beyond 32 bits', async () => {
    const db = await start();
    await db.migrations.up();
    expect(await executedMigrations(db)).toContain(MIGRATION);
    expect(await db.connection.schema.hasTable(TABLE)).toBe(true);
    const now = Date.UTC(2026, 11, 5, 9, 30);
    await insertEvent(db, 'a', now);
    await insertEvent(db, 'b', now + 1000);
    const due = (await db
      .connection(TABLE)
      .select('event_id', 'next_attempt_at', 'body')
      .where('status', 'pending')
      .andWhere('next_attempt_at', '<=', now)) as {
      event_id: string;
      next_attempt_at: number | string;
      body: string;
    }[];
    expect(due.map((row) => [row.event_id, Number(row.next_attempt_at)])).toEqual([['a', now]]);
    expect(JSON.parse(due[0].body)).toMatchObject({ slug: 'bpo' });
    // The claim: one conditional UPDATE stamps the rows; a second claimer finds them taken.
    const stamp = (token: string) =>
      db
        .connection(TABLE)
        .whereIn('event_id', ['a', 'b'])
        .andWhere('status', 'pending')
        .update({ status: 'sending', locked_by: token, locked_until: now + 60000 });
    expect(await stamp('first')).toBe(2);
    expect(await stamp('second')).toBe(0);
  });

  it('leaves an existing table as it is', async () => {
    const db = await start();
    await db.connection.schema.createTable(TABLE, (table) => {
      table.increments('id');
      table.string('event_id');
    });
    await db.migrations.up();
    expect(await db.connection.schema.hasColumn(TABLE, 'body')).toBe(false);
  });
});
