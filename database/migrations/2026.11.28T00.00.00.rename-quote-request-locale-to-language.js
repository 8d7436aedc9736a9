'use strict';

/**
 * The quote request's attribute `locale` (the requester's language, fr or en) became `language`: `locale`
 * is reserved by i18n, which replaces an attribute of that name on every content type, localized or not,
 * with its own hidden string, so the Content Manager never showed it and its permission checker (hence the
 * CSV export) never let anyone read it. Strapi runs this file once, before its schema sync; without it the
 * sync would add an empty `language` and leave every request's language in i18n's `locale` column, which
 * nothing reads any more.
 *
 * i18n keeps a `locale` column on every table, so unlike `status` → `stage` the sync never drops it: after
 * a rename it adds it back, empty (nothing writes it on a type that is not localized).
 *
 * - No `quote_requests` table (fresh database): nothing to do, the sync creates it with `language`.
 * - `locale` without `language`: rename the column. Values (and nulls) stay; the sync adds i18n's empty
 *   `locale` column back.
 * - Both columns (`language` added by hand or by a sync that ran without this migration): the requests'
 *   languages are still in `locale`, copied over, and `locale` is emptied, as after a rename. Nothing
 *   writes `locale` on this type any more, so a second run finds no value to copy.
 * - `language` only, or `locale` empty: already migrated, nothing to do. Every branch is safe to run again.
 */

const TABLE = 'quote_requests';
const FROM = 'locale';
const TO = 'language';

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

  // `language` is assigned first: MySQL evaluates SET left to right with the values already assigned.
  const rows = await (schemaName ? knex(TABLE).withSchema(schemaName) : knex(TABLE))
    .whereNotNull(FROM)
    .update({ [TO]: knex.ref(FROM), [FROM]: null });
  if (rows > 0) log(`${TABLE}.${FROM} moved to the existing ${TO} column (${rows} rows)`);
}

module.exports = { up };
