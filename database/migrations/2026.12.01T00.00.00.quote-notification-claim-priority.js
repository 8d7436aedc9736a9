'use strict';

/**
 * The outbox claims sales notifications, reminders and alerts before confirmations (issue 18): each row
 * carries `priority` (0 urgent, 1 confirmation), set from its kind when the row is created, and the claim
 * reads the index (delivery_status, priority, id) that the schema declares. Strapi runs this file once,
 * before its schema sync. Without it the sync would add the column with its default, 0, to every row:
 * the confirmations still waiting in an upgraded outbox would then jump ahead of the sales mail queued
 * after them.
 *
 * - No `quote_notifications` table (fresh database): nothing to do; the sync creates the column.
 * - Otherwise the column is added when missing (integer, default 0, as the sync would declare it) and
 *   every row still without a priority, or a confirmation marked 0, gets the priority of its kind. A
 *   second run finds nothing to change. The index itself is created by the schema sync.
 */

const TABLE = 'quote_notifications';
const COLUMN = 'priority';

/**
 * @param {import('knex').Knex} knex the migration's transaction
 * @param {{ getSchemaName?: () => string | undefined, logger?: { info(message: string): void } }} [db]
 *   Strapi's Database; its schema name is the PostgreSQL `DATABASE_SCHEMA`, undefined on SQLite and MySQL.
 */
async function up(knex, db) {
  const schemaName = db && typeof db.getSchemaName === 'function' ? db.getSchemaName() : undefined;
  const schema = () => (schemaName ? knex.schema.withSchema(schemaName) : knex.schema);
  const table = () => (schemaName ? knex(TABLE).withSchema(schemaName) : knex(TABLE));
  /** @param {string} message */
  const log = (message) => db && db.logger && db.logger.info(`[migration] ${message}`);

  if (!(await schema().hasTable(TABLE))) return;
  if (!(await schema().hasColumn(TABLE, COLUMN))) {
    await schema().alterTable(TABLE, (t) => {
      t.integer(COLUMN).defaultTo(0);
    });
  }
  const confirmations = await table()
    .where('kind', 'confirmation')
    .andWhere((q) => q.whereNull(COLUMN).orWhereNot(COLUMN, 1))
    .update({ [COLUMN]: 1 });
  const others = await table().whereNot('kind', 'confirmation').whereNull(COLUMN).update({ [COLUMN]: 0 });
  if (confirmations + others > 0) {
    log(`quote_notifications.priority set on ${confirmations} confirmation(s) and ${others} other mail(s)`);
  }
}

module.exports = { up };
