import type { Core } from '@strapi/strapi';

export interface FrontendEventSettings {
  url: string;
  secret: string;
  publicUrl: string;
  dispatchEnabled: boolean;
  intervalMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  leaseMs: number;
  batchSize: number;
}

/**
 * config/frontend-events.ts, checked: with a URL, it must be http(s) and come with a secret (an unsigned
 * event would let anyone who finds the receiver purge a site's cache). Wrong values stop the start.
 */
export const frontendEventSettings = (strapi: Core.Strapi): FrontendEventSettings => {
  const config = strapi.config.get<FrontendEventSettings>('frontend-events');
  if (config.url) {
    let protocol = '';
    try {
      protocol = new URL(config.url).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new Error(`FRONTEND_REVALIDATE_URL must be an http(s) URL (got "${config.url}")`);
    }
    if (!config.secret) {
      throw new Error('FRONTEND_REVALIDATE_SECRET is required when FRONTEND_REVALIDATE_URL is set');
    }
  }
  return config;
};
