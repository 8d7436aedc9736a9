/**
 * The content a frontend shows, as its public URLs name it: what a publish event and a CDN purge hint
 * (`Surrogate-Key`, `Cache-Tag`) speak of. One entry per public content type: its surrogate key (the API
 * id), where REST serves it, and whether one document has its own URL (`/api/<plural>/<documentId>`).
 */
export interface SiteContentType {
  uid: string;
  /** The type's key in `Surrogate-Key` / `Cache-Tag` and in events (`outsourcing-category`). */
  key: string;
  /** REST collection (or single type) path. */
  apiPath: string;
  kind: 'collectionType' | 'singleType';
  /** Draft & publish: events on publish / unpublish / delete; otherwise on every write. */
  draftAndPublish: boolean;
}

export const SITE_CONTENT_TYPES: readonly SiteContentType[] = [
  {
    uid: 'api::outsourcing-category.outsourcing-category',
    key: 'outsourcing-category',
    apiPath: '/api/outsourcing-categories',
    kind: 'collectionType',
    draftAndPublish: true,
  },
  {
    uid: 'api::comparison-page.comparison-page',
    key: 'comparison-page',
    apiPath: '/api/comparison-pages',
    kind: 'collectionType',
    draftAndPublish: true,
  },
  {
    uid: 'api::outsourcing-overview.outsourcing-overview',
    key: 'outsourcing-overview',
    apiPath: '/api/outsourcing-overview',
    kind: 'singleType',
    draftAndPublish: true,
  },
  { uid: 'api::site.site', key: 'site', apiPath: '/api/site', kind: 'singleType', draftAndPublish: false },
];

export const siteContentType = (uid: string): SiteContentType | undefined =>
  SITE_CONTENT_TYPES.find((type) => type.uid === uid);

/** The overview shows the categories and comparison pages it links: their change changes it too. */
const SHOWN_IN_OVERVIEW = new Set(['outsourcing-category', 'comparison-page']);

/** The surrogate key of one document: `<type key>:<documentId>`. */
export const documentKey = (typeKey: string, documentId: string): string => `${typeKey}:${documentId}`;

export interface ChangedDocument {
  type: SiteContentType;
  documentId: string;
  locale: string | null;
}

/**
 * The public URLs whose answer a change to this document (in this locale) changes: its type's list, its
 * own URL, and the overview for a category or comparison page. Absolute, on `publicUrl`.
 */
export const changedUrls = (publicUrl: string, change: ChangedDocument): string[] => {
  const base = publicUrl.replace(/\/+$/, '');
  const query = change.locale ? `?locale=${encodeURIComponent(change.locale)}` : '';
  const { type } = change;
  const urls = [`${base}${type.apiPath}${query}`];
  if (type.kind === 'collectionType')
    urls.push(`${base}${type.apiPath}/${encodeURIComponent(change.documentId)}${query}`);
  if (SHOWN_IN_OVERVIEW.has(type.key)) urls.push(`${base}/api/outsourcing-overview${query}`);
  return urls;
};

/** The surrogate keys to purge for this change: the type (lists) and the document (wherever it is shown). */
export const changedKeys = (change: ChangedDocument): string[] => [
  change.type.key,
  documentKey(change.type.key, change.documentId),
];
