import type { Core } from '@strapi/strapi';

export interface QuoteSettings {
  slaHours: number;
  ipHashSalt: string;
  storeIp: boolean;
  privacy: {
    hashSalt: string;
    retentionDays: number;
    spamRetentionDays: number;
    sweepEnabled: boolean;
    sweepSchedule: string;
  };
  rateLimit: { max: number; windowMs: number; redisUrl: string };
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
