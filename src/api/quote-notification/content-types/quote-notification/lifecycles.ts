import { QUOTE_NOTIFICATION_UID } from '../../../quote-request/constants';
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
 * Brings `listOrder` in step with each row's status. Runs through the query engine, in the caller's
 * transaction when there is one (the outbox's final update, the submission), so the order changes with
 * the status or not at all. The update it makes carries no delivery status, so it does not come back here.
 */
const syncListOrder = async (where: Record<string, unknown>): Promise<void> => {
  const rows = (await notifications().findMany({ where, select: ['id', 'deliveryStatus', 'listOrder'] })) as Row[];
  for (const row of rows) {
    const expected = listOrderOf(row.id, row.deliveryStatus);
    if (row.listOrder !== null && row.listOrder !== undefined && Number(row.listOrder) === expected) continue;
    await notifications().update({ where: { id: row.id }, data: { listOrder: expected } });
  }
};

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

const idOf = (result: unknown): number | undefined =>
  result && typeof result === 'object' && 'id' in result && typeof result.id === 'number' ? result.id : undefined;

/**
 * The outbox writes rows through the query engine only (the Document Service refuses them): every
 * create and every status change passes here. Lease renewals and the like leave the order alone.
 */
export default {
  beforeCreate: showRecipientsOf,
  beforeCreateMany: showRecipientsOf,
  beforeUpdate: showRecipientsOf,

  async afterCreate(event: LifecycleEvent) {
    const id = idOf(event.result);
    if (id !== undefined) await syncListOrder({ id });
  },

  /** MySQL reports only the first id of a batch insert: new rows are the ones without an order yet. */
  async afterCreateMany() {
    await syncListOrder({ listOrder: { $null: true } });
  },

  async afterUpdate(event: LifecycleEvent) {
    const id = idOf(event.result);
    if (id !== undefined && changesStatus(event)) await syncListOrder({ id });
  },

  /** The rows an update may change, read before it: its condition may no longer match them after. */
  async beforeUpdateMany(event: LifecycleEvent) {
    showRecipientsOf(event);
    if (!changesStatus(event) || !event.params.where) return;
    const rows = (await notifications().findMany({ where: event.params.where, select: ['id'] })) as Row[];
    event.state.ids = rows.map((row) => row.id);
  },

  async afterUpdateMany(event: LifecycleEvent) {
    const ids = event.state.ids;
    if (ids && ids.length > 0) await syncListOrder({ id: { $in: ids } });
  },
};
