'use strict';

/**
 * Renames a column of a table created by Strapi's schema sync, for a migration in database/migrations
 * (Strapi runs those once, before its schema sync; without one, the sync would drop the old attribute's
 * column and add an empty new one, losing the data). Every case is safe to run again:
 *
 * - No table (fresh database): nothing to do, the sync creates it with the new column.
 * - `from` without `to`: the column is renamed. Type, default, nullability and values stay; an index on it
 *   follows the column, and the sync swaps it for the one the schema now declares.
 * - Both columns (`to` added by a sync run without the migration, or by hand): the migration has not run
 *   yet, so no code has written `to`; `from` holds the truth and is copied over (and emptied with
 *   `clearSource`, for a column the sync would otherwise keep). The sync then drops `from`.
 * - `to` only: already migrated, nothing to do.
 *
 * @param {import('knex').Knex} knex the migration's transaction
 * @param {{ getSchemaName?: () => string | undefined, logger?: { info(message: string): void } } | undefined} db
 *   Strapi's Database; its schema name is the PostgreSQL `DATABASE_SCHEMA`, undefined on SQLite and MySQL.
 * @param {{ table: string, from: string, to: string, clearSource?: boolean }} rename
 */
async function renameColumn(knex, db, { table, from, to, clearSource = false }) {
  const schemaName = db && typeof db.getSchemaName === 'function' ? db.getSchemaName() : undefined;
  const schema = () => (schemaName ? knex.schema.withSchema(schemaName) : knex.schema);
  /** @param {string} message */
  const log = (message) => db && db.logger && db.logger.info(`[migration] ${message}`);

  if (!(await schema().hasTable(table))) return;
  if (!(await schema().hasColumn(table, from))) return;

  if (!(await schema().hasColumn(table, to))) {
    await schema().alterTable(table, (builder) => {
      builder.renameColumn(from, to);
    });
    log(`${table}.${from} renamed to ${to}`);
    return;
  }

  // `to` is assigned first: MySQL evaluates SET left to right with the values already assigned.
  const rows = await (schemaName ? knex(table).withSchema(schemaName) : knex(table))
    .whereNotNull(from)
    .update(clearSource ? { [to]: knex.ref(from), [from]: null } : { [to]: knex.ref(from) });
  if (rows > 0) log(`${table}.${from} ${clearSource ? 'moved' : 'copied'} to the existing ${to} column (${rows} rows)`);
}

module.exports = { renameColumn };
