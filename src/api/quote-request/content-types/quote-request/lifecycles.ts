import crypto from 'crypto';
import { QUOTE_REQUEST_UID } from '../../constants';
import { firstResponseTime, type StageSnapshot } from '../../domain/first-response';
import { mailboxKeyOf } from '../../domain/mailbox-key';
import { formatReference } from '../../domain/schedule';
import { tagByRequestedModel, type TaggableRequest } from '../../domain/tagging';
import { emailKeyOf } from '../../../privacy-log/domain/email-key';
import { getService } from '../../../../utils/get-service';
import { leadEvents } from '../../../../lead-events';
import type { AdminActor } from '../../../../lead-events/event-payload';

const PROVISIONAL_PREFIX = 'TMP-';

/** A stage change seen before the update, announced to the CRM after it (same transaction). */
interface StageChangeState {
  stageChange?: { reference: string; from: string | null; to: string; by: AdminActor | undefined };
}

interface LifecycleEvent {
  params: { data?: Record<string, unknown> & TaggableRequest; where?: Record<string, unknown> };
  result?: { id: number; reference?: string; createdAt?: string | Date };
  state?: StageChangeState;
}

/** The admin user of the request being served (the Content Manager's edit), if any. */
const currentAdmin = (): AdminActor | undefined => {
  const state: unknown = strapi.requestContext.get()?.state;
  if (!state || typeof state !== 'object' || !('user' in state)) return undefined;
  const user = state.user;
  return user && typeof user === 'object' ? user : undefined;
};

interface ManyLifecycleEvent {
  params: { data?: (Record<string, unknown> & TaggableRequest)[] };
  result?: { count: number; ids?: unknown[] };
}

const TAGGED_FIELDS = ['requestedModel', 'scope', 'approach', 'tags'] as const;

/** An empty note and no note are the same: the admin sends one or the other for an untouched field. */
const sameText = (a: unknown, b: unknown): boolean => (a ?? '') === (b ?? '');

/** JSON shows in the admin as an editor: the routed addresses are also kept as read-only text. */
const showRoutedTo = (data: Record<string, unknown>): void => {
  if (!('routedTo' in data)) return;
  const addresses = Array.isArray(data.routedTo) ? data.routedTo.filter((a) => typeof a === 'string') : [];
  data.routedToList = addresses.join(', ');
};

/** The keys derived from the address: kept in step with it on every write that sets it. */
const setAddressKeys = (data: Record<string, unknown>): void => {
  if (typeof data.email !== 'string') return;
  data.emailKey = emailKeyOf(data.email);
  data.mailboxKey = mailboxKeyOf(data.email);
};

/** Tags a request about to be stored and gives it what is derived from its fields (see `beforeCreate`). */
const prepareNew = (data: (Record<string, unknown> & TaggableRequest) | undefined): void => {
  if (!data) return;
  const tags = tagByRequestedModel(data);
  data.tags = tags;
  // JSON cannot be shown in the admin list view: a text copy of the tags can (and is searchable).
  data.tagList = tags.join(', ');
  // The human reference needs the row id; a unique placeholder satisfies the constraint until it is known.
  if (!data.reference) data.reference = `${PROVISIONAL_PREFIX}${crypto.randomUUID()}`;
  // Retention counts from the last activity; erasure and access find a person by the normalised address,
  // the confirmation cap counts by mailbox (sub-addresses included).
  data.lastActivityAt ??= new Date();
  setAddressKeys(data);
  showRoutedTo(data);
};

const isProvisional = (reference: unknown): reference is string =>
  typeof reference === 'string' && reference.startsWith(PROVISIONAL_PREFIX);

/** DEV-YYYY-NNNNNN in place of the placeholder: one UPDATE by id, in the insert's transaction. */
const finalReference = async (id: number, createdAt: unknown): Promise<string> => {
  const received = createdAt instanceof Date || typeof createdAt === 'string' ? new Date(createdAt) : new Date();
  const reference = formatReference(received, id);
  // updateMany: one statement, where `update` would read the row before and after it.
  await strapi.db.query(QUOTE_REQUEST_UID).updateMany({ where: { id }, data: { reference } });
  return reference;
};

export default {
  /**
   * Tags the request by requested model (model:*, scope:*, approach:*). quote-request has no draft &
   * publish and no i18n, so this fires once per created request (tests count it). The submission stores
   * its request with `createMany` (no read-back of the new row): `beforeCreateMany` does the same.
   */
  beforeCreate(event: LifecycleEvent) {
    prepareNew(event.params.data);
  },

  beforeCreateMany(event: ManyLifecycleEvent) {
    const rows = event.params.data;
    if (Array.isArray(rows)) rows.forEach(prepareNew);
  },

  /** Same transaction as the insert: the reference is final before anyone can read the row. */
  async afterCreate(event: LifecycleEvent) {
    const result = event.result;
    if (!result || !isProvisional(result.reference)) return;
    result.reference = await finalReference(result.id, result.createdAt);
  },

  /**
   * The batch's ids come back on SQLite and PostgreSQL (MySQL reports the first id of a batch only:
   * there a batch of several rows finds its ids by their placeholders). The final reference is written
   * back into each row's `data`, where the caller reads it.
   */
  async afterCreateMany(event: ManyLifecycleEvent) {
    const rows = event.params.data;
    if (!Array.isArray(rows)) return;
    const ids = event.result?.ids ?? [];
    const idByPlaceholder = new Map<string, number>();
    if (ids.length !== rows.length || (rows.length > 1 && strapi.db.dialect.client === 'mysql')) {
      const placeholders = rows.map((row) => row.reference).filter(isProvisional);
      const found = (await strapi.db.query(QUOTE_REQUEST_UID).findMany({
        where: { reference: { $in: placeholders } },
        select: ['id', 'reference'],
      })) as { id: number; reference: string }[];
      for (const row of found) idByPlaceholder.set(row.reference, row.id);
    } else {
      rows.forEach((row, i) => {
        if (isProvisional(row.reference) && typeof ids[i] === 'number') idByPlaceholder.set(row.reference, ids[i]);
      });
    }
    for (const row of rows) {
      const id = isProvisional(row.reference) ? idByPlaceholder.get(row.reference) : undefined;
      if (id !== undefined) row.reference = await finalReference(id, row.createdAt);
    }
  },

  /**
   * Admin edits: keeps tags in step with the requested model, scope and approach, records the
   * first-response time (and its business minutes) when sales first move the stage away from `new`, counts a stage change or a
   * new note as activity (the retention period starts again), and keeps the normalised address in step.
   */
  /** The CRM hears of a stage change once it is written, in the update's transaction. */
  async afterUpdate(event: LifecycleEvent) {
    const change = event.state?.stageChange;
    if (change) await leadEvents(strapi).stageChanged(change);
  },

  async beforeUpdate(event: LifecycleEvent) {
    const data = event.params.data;
    if (data) setAddressKeys(data);
    if (data) showRoutedTo(data);
    const tagsChange = data && TAGGED_FIELDS.some((field) => field in data);
    const stageChange = data && 'stage' in data;
    const notesChange = data && 'internalNotes' in data;
    if (!data || !event.params.where || (!tagsChange && !stageChange && !notesChange)) return;

    const previous = (await strapi.db.query(QUOTE_REQUEST_UID).findOne({
      where: event.params.where,
      select: [
        'stage',
        'firstResponseAt',
        'requestedModel',
        'scope',
        'approach',
        'tags',
        'internalNotes',
        'createdAt',
        'reference',
      ],
    })) as
      | (StageSnapshot &
          TaggableRequest & { internalNotes?: string | null; createdAt?: string | Date | null; reference?: string })
      | null;
    if (!previous) return;

    // The Content Manager sends every field on save: only a value that differs is activity.
    const active =
      (stageChange && data.stage !== previous.stage) ||
      (notesChange && !sameText(data.internalNotes, previous.internalNotes));
    if (active) data.lastActivityAt = new Date();

    if (tagsChange) {
      // A partial update (only `scope`, say) keeps the other derived tags and the hand-added ones.
      const tags = tagByRequestedModel({ ...previous, ...data, tags: data.tags ?? previous.tags });
      data.tags = tags;
      data.tagList = tags.join(', ');
    }
    if (stageChange && typeof data.stage === 'string' && data.stage !== previous.stage && previous.reference) {
      // Every path that changes a stage goes through here (the Content Manager, the sales desk, scripts).
      event.state = {
        ...event.state,
        stageChange: {
          reference: previous.reference,
          from: typeof previous.stage === 'string' ? previous.stage : null,
          to: data.stage,
          by: currentAdmin(),
        },
      };
    }
    if (stageChange) {
      const at = firstResponseTime(previous, data.stage, new Date());
      if (at) {
        data.firstResponseAt = at;
        // The response time the desk is judged on: business minutes of its calendar, not wall-clock time.
        if (previous.createdAt) {
          data.firstResponseBusinessMinutes = await getService('sales-desk').businessMinutesBetween(
            new Date(previous.createdAt),
            at
          );
        }
      }
    }
  },
};
