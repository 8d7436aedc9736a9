'use strict';

/**
 * The publish-event outbox becomes the signed-event outbox of every receiver (src/signed-events/outbox.ts):
 * table `frontend_events` gets
 *   `receiver`  who the row is for: `frontend` (FRONTEND_REVALIDATE_URL) or `lead` (LEAD_WEBHOOK_URL); the
 *               rows already there are publish events, so the column's default names them `frontend`;
 *   `subject`   what the event is about (a quote request's reference), so that an erasure finds and blanks
 *               the events of that person; empty for publish events.
 * and the indexes the in-order claim (a receiver's oldest undelivered row) and the erasure read.
 * Runs once per database, before the schema sync; a column already there is left as it is.
 */

const TABLE = 'frontend_events';

/**
 * @param {import('knex').Knex} knex the migration's transaction
 * @param {{ getSchemaName?: () => string | undefined, logger?: { info(message: string): void } }} [db]
 */
async function up(knex, db) {
  const schemaName = db && typeof db.getSchemaName === 'function' ? db.getSchemaName() : undefined;
  const schema = () => (schemaName ? knex.schema.withSchema(schemaName) : knex.schema);
  if (!(await schema().hasTable(TABLE))) return;
  // A table of that name this application did not create (no `status`) is not the outbox: left alone.
  if (!(await schema().hasColumn(TABLE, 'status'))) return;
  const hasReceiver = await schema().hasColumn(TABLE, 'receiver');
  const hasSubject = await schema().hasColumn(TABLE, 'subject');
  if (hasReceiver && hasSubject) return;
  await schema().alterTable(TABLE, (t) => {
    if (!hasReceiver) t.string('receiver', 16).notNullable().defaultTo('frontend');
    if (!hasSubject) t.string('subject', 64).nullable();
  });
  await schema().alterTable(TABLE, (t) => {
    if (!hasReceiver) t.index(['receiver', 'status', 'id'], 'frontend_events_receiver_due_idx');
    if (!hasSubject) t.index(['receiver', 'subject'], 'frontend_events_subject_idx');
  });
  if (db && db.logger) db.logger.info(`[migration] ${TABLE}: receiver and subject columns added`);
}

module.exports = { up };
