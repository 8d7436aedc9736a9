import type { Core } from '@strapi/strapi';
import {
  createSignedEventOutbox,
  SIGNED_EVENTS_TABLE,
  type DispatchReport,
  type ReceiverSettings,
  type SignedEventOutbox,
  type SignedEventRow,
} from '../signed-events/outbox';
import { receiverSettings } from '../signed-events/receiver-config';
import type { FrontendEvent } from './event-payload';
import type { FrontendEventSettings } from './settings';

/**
 * The publish events' side of the shared signed-event outbox (src/signed-events/outbox.ts): receiver
 * `frontend`, FRONTEND_REVALIDATE_URL, with the previous release's `X-Signature` still sent.
 */
export const FRONTEND_EVENTS_TABLE = SIGNED_EVENTS_TABLE;
export type FrontendEventRow = SignedEventRow;
export type FrontendDispatchReport = DispatchReport;

export interface FrontendEventOutbox {
  /** Stores the events in the current transaction (the publish's); delivery starts after its commit. */
  enqueue(events: FrontendEvent[]): Promise<void>;
  /** One claim-and-deliver pass (tests and the interval call it). */
  dispatchDue(): Promise<FrontendDispatchReport>;
  /** Asks for a pass soon (after a commit). */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
  rows(): Promise<FrontendEventRow[]>;
}

export const frontendReceiver = (settings: FrontendEventSettings): ReceiverSettings =>
  receiverSettings(settings, settings.signing, {
    userAgent: 'outsourcing-cms-frontend-events',
    ordered: false,
    legacyHeaders: true,
    logTag: '[frontend-events]',
  });

/** The frontend receiver's view of a shared outbox. */
export const frontendView = (outbox: SignedEventOutbox): FrontendEventOutbox => ({
  enqueue: (events) =>
    outbox.enqueue(
      'frontend',
      events.map((event) => ({ id: event.id, body: event }))
    ),
  dispatchDue: () => outbox.dispatchDue('frontend'),
  kick: () => outbox.kick('frontend'),
  start: () => outbox.start(),
  stop: () => outbox.stop(),
  rows: () => outbox.rows('frontend'),
});

/** An outbox of publish events alone (another dispatcher on the same table, as a second instance runs one). */
export const createFrontendEventOutbox = (strapi: Core.Strapi, settings: FrontendEventSettings): FrontendEventOutbox =>
  frontendView(createSignedEventOutbox(strapi, { frontend: frontendReceiver(settings) }));
