import type { Core } from '@strapi/strapi';
import { parseSigningSecret } from '../frontend-events/signature';
import type { ReceiverSettings } from '../signed-events/outbox';
import { isHttpUrl, NO_SIGNING_KEY, receiverSettings, type ReceiverConfig } from '../signed-events/receiver-config';

/** config/lead-events.ts as written. */
export type LeadEventConfig = ReceiverConfig;

const LEAD_RECEIVER = {
  userAgent: 'outsourcing-cms-lead-events',
  ordered: true,
  legacyHeaders: false,
  logTag: '[lead-events]',
};

/**
 * config/lead-events.ts, checked: with a URL, it must be http(s) and come with a `whsec_` secret of 24 to 64
 * bytes (an unsigned lead would let anyone who finds the CRM's inbound address forge prospects; there is no
 * previous release to stay compatible with, so no raw secret either). Wrong values stop the start.
 */
export const leadEventSettings = (strapi: Core.Strapi): ReceiverSettings => {
  const config = strapi.config.get<LeadEventConfig>('lead-events');
  if (!config.url) return receiverSettings(config, NO_SIGNING_KEY, LEAD_RECEIVER);
  // The URL is not quoted: a CRM's inbound address often carries its own token.
  if (!isHttpUrl(config.url)) throw new Error('LEAD_WEBHOOK_URL must be an http(s) URL');
  if (!config.secret) throw new Error('LEAD_WEBHOOK_SECRET is required when LEAD_WEBHOOK_URL is set');
  if (!config.secret.startsWith('whsec_')) {
    throw new Error(
      `LEAD_WEBHOOK_SECRET must be whsec_ followed by the base64 of 24 to 64 random bytes (node -p "'whsec_' + require('crypto').randomBytes(32).toString('base64')" prints one)`
    );
  }
  let signing: ReceiverSettings['signing'];
  try {
    signing = parseSigningSecret(config.secret);
  } catch (error) {
    // The parser names the frontend's variable: the same rule, this variable.
    throw new Error(
      String(error instanceof Error ? error.message : error).replace(
        'FRONTEND_REVALIDATE_SECRET',
        'LEAD_WEBHOOK_SECRET'
      )
    );
  }
  return receiverSettings(config, signing, LEAD_RECEIVER);
};
