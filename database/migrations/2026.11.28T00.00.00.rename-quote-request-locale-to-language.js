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

const { renameColumn } = require('../lib/rename-column');

/**
 * @param {import('knex').Knex} knex the migration's transaction
 * @param {Parameters<typeof renameColumn>[1]} db Strapi's Database
 */
async function up(knex, db) {
  await renameColumn(knex, db, { table: 'quote_requests', from: 'locale', to: 'language', clearSource: true });
}

module.exports = { up };
