import type { Core } from '@strapi/strapi';
import { documentKey, SITE_CONTENT_TYPES, siteContentType } from '../frontend-events/site-content';
import { isUnder, routePath } from '../utils/route-path';

/**
 * CDN purge hints: the keys a public content answer is tagged with, sent as `Surrogate-Key`
 * (space-separated: Fastly, Varnish) and `Cache-Tag` (comma-separated: Cloudflare, Akamai). Each answer
 * carries its content type's key (`outsourcing-category`: purged when any document of the type changes,
 * as lists do) and one key per document it contains, nested relations included
 * (`outsourcing-category:<documentId>`): the overview, which shows the categories, carries theirs. A
 * publish event lists the same keys in `tags`, so a receiver purges exactly what the publish changed.
 */
export const SURROGATE_KEY_HEADER = 'Surrogate-Key';
export const CACHE_TAG_HEADER = 'Cache-Tag';
/** The figures of GET /api/quote-stats (and GraphQL `quoteStats`). */
export const QUOTE_STATS_KEY = 'quote-stats';
/** Past this length the document keys are dropped (CDNs cap the header near 16 KB); the type keys stay. */
const MAX_HEADER_LENGTH = 8000;

interface Attribute {
  type?: string;
  target?: string;
  component?: string;
  components?: string[];
}

const attributesOf = (strapi: Core.Strapi, uid: string): Record<string, Attribute> => {
  // Without the model (a content type removed since the answer was built) only the top level is tagged.
  if (typeof strapi.getModel !== 'function') return {};
  const model = strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]) as
    | { attributes?: Record<string, Attribute> }
    | undefined;
  return model?.attributes ?? {};
};

/** Adds the keys of `value` (an entry, a list, a connection) read as documents of `uid`. */
const collect = (strapi: Core.Strapi, uid: string, value: unknown, keys: Set<string>, depth = 0): void => {
  if (value === null || typeof value !== 'object' || depth > 12) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(strapi, uid, item, keys, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  // GraphQL connections: { nodes: [...] }
  if (Array.isArray(record.nodes)) collect(strapi, uid, record.nodes, keys, depth + 1);
  const type = siteContentType(uid);
  if (type && typeof record.documentId === 'string') keys.add(documentKey(type.key, record.documentId));
  for (const [name, attribute] of Object.entries(attributesOf(strapi, uid))) {
    const nested = record[name];
    if (nested === undefined || nested === null) continue;
    if (attribute.type === 'relation' && attribute.target) collect(strapi, attribute.target, nested, keys, depth + 1);
    else if (attribute.type === 'component' && attribute.component) {
      collect(strapi, attribute.component, nested, keys, depth + 1);
    }
  }
};

const camel = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/** GraphQL root fields of the site types: `outsourcingCategories`, `outsourcingCategories_connection`, `site`… */
const graphqlRoots = (strapi: Core.Strapi): Map<string, string> => {
  const roots = new Map<string, string>();
  for (const type of SITE_CONTENT_TYPES) {
    const info = (
      (strapi.contentTypes as Partial<typeof strapi.contentTypes> | undefined)?.[
        type.uid as keyof typeof strapi.contentTypes
      ] as { info?: { singularName?: string; pluralName?: string } } | undefined
    )?.info;
    if (!info?.singularName || !info.pluralName) continue;
    roots.set(camel(info.singularName), type.uid);
    roots.set(camel(info.pluralName), type.uid);
    roots.set(`${camel(info.pluralName)}_connection`, type.uid);
  }
  return roots;
};

const limited = (keys: Set<string>): string[] => {
  const all = [...keys].sort();
  if (all.join(' ').length <= MAX_HEADER_LENGTH) return all;
  return all.filter((key) => !key.includes(':'));
};

/** The keys of a REST answer on `path` (empty for a path that is not public content). */
export const restSurrogateKeys = (strapi: Core.Strapi, path: string, body: unknown): string[] => {
  const route = routePath(path);
  if (route === '/api/quote-stats') return [QUOTE_STATS_KEY];
  const type = SITE_CONTENT_TYPES.find((candidate) => isUnder(route, candidate.apiPath));
  if (!type) return [];
  const keys = new Set<string>([type.key]);
  collect(strapi, type.uid, (body as { data?: unknown } | null)?.data, keys);
  return limited(keys);
};

/**
 * The keys of a GraphQL answer: per root field, its type and documents. A root field this cannot name
 * (an alias) gets every site type's key, so a purge never misses it.
 */
export const graphqlSurrogateKeys = (strapi: Core.Strapi, body: unknown): string[] => {
  const data = (body as { data?: unknown } | null)?.data;
  if (data === null || typeof data !== 'object') return [];
  const roots = graphqlRoots(strapi);
  const keys = new Set<string>();
  for (const [field, value] of Object.entries(data as Record<string, unknown>)) {
    if (field === '__typename') continue;
    if (field === 'quoteStats') {
      keys.add(QUOTE_STATS_KEY);
      continue;
    }
    const uid = roots.get(field);
    if (!uid) {
      for (const type of SITE_CONTENT_TYPES) keys.add(type.key);
      continue;
    }
    keys.add(siteContentType(uid)!.key);
    collect(strapi, uid, value, keys);
  }
  return limited(keys);
};
