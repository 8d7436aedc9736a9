import type { Core } from '@strapi/strapi';
import { isHttpUrl, NO_SIGNING_KEY, type ReceiverConfig } from '../signed-events/receiver-config';
import { parseSigningSecret, type SigningKey } from './signature';

/** config/frontend-events.ts as written. */
export interface FrontendEventConfig extends ReceiverConfig {
  publicUrl: string;
}

export interface FrontendEventSettings extends FrontendEventConfig {
  /** FRONTEND_REVALIDATE_SECRET as HMAC key bytes (empty without a URL: nothing is sent). */
  signing: SigningKey;
}

/**
 * config/frontend-events.ts, checked: with a URL, it must be http(s) and come with a secret (an unsigned
 * event would let anyone who finds the receiver purge a site's cache), a `whsec_` one of 24 to 64 bytes or,
 * for one release, the previous release's raw secret. Wrong values stop the start.
 */
export const frontendEventSettings = (strapi: Core.Strapi): FrontendEventSettings => {
  const config = strapi.config.get<FrontendEventConfig>('frontend-events');
  if (!config.url) return { ...config, signing: NO_SIGNING_KEY };
  if (!isHttpUrl(config.url)) {
    throw new Error(`FRONTEND_REVALIDATE_URL must be an http(s) URL (got "${config.url}")`);
  }
  if (!config.secret) {
    throw new Error('FRONTEND_REVALIDATE_SECRET is required when FRONTEND_REVALIDATE_URL is set');
  }
  return { ...config, signing: parseSigningSecret(config.secret) };
};
