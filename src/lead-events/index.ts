import type { Core } from '@strapi/strapi';
import { signedEvents } from '../signed-events';
import type { ReceiverQueueFigures } from '../signed-events/outbox';
import {
  blankLeadEventBody,
  createdEvent,
  erasedEvent,
  stageChangedEvent,
  type AdminActor,
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
    if (signedEvents(strapi).configured('lead'))
      await enqueue(strapi, [stageChangedEvent({ ...change, at: new Date() })]);
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
