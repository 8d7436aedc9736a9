/**
 * The migration that renames quote_requests.locale to language, run by Strapi's own migration runner (the
 * one `strapi start` uses, before the schema sync) on a throwaway database: SQLite always, PostgreSQL too
 * when `npm run test:postgres` sets DATABASE_CLIENT=postgres.
 */
import type { Database } from '@strapi/database';
import { dialects, executedMigrations, throwawayPerTest } from '../../helpers/migration-db';

const MIGRATION = '2026.11.28T00.00.00.rename-quote-request-locale-to-language.js';
const TABLE = 'quote_requests';

/**
 * quote_requests as Strapi created it before the rename: `locale` is i18n's plain nullable string (i18n
 * replaced the enumeration), filled by the submission service. `withLanguage` adds the column a schema
 * sync run without this migration would have added (Strapi applies attribute defaults itself, so it is
 * empty).
 */
const createPreviousTable = async (db: Database, { withLanguage = false } = {}): Promise<void> => {
  await db.connection.schema.createTable(TABLE, (table) => {
    table.increments('id');
    table.string('document_id');
    table.string('reference');
    table.string('locale');
    if (withLanguage) table.string('language');
    table.string('stage');
    table.datetime('created_at', { useTz: false, precision: 6 });
  });
  await db.connection(TABLE).insert([
    { reference: 'DEV-2026-000001', locale: 'fr', stage: 'new', created_at: new Date('2026-11-20T10:00:00Z') },
    { reference: 'DEV-2026-000002', locale: 'en', stage: 'won', created_at: new Date('2026-11-21T10:00:00Z') },
    { reference: 'DEV-2026-000003', locale: 'en', stage: 'new', created_at: new Date('2026-11-22T10:00:00Z') },
    { reference: 'DEV-2026-000004', locale: null, stage: 'spam', created_at: new Date('2026-11-23T10:00:00Z') },
  ]);
};

const PREVIOUS_LANGUAGES = [
  ['DEV-2026-000001', 'fr'],
  ['DEV-2026-000002', 'en'],
  ['DEV-2026-000003', 'en'],
  ['DEV-2026-000004', null],
];

const languages = async (db: Database): Promise<(string | null)[][]> =>
  (
    (await db.connection(TABLE).select('reference', 'language').orderBy('reference')) as {
      reference: string;
      language: string | null;
    }[]
  ).map((row) => [row.reference, row.language]);

const columns = async (db: Database): Promise<string[]> => Object.keys(await db.connection(TABLE).columnInfo()).sort();

/** What Strapi's schema sync does next: i18n's `locale` column comes back, empty. */
const syncAddsI18nLocale = async (db: Database): Promise<void> => {
  await db.connection.schema.alterTable(TABLE, (table) => {
    table.string('locale');
  });
};

/** Rows with a value in i18n's `locale` column. */
const filledLocales = async (db: Database): Promise<number> =>
  Number((await db.connection(TABLE).whereNotNull('locale').count<{ n: number | string }[]>({ n: '*' }))[0].n);

describe.each(dialects)('migration %s: quote_requests.locale becomes language', (_dialect, open) => {
  const start = throwawayPerTest(open);

  it('does nothing on a fresh database: the schema sync creates the table later', async () => {
    const db = await start();
    await db.migrations.up();
    expect(await db.connection.schema.hasTable(TABLE)).toBe(false);
    expect(await executedMigrations(db)).toContain(MIGRATION);
  });

  it('moves every request language into the language column, and runs once', async () => {
    const db = await start();
    await createPreviousTable(db);
    expect(await db.migrations.shouldRun()).toBe(true);

    await db.migrations.up();

    expect(await columns(db)).toEqual(['created_at', 'document_id', 'id', 'language', 'reference', 'stage']);
    expect(await languages(db)).toEqual(PREVIOUS_LANGUAGES);
    expect(await executedMigrations(db)).toContain(MIGRATION);
    expect(await db.migrations.shouldRun()).toBe(false);
  });

  it('is idempotent: run again after the sync (its log entry lost), it changes nothing', async () => {
    const db = await start();
    await createPreviousTable(db);
    await db.migrations.up();
    await syncAddsI18nLocale(db);
    await db.connection(TABLE).where({ reference: 'DEV-2026-000001' }).update({ language: 'en' });
    await db.connection(TABLE).insert({ reference: 'DEV-2026-000005', language: 'fr', stage: 'new' });

    await db.connection('strapi_migrations').where({ name: MIGRATION }).delete();
    await db.migrations.up();

    expect(await languages(db)).toEqual([
      ['DEV-2026-000001', 'en'],
      ...PREVIOUS_LANGUAGES.slice(1),
      ['DEV-2026-000005', 'fr'],
    ]);
    expect(await filledLocales(db)).toBe(0);
  });

  it('moves locale into a language column that already exists, and empties locale (kept: it is i18n’s)', async () => {
    const db = await start();
    await createPreviousTable(db, { withLanguage: true });
    expect(new Set((await languages(db)).map(([, language]) => language))).toEqual(new Set([null]));

    await db.migrations.up();

    expect(await languages(db)).toEqual(PREVIOUS_LANGUAGES);
    expect(await columns(db)).toContain('locale');
    expect(await filledLocales(db)).toBe(0);

    await db.connection('strapi_migrations').where({ name: MIGRATION }).delete();
    await db.migrations.up();
    expect(await languages(db)).toEqual(PREVIOUS_LANGUAGES);
  });
});
