import type { Core } from '@strapi/strapi';
import { publicUrl } from '../src/utils/origins';

/**
 * Publish events for frontends (src/frontend-events/): with FRONTEND_REVALIDATE_URL set, every publish,
 * unpublish and delete of site content is POSTed there, signed with FRONTEND_REVALIDATE_SECRET, through
 * a durable outbox (table `frontend_events`).
 */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  url: env('FRONTEND_REVALIDATE_URL', ''),
  secret: env('FRONTEND_REVALIDATE_SECRET', ''),
  // The URLs an event lists are on this server's public address.
  publicUrl: publicUrl(env),
  // Run the dispatcher on this instance (rows are claimed in the database: any number may run).
  dispatchEnabled: env.bool('FRONTEND_REVALIDATE_DISPATCH_ENABLED', true),
  intervalMs: env.int('FRONTEND_REVALIDATE_INTERVAL_MS', 5000),
  maxAttempts: env.int('FRONTEND_REVALIDATE_MAX_ATTEMPTS', 20),
  retryBaseMs: env.int('FRONTEND_REVALIDATE_RETRY_BASE_MS', 5000),
  retryMaxMs: env.int('FRONTEND_REVALIDATE_RETRY_MAX_MS', 3600000),
  timeoutMs: env.int('FRONTEND_REVALIDATE_TIMEOUT_MS', 10000),
  leaseMs: env.int('FRONTEND_REVALIDATE_LEASE_MS', 60000),
  batchSize: env.int('FRONTEND_REVALIDATE_BATCH_SIZE', 20),
});

export default config;
