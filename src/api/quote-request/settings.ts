import type { Core } from '@strapi/strapi';

export interface QuoteSettings {
  slaHours: number;
  ipHashSalt: string;
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
  routing: { bpo: string; ito: string; kpo: string; fallback: string; cc: string };
}

export const quoteSettings = (strapi: Core.Strapi): QuoteSettings => strapi.config.get<QuoteSettings>('quotes');
