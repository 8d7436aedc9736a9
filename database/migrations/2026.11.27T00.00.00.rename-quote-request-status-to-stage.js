'use strict';

/**
 * The quote request's pipeline attribute `status` became `stage` (`status` is reserved by Strapi's draft &
 * publish: the Content Manager overwrites it). Strapi runs this file once, before its schema sync; without
 * it the sync would drop `status` (an attribute it no longer knows) and add an empty `stage` defaulting to
 * `new`, losing every request's place in the pipeline.
 *
 * - No `quote_requests` table (fresh database): nothing to do, the sync creates it with `stage`.
 * - `status` without `stage`: rename the column. Type, default, nullability and values stay; the old index
 *   follows the column and the sync swaps it for `quote_requests_stage_created_idx`.
 * - Both columns (`stage` added by hand or by a sync that did not drop `status`): this migration has not
 *   run yet, so no code has written `stage`; `status` holds the truth and is copied over. The sync then
 *   drops `status`.
 * - `stage` only: already migrated, nothing to do. Every branch is safe to run again.
 */

const TABLE = 'quote_requests';
const FROM = 'status';
const TO = 'stage';

/**
 * @param {import('knex').Knex} knex the migration's transaction
 * @param {{ getSchemaName?: () => string | undefined, logger?: { info(message: string): void } }} [db]
 *   Strapi's Database; its schema name is the PostgreSQL `DATABASE_SCHEMA`, undefined on SQLite and MySQL.
 */
async function up(knex, db) {
  const schemaName = db && typeof db.getSchemaName === 'function' ? db.getSchemaName() : undefined;
  const schema = () => (schemaName ? knex.schema.withSchema(schemaName) : knex.schema);
  const log = (message) => db && db.logger && db.logger.info(`[migration] ${message}`);

  if (!(await schema().hasTable(TABLE))) return;
  if (!(await schema().hasColumn(TABLE, FROM))) return;

  if (!(await schema().hasColumn(TABLE, TO))) {
    await schema().alterTable(TABLE, (table) => {
      table.renameColumn(FROM, TO);
    });
    log(`${TABLE}.${FROM} renamed to ${TO}`);
    return;
  }

  const rows = await (schemaName ? knex(TABLE).withSchema(schemaName) : knex(TABLE))
    .whereNotNull(FROM)
    .update({ [TO]: knex.ref(FROM) });
  log(`${TABLE}.${FROM} copied to the existing ${TO} column (${rows} rows)`);
}

module.exports = { up };
