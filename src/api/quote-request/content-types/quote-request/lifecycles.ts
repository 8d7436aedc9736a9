import crypto from 'crypto';
import { QUOTE_REQUEST_UID } from '../../constants';
import { firstResponseTime, type StageSnapshot } from '../../domain/first-response';
import { formatReference } from '../../domain/schedule';
import { tagByRequestedModel, type TaggableRequest } from '../../domain/tagging';

const PROVISIONAL_PREFIX = 'TMP-';

interface LifecycleEvent {
  params: { data?: Record<string, unknown> & TaggableRequest; where?: Record<string, unknown> };
  result?: { id: number; reference?: string; createdAt?: string | Date };
}

const TAGGED_FIELDS = ['requestedModel', 'scope', 'approach', 'tags'] as const;

export default {
  /**
   * Tags the request by requested model (model:*, scope:*, approach:*). quote-request has no draft &
   * publish and no i18n, so this fires once per created request (tests count it).
   */
  beforeCreate(event: LifecycleEvent) {
    const data = event.params.data;
    if (!data) return;
    const tags = tagByRequestedModel(data);
    data.tags = tags;
    // JSON cannot be shown in the admin list view: a text copy of the tags can (and is searchable).
    data.tagList = tags.join(', ');
    // The human reference needs the row id; a unique placeholder satisfies the constraint until afterCreate.
    if (!data.reference) data.reference = `${PROVISIONAL_PREFIX}${crypto.randomUUID()}`;
  },

  /** Same transaction as the insert: the reference is final before anyone can read the row. */
  async afterCreate(event: LifecycleEvent) {
    const result = event.result;
    if (!result?.reference?.startsWith(PROVISIONAL_PREFIX)) return;
    const reference = formatReference(result.createdAt ? new Date(result.createdAt) : new Date(), result.id);
    await strapi.db.query(QUOTE_REQUEST_UID).update({ where: { id: result.id }, data: { reference } });
    result.reference = reference;
  },

  /**
   * Admin edits: keeps tags in step with the requested model, scope and approach, and records the
   * first-response time when sales first move the stage away from `new`.
   */
  async beforeUpdate(event: LifecycleEvent) {
    const data = event.params.data;
    const tagsChange = data && TAGGED_FIELDS.some((field) => field in data);
    const stageChange = data && 'stage' in data;
    if (!data || !event.params.where || (!tagsChange && !stageChange)) return;

    const previous = (await strapi.db.query(QUOTE_REQUEST_UID).findOne({
      where: event.params.where,
      select: ['stage', 'firstResponseAt', 'requestedModel', 'scope', 'approach', 'tags'],
    })) as (StageSnapshot & TaggableRequest) | null;
    if (!previous) return;

    if (tagsChange) {
      // A partial update (only `scope`, say) keeps the other derived tags and the hand-added ones.
      const tags = tagByRequestedModel({ ...previous, ...data, tags: data.tags ?? previous.tags });
      data.tags = tags;
      data.tagList = tags.join(', ');
    }
    if (stageChange) {
      const at = firstResponseTime(previous, data.stage, new Date());
      if (at) data.firstResponseAt = at;
    }
  },
};
