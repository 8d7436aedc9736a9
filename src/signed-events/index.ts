import type { Core } from '@strapi/strapi';
import { frontendReceiver } from '../frontend-events/outbox';
import { frontendEventSettings } from '../frontend-events/settings';
import { leadEventSettings } from '../lead-events/settings';
import { createSignedEventOutbox, type SignedEventOutbox } from './outbox';

/**
 * The application's one signed-event outbox, with every receiver configured: `frontend` (publish events)
 * and `lead` (the CRM). Built at register (a bad URL or secret of either stops the start), started at
 * bootstrap, stopped at destroy.
 */
// Kept on a global symbol, not in this module: a second copy of the module (the test runner's sources
// next to the app's compiled ones) must reach the same outbox, or stopping it would stop nothing.
const REGISTRY = Symbol.for('outsourcing-cms.signed-events');
type Registry = WeakMap<Core.Strapi, SignedEventOutbox>;
const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
const outboxes: Registry = (holder[REGISTRY] ??= new WeakMap());

export const signedEvents = (strapi: Core.Strapi): SignedEventOutbox => {
  let outbox = outboxes.get(strapi);
  if (!outbox) {
    outbox = createSignedEventOutbox(strapi, {
      frontend: frontendReceiver(frontendEventSettings(strapi)),
      lead: leadEventSettings(strapi),
    });
    outboxes.set(strapi, outbox);
  }
  return outbox;
};
