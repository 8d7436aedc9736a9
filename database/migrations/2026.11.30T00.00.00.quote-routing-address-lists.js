'use strict';

/**
 * Quote routing kept each sales address as a repeatable `routing.recipient` component (one `email` per
 * row, in `components_routing_recipients`, linked through `quote_routing_cmps`); the admin showed every
 * address as a blank collapsed row. Each list is now a text attribute holding one address per line
 * (`bpo_addresses`, `ito_addresses`, … `cc_addresses`). Strapi runs this file once, before its schema sync;
 * without it the sync would add empty lists and drop the component tables, and every quote's sales mail
 * would lose its recipients.
 *
 * - No `quote_routing` table, or no `quote_routing_cmps` (fresh database, or already migrated and synced):
 *   nothing to do.
 * - Otherwise: the text columns are added when missing (the sync then keeps them), and each list that is
 *   still empty receives the component addresses of its field, in their admin order, one per line,
 *   lower-cased, each once. A list that already holds text is left alone, so a second run changes nothing.
 *   The sync then drops the component tables, which nothing reads any more.
 */

const TABLE = 'quote_routing';
const JOIN_TABLE = 'quote_routing_cmps';
const RECIPIENTS = 'components_routing_recipients';
const COMPONENT = 'routing.recipient';
const FIELDS = ['bpo', 'ito', 'kpo', 'undecided', 'fallback', 'cc'];
/** @param {string} field */
const columnOf = (field) => `${field}_addresses`;

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

  if (!(await schema().hasTable(TABLE))) return;
  if (!(await schema().hasTable(JOIN_TABLE)) || !(await schema().hasTable(RECIPIENTS))) return;

  for (const field of FIELDS) {
    if (!(await schema().hasColumn(TABLE, columnOf(field)))) {
      await schema().alterTable(TABLE, (t) => {
        t.text(columnOf(field));
      });
    }
  }

  /** @type {{ entity_id: number, field: string, email: string | null }[]} */
  const links = await table(JOIN_TABLE)
    .join(RECIPIENTS, `${JOIN_TABLE}.cmp_id`, `${RECIPIENTS}.id`)
    .where(`${JOIN_TABLE}.component_type`, COMPONENT)
    .whereIn(`${JOIN_TABLE}.field`, FIELDS)
    .orderBy([
      { column: `${JOIN_TABLE}.entity_id` },
      { column: `${JOIN_TABLE}.field` },
      { column: `${JOIN_TABLE}.order` },
      { column: `${JOIN_TABLE}.id` },
    ])
    .select(`${JOIN_TABLE}.entity_id`, `${JOIN_TABLE}.field`, `${RECIPIENTS}.email`);

  /** @type {Map<number, Map<string, string[]>>} */
  const byEntity = new Map();
  for (const { entity_id: entityId, field, email } of links) {
    const address = (email || '').trim().toLowerCase();
    if (address === '') continue;
    const lists = byEntity.get(entityId) || new Map();
    const list = lists.get(field) || [];
    if (!list.includes(address)) list.push(address);
    lists.set(field, list);
    byEntity.set(entityId, lists);
  }

  let moved = 0;
  for (const [entityId, lists] of byEntity) {
    for (const [field, addresses] of lists) {
      const column = columnOf(field);
      moved += await table(TABLE)
        .where({ id: entityId })
        .where((q) => q.whereNull(column).orWhere(column, ''))
        .update({ [column]: addresses.join('\n') });
    }
  }
  log(`${TABLE}: per-address rows moved into one address list per model (${moved} lists filled)`);
}

module.exports = { up };
