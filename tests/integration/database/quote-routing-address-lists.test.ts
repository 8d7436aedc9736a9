/**
 * The quote routing's per-address component rows become one address list per model: the migration run
 * by Strapi's own migration runner (the one `strapi start` uses, before the schema sync) on a throwaway
 * database, SQLite always, PostgreSQL too when `npm run test:postgres` sets DATABASE_CLIENT=postgres.
 */
import type { Database } from '@strapi/database';
import { dialects, executedMigrations, throwawayPerTest } from '../../helpers/migration-db';

const ROUTING_MIGRATION = '2026.11.30T00.00.00.quote-routing-address-lists.js';

/** The routing as Strapi stored it with repeatable `routing.recipient` components. */
const createPreviousRouting = async (db: Database): Promise<void> => {
  await db.connection.schema.createTable('quote_routing', (table) => {
    table.increments('id');
    table.string('document_id');
  });
  await db.connection.schema.createTable('components_routing_recipients', (table) => {
    table.increments('id');
    table.string('email');
  });
  await db.connection.schema.createTable('quote_routing_cmps', (table) => {
    table.increments('id');
    table.integer('entity_id');
    table.integer('cmp_id');
    table.string('component_type');
    table.string('field');
    table.float('order');
  });
  await db.connection('quote_routing').insert({ id: 1, document_id: 'routing' });
  const recipients: [string, string, number][] = [
    ['ito', 'ito-lead@rouge-hexagone.test', 2],
    ['bpo', 'BPO@Rouge-Hexagone.test', 1],
    ['ito', 'ito@rouge-hexagone.test', 1],
    ['cc', 'direction@rouge-hexagone.test', 1],
    ['ito', 'ito@rouge-hexagone.test', 3],
    ['fallback', '', 1],
  ];
  for (const [index, [field, email, order]] of recipients.entries()) {
    await db.connection('components_routing_recipients').insert({ id: index + 1, email });
    await db.connection('quote_routing_cmps').insert({
      entity_id: 1,
      cmp_id: index + 1,
      component_type: 'routing.recipient',
      field,
      order,
    });
  }
};

const routingLists = async (db: Database): Promise<unknown> =>
  db
    .connection('quote_routing')
    .first(
      'bpo_addresses',
      'ito_addresses',
      'kpo_addresses',
      'undecided_addresses',
      'fallback_addresses',
      'cc_addresses'
    );

describe.each(dialects)('migration %s: quote routing as address lists', (_dialect, open) => {
  const start = throwawayPerTest(open);

  it('does nothing on a fresh database: the schema sync creates the tables later', async () => {
    const db = await start();
    await db.migrations.up();
    expect(await db.connection.schema.hasTable('quote_routing')).toBe(false);
    expect(await executedMigrations(db)).toContain(ROUTING_MIGRATION);
  });

  it('moves each model’s recipient rows into one list, one address per line, in their admin order', async () => {
    const db = await start();
    await createPreviousRouting(db);
    await db.migrations.up();
    expect(await routingLists(db)).toEqual({
      bpo_addresses: 'bpo@rouge-hexagone.test',
      ito_addresses: 'ito@rouge-hexagone.test\nito-lead@rouge-hexagone.test',
      kpo_addresses: null,
      undecided_addresses: null,
      fallback_addresses: null,
      cc_addresses: 'direction@rouge-hexagone.test',
    });
  });

  it('leaves a list an admin already filled alone when it runs again', async () => {
    const db = await start();
    await createPreviousRouting(db);
    await db.migrations.up();
    await db.connection('quote_routing').update({ bpo_addresses: 'bpo-new@rouge-hexagone.test' });
    await db.connection('strapi_migrations').where({ name: ROUTING_MIGRATION }).delete();
    await db.migrations.up();
    expect(await routingLists(db)).toEqual(expect.objectContaining({ bpo_addresses: 'bpo-new@rouge-hexagone.test' }));
  });
});
