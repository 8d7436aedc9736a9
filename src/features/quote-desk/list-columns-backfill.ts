import type { Core } from '@strapi/strapi';
import { QUOTE_NOTIFICATION_UID, QUOTE_REQUEST_UID } from '../../api/quote-request/constants';
import { ATTENTION_OFFSET, NEEDS_ATTENTION, recipientListOf } from '../../api/quote-notification/domain/list-order';
import { projectStore } from '../../bootstrap/project-store';

/**
 * Columns kept alongside others for the admin's lists (JSON cannot be a list column, and the list sorts
 * by one column): a notification's `listOrder` and `recipientList`, a request's `routedToList`. The
 * lifecycles keep them in step from their first release; this fills them, once, on the rows stored
 * before. Runs after the schema sync (the columns exist), in bounded batches, and only writes a value
 * that is still empty, so an instance sending mail meanwhile is never overwritten.
 */
export const LIST_COLUMNS_VERSION = 1;

const BATCH = 500;

const columnOf = (strapi: Core.Strapi, uid: string, attribute: string): string => {
  const column = strapi.db.metadata.get(uid).attributes[attribute] as { columnName?: string } | undefined;
  if (!column?.columnName) throw new Error(`${uid} has no column for ${attribute}`);
  return column.columnName;
};

/** Walks the rows whose `target` column is still null, by id, and writes what `valueOf` makes of `source`. */
const fillTextColumn = async (
  strapi: Core.Strapi,
  uid: string,
  target: string,
  sources: string[],
  valueOf: (row: Record<string, unknown>) => string
): Promise<number> => {
  const { tableName } = strapi.db.metadata.get(uid);
  const targetColumn = columnOf(strapi, uid, target);
  const sourceColumns = sources.map((source) => columnOf(strapi, uid, source));
  let filled = 0;
  let lastId = 0;
  for (;;) {
    const rows = await strapi.db
      .getConnection(tableName)
      .where('id', '>', lastId)
      .whereNull(targetColumn)
      .orderBy('id')
      .limit(BATCH)
      .select<({ id: number } & Record<string, unknown>)[]>('id', ...sourceColumns);
    if (rows.length === 0) return filled;
    for (const row of rows) {
      const values = Object.fromEntries(sources.map((source, i) => [source, row[sourceColumns[i]]]));
      filled += await strapi.db
        .getConnection(tableName)
        .where({ id: row.id })
        .whereNull(targetColumn)
        .update({ [targetColumn]: valueOf(values) });
    }
    lastId = rows[rows.length - 1].id;
  }
};

/** A JSON column as each driver returns it: parsed (PostgreSQL, MySQL) or as text (SQLite). */
const parsed = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
};

const addressList = (value: unknown): string => {
  const addresses = parsed(value);
  return Array.isArray(addresses) ? addresses.filter((a) => typeof a === 'string').join(', ') : '';
};

export const backfillListColumns = async (strapi: Core.Strapi, { force = false } = {}): Promise<boolean> => {
  const store = projectStore(strapi);
  if (!force && (await store.get('listColumnsVersion')) === LIST_COLUMNS_VERSION) return false;

  const notifications = strapi.db.metadata.get(QUOTE_NOTIFICATION_UID).tableName;
  const listOrder = columnOf(strapi, QUOTE_NOTIFICATION_UID, 'listOrder');
  const status = columnOf(strapi, QUOTE_NOTIFICATION_UID, 'deliveryStatus');
  const ordered = await strapi.db
    .getConnection(notifications)
    .whereNull(listOrder)
    .update({
      // The offset is written as a literal: a bound parameter takes the id's type on PostgreSQL (integer),
      // which cannot hold it, and MySQL has no CAST to BIGINT. It is a constant of this module, not input.
      [listOrder]: strapi.db.connection.raw(
        `CASE WHEN ?? IN (${NEEDS_ATTENTION.map(() => '?').join(', ')}) THEN ?? + ${Number(ATTENTION_OFFSET)} ELSE ?? END`,
        [status, ...NEEDS_ATTENTION, 'id', 'id']
      ),
    });
  const recipients = await fillTextColumn(
    strapi,
    QUOTE_NOTIFICATION_UID,
    'recipientList',
    ['recipients', 'cc'],
    (row) => recipientListOf(parsed(row.recipients), parsed(row.cc))
  );
  const routed = await fillTextColumn(strapi, QUOTE_REQUEST_UID, 'routedToList', ['routedTo'], (row) =>
    addressList(row.routedTo)
  );

  await store.set('listColumnsVersion', LIST_COLUMNS_VERSION);
  if (ordered + recipients + routed > 0) {
    strapi.log.info(
      `[admin] list columns filled: ${ordered} notification order(s), ${recipients} recipient list(s), ${routed} routed-to list(s)`
    );
  }
  return true;
};
