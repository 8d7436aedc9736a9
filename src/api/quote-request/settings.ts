import type { Core } from '@strapi/strapi';
import type { SalesDeskSettings } from '../sales-desk/domain/desk-settings';

export interface QuoteSettings {
  /** QUOTE_SLA_HOURS, QUOTE_BUSINESS_*, QUOTE_HOLIDAYS_COUNTRY: the first-run seed of the `sales-desk` single type. */
  salesDesk: SalesDeskSettings;
  /** QUOTE_STATS_TTL_MS: how long this instance reuses the public response figures. */
  stats: { ttlMs: number };
  slaReminders: {
    /** QUOTE_SLA_SWEEP_INTERVAL_MS; 0: this instance sends no reminder. */
    sweepIntervalMs: number;
    /** QUOTE_ESCALATION_EMAIL, parsed. */
    escalationEmail: string[];
  };
  /** COMPANY_NAME (signs confirmations) and ADMIN_URL (the sales mail's link to the request). */
  mail: { companyName: string; adminUrl: string };
  ipHashSalt: string;
  storeIp: boolean;
  /** QUOTE_ATTACHMENTS_MAX, QUOTE_ATTACHMENT_MAX_BYTES, QUOTE_ATTACHMENTS_DIR (relative: to the app's directory). */
  attachments: { maxCount: number; maxBytes: number; dir: string };
  privacy: {
    hashSalt: string;
    retentionDays: number;
    spamRetentionDays: number;
    sweepEnabled: boolean;
    sweepSchedule: string;
  };
  /** QUOTE_GROUP_COMMIT: submissions that arrive together share a transaction (default: on SQLite only). */
  groupCommit: boolean;
  /** QUOTE_SALES_MAIL_MAX_DELAY_MS: past this delay of the outbox's sales mail, submissions are slowed (0: never). */
  salesMailMaxDelayMs: number;
  /** QUOTE_RATE_LIMIT_*; `ipv6PrefixLength`: QUOTE_RATE_LIMIT_IPV6_PREFIX. */
  rateLimit: { max: number; windowMs: number; ipv6PrefixLength: number; redisUrl: string };
  outbox: {
    enabled: boolean;
    intervalMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    batchSize: number;
    concurrency: number;
    leaseMs: number;
    sendTimeoutMs: number;
  };
  /** QUOTE_ALERT_EMAIL: who hears about failed or partial sales mails (empty: the routing's fallback). */
  alertEmail: string;
  routing: { bpo: string; ito: string; kpo: string; fallback: string; cc: string };
}

export const quoteSettings = (strapi: Core.Strapi): QuoteSettings => strapi.config.get<QuoteSettings>('quotes');
