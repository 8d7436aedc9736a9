'use strict';

/**
 * The notification's delivery state `status` became `deliveryStatus` (column `delivery_status`, same
 * values: pending, sending, sent, partial, failed). `status` is reserved by Strapi's draft & publish: the
 * Content Manager drops it from every document it shows, so Sales saw no delivery state, in the list or
 * in the edit view. See database/lib/rename-column.js for the cases handled.
 */
const { renameColumn } = require('../lib/rename-column');

/**
 * @param {import('knex').Knex} knex
 * @param {Parameters<typeof renameColumn>[1]} db
 */
async function up(knex, db) {
  await renameColumn(knex, db, { table: 'quote_notifications', from: 'status', to: 'delivery_status' });
}

module.exports = { up };
