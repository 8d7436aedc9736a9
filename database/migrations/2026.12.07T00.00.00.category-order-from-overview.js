'use strict';

/**
 * The order of the category cards had two sources: the overview's `categories` list (the position of each
 * link in `outsourcing_overview_categories_lnk`) and each category's `displayOrder`, whose help said it
 * decided the card's place. The overview's list is now the only one; `displayOrder` is gone from the
 * schema. So that an install shows its cards in the same order afterwards, this migration, once per
 * database and before Strapi's schema sync:
 *
 * - renumbers the links of every overview row (each locale, draft and published) 1..n by the linked
 *   category row's `display_order`, equal values keeping their current relative order; links held while
 *   a category is unpublished (`held_relations`, written back later at their position) are numbered with
 *   the published overview row's other links, by the order of the category's draft;
 * - then drops `outsourcing_categories.display_order`. On SQLite the column is dropped with SQLite's own
 *   `ALTER TABLE … DROP COLUMN`: knex would copy and drop the whole table, and dropping a table deletes,
 *   through the join tables' ON DELETE CASCADE, every link to a category (foreign keys cannot be switched
 *   off inside the migration's transaction).
 *
 * No `outsourcing_categories` table or no `display_order` column (fresh database, or already migrated):
 * nothing to do.
 */

const CATEGORIES = 'outsourcing_categories';
const COLUMN = 'display_order';
const JOIN_TABLE = 'outsourcing_overview_categories_lnk';
const SOURCE = 'outsourcing_overview_id';
const TARGET = 'outsourcing_category_id';
const ORDER = 'outsourcing_category_ord';
const HELD = 'held_relations';

/**
 * @param {unknown} value
 * @param {number} fallback
 */
const numberOr = (value, fallback) => (value === null || value === undefined ? fallback : Number(value));

/**
 * @typedef {{ kind: 'link' | 'held', id: number, displayOrder: number, position: number }} Item
 * @param {Item} a
 * @param {Item} b
 */
const byDisplayOrderThenPosition = (a, b) =>
  a.displayOrder - b.displayOrder ||
  a.position - b.position ||
  (a.kind === b.kind ? 0 : a.kind === 'link' ? -1 : 1) ||
  a.id - b.id;

/**
 * @param {import('knex').Knex} knex the migration's transaction
 * @param {{ getSchemaName?: () => string | undefined, logger?: { info(message: string): void } }} [db]
 *   Strapi's Database; its schema name is the PostgreSQL `DATABASE_SCHEMA`, undefined on SQLite and MySQL.
 */
async function up(knex, db) {
  const schemaName = db && typeof db.getSchemaName === 'function' ? db.getSchemaName() : undefined;
  const schema = () => (schemaName ? knex.schema.withSchema(schemaName) : knex.schema);
  /** @param {string} name */
  const table = (name) => (schemaName ? knex(name).withSchema(schemaName) : knex(name));
  /** @param {string} message */
  const log = (message) => db && db.logger && db.logger.info(`[migration] ${message}`);

  if (!(await schema().hasTable(CATEGORIES)) || !(await schema().hasColumn(CATEGORIES, COLUMN))) return;

  /** @type {Map<number, Item[]>} the links of each overview row */
  const bySource = new Map();
  /**
   * @param {number} sourceId
   * @param {Item} item
   */
  const add = (sourceId, item) => bySource.set(sourceId, [...(bySource.get(sourceId) || []), item]);

  const hasLinks = (await schema().hasTable(JOIN_TABLE)) && (await schema().hasColumn(JOIN_TABLE, ORDER));
  if (hasLinks) {
    /** @type {{ id: number, source: number, ord: number | null, display_order: number | null }[]} */
    const links = await table(JOIN_TABLE)
      .leftJoin(CATEGORIES, `${JOIN_TABLE}.${TARGET}`, `${CATEGORIES}.id`)
      .select(
        `${JOIN_TABLE}.id as id`,
        `${JOIN_TABLE}.${SOURCE} as source`,
        `${JOIN_TABLE}.${ORDER} as ord`,
        `${CATEGORIES}.${COLUMN} as display_order`
      );
    for (const link of links) {
      add(Number(link.source), {
        kind: 'link',
        id: Number(link.id),
        // A category without a value came last in `sort=displayOrder:asc` on PostgreSQL and MySQL.
        displayOrder: numberOr(link.display_order, Number.MAX_SAFE_INTEGER),
        position: numberOr(link.ord, Number.MAX_SAFE_INTEGER),
      });
    }

    if (await schema().hasTable(HELD)) {
      /** @type {{ id: number, source_id: number, order_value: number | null, target_document_id: string, target_locale: string | null }[]} */
      const held = await table(HELD)
        .where({ join_table: JOIN_TABLE })
        .select('id', 'source_id', 'order_value', 'target_document_id', 'target_locale');
      /** @type {{ document_id: string, locale: string | null, published_at: unknown, display_order: number | null }[]} */
      const versions =
        held.length === 0
          ? []
          : await table(CATEGORIES)
              .whereIn('document_id', [...new Set(held.map((link) => link.target_document_id))])
              .select('document_id', 'locale', 'published_at', COLUMN);
      for (const link of held) {
        const targetVersions = versions.filter(
          (row) => row.document_id === link.target_document_id && (row.locale || null) === (link.target_locale || null)
        );
        // The category is unpublished while its link is held: its draft says where it goes.
        const version = targetVersions.find((row) => row.published_at === null) || targetVersions[0];
        add(Number(link.source_id), {
          kind: 'held',
          id: Number(link.id),
          displayOrder: numberOr(version && version[COLUMN], Number.MAX_SAFE_INTEGER),
          position: numberOr(link.order_value, Number.MAX_SAFE_INTEGER),
        });
      }
    }
  }

  let renumbered = 0;
  for (const items of bySource.values()) {
    const ordered = [...items].sort(byDisplayOrderThenPosition);
    for (const [index, item] of ordered.entries()) {
      const position = index + 1;
      if (item.position === position) continue;
      if (item.kind === 'link')
        await table(JOIN_TABLE)
          .where({ id: item.id })
          .update({ [ORDER]: position });
      else await table(HELD).where({ id: item.id }).update({ order_value: position });
      renumbered += 1;
    }
  }

  if (knex.client.dialect === 'sqlite3') {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [CATEGORIES, COLUMN]);
  } else {
    await schema().alterTable(CATEGORIES, (t) => {
      t.dropColumn(COLUMN);
    });
  }
  log(`${CATEGORIES}: the overview's category links put in display order (${renumbered} moved), ${COLUMN} dropped`);
}

module.exports = { up };
