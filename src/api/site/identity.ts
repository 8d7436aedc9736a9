import type { Core } from '@strapi/strapi';
import { cacheInvalidation } from '../../cache/invalidation';

export const SITE_UID = 'api::site.site';

/** The company's identity in one locale, as editors wrote it in the admin (Content Manager → Site). */
export interface SiteIdentity {
  companyName: string;
  mailSignature: string;
  contactEmail: string | null;
  contactText: string | null;
}

/** Read on every confirmation mail, edited rarely: kept briefly per locale, dropped on any content write. */
const CACHE_TTL_MS = 30_000;
const caches = new WeakMap<Core.Strapi, Map<string, { identity: SiteIdentity | null; at: number }>>();

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * The identity mails and the example page speak with (`COMPANY_NAME` is only the fallback when the
 * document or a locale of it is missing). Null when nothing usable is stored for that locale.
 */
export const siteIdentity = async (strapi: Core.Strapi, locale: string): Promise<SiteIdentity | null> => {
  let cache = caches.get(strapi);
  if (!cache) {
    const created = new Map<string, { identity: SiteIdentity | null; at: number }>();
    cacheInvalidation(strapi).onInvalidate(() => created.clear());
    caches.set(strapi, created);
    cache = created;
  }
  const hit = cache.get(locale);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.identity;
  const row = (await strapi.documents(SITE_UID).findFirst({ locale })) as Record<string, unknown> | null;
  const companyName = text(row?.companyName);
  const mailSignature = text(row?.mailSignature);
  const identity =
    companyName && mailSignature
      ? { companyName, mailSignature, contactEmail: text(row?.contactEmail), contactText: text(row?.contactText) }
      : null;
  cache.set(locale, { identity, at: Date.now() });
  return identity;
};
