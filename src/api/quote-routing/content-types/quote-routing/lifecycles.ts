import { errors } from '@strapi/utils';
import { getService } from '../../../../utils/get-service';
import {
  invalidAddresses,
  normaliseAddressList,
  ROUTING_KEYS,
  ROUTING_LIST_FIELDS,
  ROUTING_TITLE,
  type RoutingListField,
} from '../../domain/address-lists';

interface LifecycleEvent {
  params: { data?: Partial<Record<RoutingListField | 'title', unknown>> };
}

/**
 * Refuses a list holding anything but email addresses, one error per bad address (the admin shows each
 * under its list, and the message names the address), then stores each list one address per line.
 */
const checkAndNormalise = (event: LifecycleEvent): void => {
  const data = event.params.data;
  if (!data) return;
  const problems = invalidAddresses(data);
  if (problems.length > 0) {
    throw new errors.ValidationError(
      problems.length === 1
        ? problems[0].message
        : `${problems.length} adresses ne sont pas valides : ${problems.map((p) => p.address).join(', ')}`,
      {
        errors: problems.map(({ field, address, message }) => ({
          path: [field],
          message,
          name: 'ValidationError',
          value: address,
        })),
      }
    );
  }
  for (const key of ROUTING_KEYS) {
    const field = ROUTING_LIST_FIELDS[key];
    if (field in data) data[field] = normaliseAddressList(data[field]);
  }
  // The title names the document in lists and on the home page: never left empty.
  if ('title' in data && (typeof data.title !== 'string' || data.title.trim() === '')) data.title = ROUTING_TITLE;
};

const release = async (): Promise<void> => {
  try {
    const released = await getService('quote-notification').releaseWaitingSalesMail();
    if (released > 0) strapi.log.info(`[quote] routing saved: ${released} waiting sales mail(s) sent again now`);
  } catch (error) {
    // The mails stay pending: the outbox's next tick sends them.
    strapi.log.error(`[quote] releasing waiting sales mail after a routing save failed: ${String(error)}`);
  }
};

/**
 * A saved routing may give waiting sales mails their recipients: send them now, not at their next retry.
 * The save runs in a transaction (the Document Service's): the release waits for its commit, so the
 * dispatcher reads the new routing, and its pass does not inherit a transaction that is already over.
 */
const releaseWaitingSalesMail = async (): Promise<void> => {
  if (!strapi.db.inTransaction()) return release();
  await strapi.db.transaction(({ onCommit }: { onCommit: (callback: () => void) => void }) => {
    onCommit(() => void release());
    return Promise.resolve();
  });
};

export default {
  beforeCreate: checkAndNormalise,
  beforeUpdate: checkAndNormalise,
  afterCreate: releaseWaitingSalesMail,
  afterUpdate: releaseWaitingSalesMail,
};
