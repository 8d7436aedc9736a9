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

const { renameColumn } = require('../lib/rename-column');

/**
 * @param {import('knex').Knex} knex the migration's transaction
 * @param {Parameters<typeof renameColumn>[1]} db Strapi's Database
 */
async function up(knex, db) {
  await renameColumn(knex, db, { table: 'quote_requests', from: 'status', to: 'stage' });
}

module.exports = { up };
