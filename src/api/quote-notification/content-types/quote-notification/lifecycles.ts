import type { Knex } from 'knex';
import { QUOTE_NOTIFICATION_UID } from '../../../quote-request/constants';
import { priorityOf } from '../../domain/claim-priority';
import { listOrderOf, recipientListOf } from '../../domain/list-order';

interface Row {
  id: number;
  deliveryStatus?: string | null;
  listOrder?: string | number | null;
}

interface LifecycleEvent {
  params: { data?: Record<string, unknown> | Record<string, unknown>[]; where?: Record<string, unknown> };
  result?: unknown;
  state: { ids?: number[] };
}

const notifications = () => strapi.db.query(QUOTE_NOTIFICATION_UID);

/**
 * Writes `listOrder` of rows whose id and status are known, with no read-back: one UPDATE per kind of
 * order (`id`, or `id` lifted above every id while the mail needs attention), `list_order` computed from
 * the row's own id by the database, so a submission's two new rows cost one statement. Runs in the
 * caller's transaction when there is one (the outbox's final update, the submission), so the order changes
 * with the status or not at all; it writes no delivery status, so it does not come back here.
 */
const writeListOrder = async (rows: { id: number; deliveryStatus?: unknown }[]): Promise<void> => {
  if (rows.length === 0) return;
  const { tableName, attributes } = strapi.db.metadata.get(QUOTE_NOTIFICATION_UID);
  const column = (attribute: string): string => {
    const definition = attributes[attribute] as { columnName?: string } | undefined;
    return definition?.columnName ?? attribute;
  };
  const byOffset = new Map<number, number[]>();
  for (const row of rows) {
    const offset = listOrderOf(row.id, row.deliveryStatus) - row.id;
    byOffset.set(offset, [...(byOffset.get(offset) ?? []), row.id]);
  }
  const schema = strapi.db.getSchemaName();
  await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
    for (const [offset, ids] of byOffset) {
      const table = schema ? trx(tableName).withSchema(schema) : trx(tableName);
      // The offset is a constant of this module, an integer: written as a literal (a bound parameter
      // would be typed integer by PostgreSQL, and the lifted order does not fit one).
      await table
        .whereIn(column('id'), ids)
        .update({ [column('listOrder')]: trx.raw(`?? + ${Math.trunc(offset)}`, [column('id')]) });
    }
  });
};

/** Brings `listOrder` in step with the stored status of the rows matching `where` (reads them first). */
const syncListOrder = async (where: Record<string, unknown>): Promise<void> => {
  const rows = (await notifications().findMany({ where, select: ['id', 'deliveryStatus', 'listOrder'] })) as Row[];
  await writeListOrder(
    rows.filter(
      (row) =>
        row.listOrder === null ||
        row.listOrder === undefined ||
        Number(row.listOrder) !== listOrderOf(row.id, row.deliveryStatus)
    )
  );
};

/** The row id an update names directly (`where: { id: 5, … }`), the outbox's usual form. */
const idNamedBy = (where: Record<string, unknown> | undefined): number | undefined =>
  typeof where?.id === 'number' ? where.id : undefined;

const changesStatus = (event: LifecycleEvent): boolean => {
  const data = event.params.data;
  return !!data && !Array.isArray(data) && 'deliveryStatus' in data;
};

/** Recipients are written with their copies (at creation, at sending, when erased): their text follows. */
const showRecipients = (data: Record<string, unknown>): void => {
  if ('recipients' in data) data.recipientList = recipientListOf(data.recipients, data.cc);
};

const showRecipientsOf = (event: LifecycleEvent): void => {
  const data = event.params.data;
  if (Array.isArray(data)) data.forEach(showRecipients);
  else if (data) showRecipients(data);
};

/** The claim order follows the kind, whoever creates the row (submission, alert, reminder). */
const prioritise = (data: Record<string, unknown>): void => {
  data.priority = priorityOf(data.kind);
};

const prioritiseNew = (event: LifecycleEvent): void => {
  showRecipientsOf(event);
  const data = event.params.data;
  if (Array.isArray(data)) data.forEach(prioritise);
  else if (data) prioritise(data);
};

const idOf = (result: unknown): number | undefined =>
  result && typeof result === 'object' && 'id' in result && typeof result.id === 'number' ? result.id : undefined;

/**
 * The outbox writes rows through the query engine only (the Document Service refuses them): every
 * create and every status change passes here. Lease renewals and the like leave the order alone.
 */
export default {
  beforeCreate: prioritiseNew,
  beforeCreateMany: prioritiseNew,

  /** An update of one named row's status carries its new order in the same statement. */
  beforeUpdate(event: LifecycleEvent) {
    showRecipientsOf(event);
    const data = event.params.data;
    const id = idNamedBy(event.params.where);
    if (id !== undefined && data && !Array.isArray(data) && changesStatus(event)) {
      data.listOrder = listOrderOf(id, data.deliveryStatus);
    }
  },

  async afterCreate(event: LifecycleEvent) {
    const id = idOf(event.result);
    const data = event.params.data;
    if (id !== undefined)
      await writeListOrder([{ id, deliveryStatus: data && !Array.isArray(data) ? data.deliveryStatus : undefined }]);
  },

  /**
   * The batch's ids come back on SQLite and PostgreSQL; MySQL reports only the first id of a batch
   * insert, so there the new rows are found as the ones without an order yet.
   */
  async afterCreateMany(event: LifecycleEvent) {
    const ids = (event.result as { ids?: unknown[] } | undefined)?.ids;
    const data = event.params.data;
    if (
      strapi.db.dialect.client !== 'mysql' &&
      Array.isArray(ids) &&
      Array.isArray(data) &&
      ids.length === data.length
    ) {
      await writeListOrder(
        ids.flatMap((id, i) => (typeof id === 'number' ? [{ id, deliveryStatus: data[i].deliveryStatus }] : []))
      );
      return;
    }
    await syncListOrder({ listOrder: { $null: true } });
  },

  async afterUpdate(event: LifecycleEvent) {
    const id = idOf(event.result);
    // Done before the statement when the update named its row; otherwise read the row's status now.
    if (id !== undefined && changesStatus(event) && idNamedBy(event.params.where) === undefined) {
      await syncListOrder({ id });
    }
  },

  /** The rows an update may change, read before it: its condition may no longer match them after. */
  async beforeUpdateMany(event: LifecycleEvent) {
    showRecipientsOf(event);
    // The outbox's outcome of one row carries the row's new order itself: nothing to read or fix after.
    const data = event.params.data;
    const ordered = !!data && !Array.isArray(data) && 'listOrder' in data;
    if (!changesStatus(event) || !event.params.where || ordered) return;
    const rows = (await notifications().findMany({ where: event.params.where, select: ['id'] })) as Row[];
    event.state.ids = rows.map((row) => row.id);
  },

  async afterUpdateMany(event: LifecycleEvent) {
    const ids = event.state.ids;
    if (ids && ids.length > 0) await syncListOrder({ id: { $in: ids } });
  },
};
