import type { Core } from '@strapi/strapi';
import { QUOTE_REQUEST_UID } from '../../api/quote-request/constants';
import { mailboxKeyOf } from '../../api/quote-request/domain/mailbox-key';
import { projectStore } from '../../bootstrap/project-store';

/**
 * The confirmation cap counts a request's `mailboxKey` (sub-addresses and Gmail's dots folded). The
 * lifecycles set it on every request stored since it exists; this gives it, once, to the requests stored
 * before, so that the cap counts them too during the 24 hours after the upgrade. Runs after the schema
 * sync (the column exists), in bounded batches, skips anonymised requests (they have no address left),
 * and only writes a key that is still empty. The key is computed here: Unicode normalisation and
 * internationalised domains have no portable SQL form.
 */
export const MAILBOX_KEYS_VERSION = 1;

const BATCH = 500;

const columnOf = (strapi: Core.Strapi, attribute: string): string => {
  const column = strapi.db.metadata.get(QUOTE_REQUEST_UID).attributes[attribute] as { columnName?: string } | undefined;
  if (!column?.columnName) throw new Error(`${QUOTE_REQUEST_UID} has no column for ${attribute}`);
  return column.columnName;
};

export const backfillMailboxKeys = async (strapi: Core.Strapi, { force = false } = {}): Promise<number | false> => {
  const store = projectStore(strapi);
  if (!force && (await store.get('mailboxKeysVersion')) === MAILBOX_KEYS_VERSION) return false;

  const { tableName } = strapi.db.metadata.get(QUOTE_REQUEST_UID);
  const mailboxKey = columnOf(strapi, 'mailboxKey');
  const anonymizedAt = columnOf(strapi, 'anonymizedAt');
  const email = columnOf(strapi, 'email');
  let filled = 0;
  let lastId = 0;
  for (;;) {
    const rows = await strapi.db
      .getConnection(tableName)
      .where('id', '>', lastId)
      .whereNull(mailboxKey)
      .whereNull(anonymizedAt)
      .orderBy('id')
      .limit(BATCH)
      .select<{ id: number; [column: string]: unknown }[]>('id', email);
    if (rows.length === 0) break;
    for (const row of rows) {
      const address = row[email];
      // An empty key marks a row without address as done; it never equals a real address's key.
      filled += await strapi.db
        .getConnection(tableName)
        .where({ id: row.id })
        .whereNull(mailboxKey)
        .update({ [mailboxKey]: typeof address === 'string' ? mailboxKeyOf(address) : '' });
    }
    lastId = rows[rows.length - 1].id;
  }

  await store.set('mailboxKeysVersion', MAILBOX_KEYS_VERSION);
  if (filled > 0) strapi.log.info(`[quote] mailbox keys filled on ${filled} request(s) stored before they existed`);
  return filled;
};
