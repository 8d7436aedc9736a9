'use strict';

/**
 * The links a published document holds to another one that is not published right now
 * (src/features/site-content/published-relations.ts): table `held_relations`. Strapi deletes a published
 * row's join rows when it is unpublished, and links a published document only to targets published at
 * that moment; a row here is such a link, kept until its target is published again, then written back
 * into the join table with its position. Not a content type (nobody edits it), so this migration creates
 * it; Strapi's schema sync leaves tables it never created alone. Runs once per database, before the
 * schema sync; a database that already has the table is left as it is.
 */

const TABLE = 'held_relations';

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
    // The join table and its columns (Strapi's metadata names them; kept so a row is self-describing).
    t.string('join_table', 128).notNullable();
    t.string('source_column', 128).notNullable();
    t.string('target_column', 128).notNullable();
    t.string('order_column', 128).nullable();
    // The published source row (the overview's) and the link's position in its list.
    t.integer('source_id').notNullable();
    t.double('order_value').nullable();
    // The target document and locale, published again later under a new row id.
    t.string('target_uid', 255).notNullable();
    t.string('target_document_id', 255).notNullable();
    t.string('target_locale', 16).nullable();
    t.bigInteger('created_at').notNullable();
    t.index(['target_uid', 'target_document_id'], 'held_relations_target_idx');
  });
  if (db && db.logger) db.logger.info(`[migration] created table ${TABLE}`);
}

module.exports = { up };
