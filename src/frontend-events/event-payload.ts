import crypto from 'crypto';
import { changedKeys, changedUrls, siteContentType, type SiteContentType } from './site-content';

/** What happened to the document, as the frontend sees it. */
export type FrontendEventKind = 'publish' | 'unpublish' | 'delete' | 'update';

/** The JSON body POSTed to FRONTEND_REVALIDATE_URL (signed as sent: the raw bytes). */
export interface FrontendEvent {
  id: string;
  event: FrontendEventKind;
  contentType: string;
  uid: string;
  documentId: string;
  locale: string | null;
  slug: string | null;
  /** The public URLs whose answer changed. */
  urls: string[];
  /** The `Surrogate-Key` / `Cache-Tag` values to purge (and Next.js tags to revalidate). */
  tags: string[];
  occurredAt: string;
}

interface EntryLike {
  documentId?: unknown;
  locale?: unknown;
  slug?: unknown;
  publishedAt?: unknown;
}

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The entries a Document Service action returned, as one event per document and locale:
 * `publish`, `unpublish` and `delete` answer `{ documentId, entries }`; a create or update (types
 * without draft & publish, or a write with `status: 'published'`) answers the document itself. A
 * delete's entries hold both the draft and the published row of a locale: one event for that locale,
 * with the published row's slug. A locale of a draft & publish type that was never published (no
 * published row deleted) was never public: its delete is no event (its slug is not the public's to know).
 */
export const eventsFor = (
  type: SiteContentType,
  event: FrontendEventKind,
  result: unknown,
  publicUrl: string,
  now = new Date()
): FrontendEvent[] => {
  if (result === null || typeof result !== 'object') return [];
  const record = result as EntryLike & { entries?: unknown };
  const entries: EntryLike[] = Array.isArray(record.entries) ? (record.entries as EntryLike[]) : [record];
  const byLocale = new Map<string, EntryLike>();
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') continue;
    const documentId = stringOrNull(entry.documentId) ?? stringOrNull(record.documentId);
    if (!documentId) continue;
    const key = `${documentId}\u0000${stringOrNull(entry.locale) ?? ''}`;
    const known = byLocale.get(key);
    if (!known || (!known.publishedAt && entry.publishedAt)) byLocale.set(key, { ...entry, documentId });
  }
  const wasPublic = (entry: EntryLike): boolean =>
    !(type.draftAndPublish && event === 'delete') || Boolean(entry.publishedAt);
  return [...byLocale.values()].filter(wasPublic).map((entry) => {
    const change = { type, documentId: entry.documentId as string, locale: stringOrNull(entry.locale) };
    return {
      id: crypto.randomUUID(),
      event,
      contentType: type.key,
      uid: type.uid,
      documentId: change.documentId,
      locale: change.locale,
      slug: stringOrNull(entry.slug),
      urls: changedUrls(publicUrl, change),
      tags: changedKeys(change),
      occurredAt: now.toISOString(),
    };
  });
};

/**
 * `update` events for the published documents whose public answer changed with another one (the overview
 * when a category it lists is published, unpublished or deleted): one per document and locale.
 */
export const dependentEventsFor = (
  dependents: readonly { uid: string; documentId: string; locale: string | null }[],
  publicUrl: string,
  now = new Date()
): FrontendEvent[] => {
  const seen = new Set<string>();
  return dependents.flatMap((dependent) => {
    const type = siteContentType(dependent.uid);
    const key = `${dependent.uid}\u0000${dependent.documentId}\u0000${dependent.locale ?? ''}`;
    if (!type || seen.has(key)) return [];
    seen.add(key);
    const change = { type, documentId: dependent.documentId, locale: dependent.locale };
    return [
      {
        id: crypto.randomUUID(),
        event: 'update' as const,
        contentType: type.key,
        uid: type.uid,
        documentId: dependent.documentId,
        locale: dependent.locale,
        slug: null,
        urls: changedUrls(publicUrl, change),
        tags: changedKeys(change),
        occurredAt: now.toISOString(),
      },
    ];
  });
};

/** The Document Service action that changes what the public reads, as an event kind (undefined: none). */
export const eventKindOf = (
  type: SiteContentType,
  action: string,
  params: { status?: unknown } | undefined
): FrontendEventKind | undefined => {
  if (action === 'publish' || action === 'unpublish' || action === 'delete') {
    return type.draftAndPublish || action === 'delete' ? action : undefined;
  }
  if (action === 'create' || action === 'update') {
    // On draft & publish types a write changes the draft, except one that publishes at once.
    if (!type.draftAndPublish) return 'update';
    return params?.status === 'published' ? 'publish' : undefined;
  }
  return undefined;
};
