import type { Core } from '@strapi/strapi';

/**
 * Lead events for the sales team's CRM (src/lead-events/): with LEAD_WEBHOOK_URL set, each accepted quote
 * request, each stage change and each erasure is POSTed there, signed with LEAD_WEBHOOK_SECRET (Standard
 * Webhooks, `whsec_…`), through the signed-event outbox it shares with the publish events (table
 * `frontend_events`, receiver `lead`). Delivered in order, retried with backoff: a CRM down for hours gets
 * every event once it is back.
 */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  url: env('LEAD_WEBHOOK_URL', ''),
  secret: env('LEAD_WEBHOOK_SECRET', ''),
  // Run the dispatcher on this instance (rows are claimed in the database: any number may run).
  dispatchEnabled: env.bool('LEAD_WEBHOOK_DISPATCH_ENABLED', true),
  intervalMs: env.int('LEAD_WEBHOOK_INTERVAL_MS', 5000),
  // With the backoff capped at an hour, 72 attempts keep trying for about three days.
  maxAttempts: env.int('LEAD_WEBHOOK_MAX_ATTEMPTS', 72),
  retryBaseMs: env.int('LEAD_WEBHOOK_RETRY_BASE_MS', 5000),
  retryMaxMs: env.int('LEAD_WEBHOOK_RETRY_MAX_MS', 3600000),
  timeoutMs: env.int('LEAD_WEBHOOK_TIMEOUT_MS', 10000),
  leaseMs: 60000,
  batchSize: 20,
});

export default config;
