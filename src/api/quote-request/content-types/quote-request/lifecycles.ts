import crypto from 'crypto';
import { QUOTE_REQUEST_UID } from '../../constants';
import { tagByRequestedModel, type TaggableRequest } from '../../domain/tagging';
import { formatReference } from '../../domain/schedule';

const PROVISIONAL_PREFIX = 'TMP-';

interface LifecycleEvent {
  params: { data?: Record<string, unknown> & TaggableRequest };
  result?: { id: number; reference?: string; createdAt?: string | Date };
}

const TAGGED_FIELDS = ['requestedModel', 'scope', 'approach'] as const;

export default {
  /**
   * Tags the request by requested model (model:*, scope:*, approach:*). quote-request has no draft &
   * publish and no i18n, so this fires once per created request (tests count it).
   */
  beforeCreate(event: LifecycleEvent) {
    const data = event.params.data;
    if (!data) return;
    data.tags = tagByRequestedModel(data);
    // The human reference needs the row id; a unique placeholder satisfies the constraint until afterCreate.
    if (!data.reference) data.reference = `${PROVISIONAL_PREFIX}${crypto.randomUUID()}`;
  },

  /** Keeps tags in step when an admin changes the requested model, scope or approach. */
  beforeUpdate(event: LifecycleEvent) {
    const data = event.params.data;
    if (!data || !TAGGED_FIELDS.some((field) => field in data)) return;
    data.tags = tagByRequestedModel(data);
  },

  /** Same transaction as the insert: the reference is final before anyone can read the row. */
  async afterCreate(event: LifecycleEvent) {
    const result = event.result;
    if (!result?.reference?.startsWith(PROVISIONAL_PREFIX)) return;
    const reference = formatReference(result.createdAt ? new Date(result.createdAt) : new Date(), result.id);
    await strapi.db.query(QUOTE_REQUEST_UID).update({ where: { id: result.id }, data: { reference } });
    result.reference = reference;
  },
};
