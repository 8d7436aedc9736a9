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

/** A saved routing may give waiting sales mails their recipients: send them now, not at their next retry. */
const releaseWaitingSalesMail = async (): Promise<void> => {
  const released = await getService('quote-notification').releaseWaitingSalesMail();
  if (released > 0) strapi.log.info(`[quote] routing saved: ${released} waiting sales mail(s) sent again now`);
};

export default {
  beforeCreate: checkAndNormalise,
  beforeUpdate: checkAndNormalise,
  afterCreate: releaseWaitingSalesMail,
  afterUpdate: releaseWaitingSalesMail,
};
