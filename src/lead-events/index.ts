import type { Core } from '@strapi/strapi';
import { signedEvents } from '../signed-events';
import type { ReceiverQueueFigures } from '../signed-events/outbox';
import {
  blankLeadEventBody,
  createdEvent,
  erasedEvent,
  stageChangedEvent,
  type AdminActor,
  type LeadAttachment,
  type LeadEvent,
  type StoredSubmission,
} from './event-payload';

/**
 * Lead events for the sales team's CRM: with LEAD_WEBHOOK_URL set, an accepted quote request, a change of
 * its stage and its erasure are each stored as an event in the transaction of that change (a rolled-back
 * submission leaves none) and POSTed, signed, by the application's signed-event outbox (receiver `lead`).
 * Without a URL nothing is stored. Each event's `subject` is the request's reference: an erasure finds the
 * events of that request and blanks what they say of the requester.
 */
export interface LeadEvents {
  configured(): boolean;
  /** A submission stored (not spam, not a replay): call inside its transaction. */
  created(request: StoredSubmission, attachments: Array<{ name: string; size: number; type: string }>): Promise<void>;
  /**
   * A stage written (in its update's transaction). A request the CRM was never told of gets its `created`
   * first, unless it goes to `spam`.
   */
  stageChanged(change: {
    reference: string;
    from: string | null;
    to: string;
    by: AdminActor | undefined;
  }): Promise<void>;
  /** Requests anonymised: one `erased` event each, and their earlier events blanked, in the caller's transaction. */
  erased(references: string[]): Promise<void>;
  figures(): Promise<ReceiverQueueFigures>;
}

const QUOTE_REQUEST_UID = 'api::quote-request.quote-request';
const ATTACHMENT_UID = 'api::quote-request.quote-attachment';

/**
 * A stored request as its `created` event tells it, at `stage`: for a request the CRM was never told of.
 * Undefined for an unknown or anonymised one (the CRM is not told of a person who asked to be forgotten).
 */
const storedSubmission = async (
  strapi: Core.Strapi,
  reference: string,
  stage: string
): Promise<{ request: StoredSubmission; attachments: LeadAttachment[] } | undefined> => {
  const row = (await strapi.db.query(QUOTE_REQUEST_UID).findOne({ where: { reference } })) as
    | (Omit<StoredSubmission, 'receivedAt' | 'expectedResponseBy' | 'stage'> & {
        id: number;
        consentAt: string | Date | null;
        createdAt: string | Date;
        expectedResponseBy: string | Date | null;
        anonymizedAt: string | Date | null;
      })
    | null;
  if (!row || row.anonymizedAt) return undefined;
  const files = (await strapi.db.query(ATTACHMENT_UID).findMany({
    where: { quoteRequestId: row.id },
    select: ['fileName', 'size', 'mime'],
    orderBy: { position: 'asc' },
  })) as { fileName: string; size: number | string; mime: string }[];
  const receivedAt = new Date(row.consentAt ?? row.createdAt);
  return {
    request: {
      ...row,
      stage,
      receivedAt,
      expectedResponseBy: new Date(row.expectedResponseBy ?? receivedAt),
    },
    attachments: files.map((file) => ({ name: file.fileName, size: Number(file.size), type: file.mime })),
  };
};

const enqueue = (strapi: Core.Strapi, events: LeadEvent[]) =>
  signedEvents(strapi).enqueue(
    'lead',
    events.map((event) => ({ id: event.id, subject: event.data.reference, body: event }))
  );

export const leadEvents = (strapi: Core.Strapi): LeadEvents => ({
  configured: () => signedEvents(strapi).configured('lead'),
  // Without a URL nothing is built either: the submission's cost stays as it was.
  created: async (request, attachments) => {
    if (signedEvents(strapi).configured('lead')) await enqueue(strapi, [createdEvent(request, attachments)]);
  },
  stageChanged: async (change) => {
    const outbox = signedEvents(strapi);
    if (!outbox.configured('lead')) return;
    const events: LeadEvent[] = [];
    // A request the CRM never heard of (stored as spam, or before LEAD_WEBHOOK_URL was set) that sales move
    // to a working stage: its `created` first (at the stage it had), so the change refers to a known lead.
    if (change.to !== 'spam' && !(await outbox.hasSubject('lead', change.reference))) {
      const stored = await storedSubmission(strapi, change.reference, change.from ?? 'new');
      if (stored) events.push(createdEvent(stored.request, stored.attachments));
    }
    events.push(stageChangedEvent({ ...change, at: new Date() }));
    await enqueue(strapi, events);
  },
  async erased(references) {
    if (references.length === 0) return;
    // Events of the previous configuration too: a URL removed since leaves its rows, which must not keep
    // the person either.
    await signedEvents(strapi).rewriteSubjects('lead', references, blankLeadEventBody);
    const at = new Date();
    await enqueue(
      strapi,
      references.map((reference) => erasedEvent(reference, at))
    );
  },
  figures: () => signedEvents(strapi).figures('lead'),
});
