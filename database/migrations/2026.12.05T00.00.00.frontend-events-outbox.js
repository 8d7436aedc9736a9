'use strict';

/**
 * The outbox of publish events for frontends (src/frontend-events/outbox.ts): table `frontend_events`,
 * one row per event to POST to FRONTEND_REVALIDATE_URL. It is not a content type (nobody edits it in
 * the admin), so this migration creates it; Strapi's schema sync leaves tables it never created alone.
 * Runs once per database, before the schema sync; a database that already has the table is left as it is.
 * Times are milliseconds since the epoch (bigint): the same on SQLite, PostgreSQL and MySQL, no time zone.
 */

const TABLE = 'frontend_events';

/**
 * @param {import('knex').Knex} knex the migration's transaction
 * @param {{ getSchemaName?: () => string | undefined, logger?: { info(message: string): void } }} [db]
 *   Strapi's Database; its schema name is the PostgreSQL `DATABASE_SCHEMA`, undefined on SQLite and MySQL.
 */
async function up(knex, db) {
  const schemaName = db && typeof db.getSchemaName === 'function' ? db.getSchemaName() : undefined;
  const schema = () => (schemaName ? knex.schema.withSchema(schemaName) : knex.schema);
  if (await schema().hasTable(TABLE)) return;
  await schema().createTable(TABLE, (t) => {
    t.increments('id');
    t.string('event_id', 64).notNullable();
    t.text('body').notNullable();
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.string('locked_by', 128).nullable();
    t.bigInteger('locked_until').nullable();
    t.text('last_error').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('sent_at').nullable();
    // The claim reads due rows by status and time.
    t.index(['status', 'next_attempt_at'], 'frontend_events_due_idx');
    t.index(['locked_by'], 'frontend_events_locked_by_idx');
  });
  if (db && db.logger) db.logger.info(`[migration] created table ${TABLE}`);
}

module.exports = { up };
