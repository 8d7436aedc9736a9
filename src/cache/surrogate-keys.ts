import type { Core } from '@strapi/strapi';
import {
  documentKey,
  SITE_CONTENT_TYPES,
  siteContentType,
  type SiteContentType,
} from '../frontend-events/site-content';
import { isUnder, routePath } from '../utils/route-path';

/**
 * CDN purge hints: the keys a public content answer is tagged with, sent as `Surrogate-Key`
 * (space-separated: Fastly, Varnish) and `Cache-Tag` (comma-separated: Cloudflare, Akamai). Each answer
 * carries its content type's key (`outsourcing-category`: purged when any document of the type changes,
 * as lists do), the key of each type it shows through a relation, and one key per document it contains,
 * nested relations included (`outsourcing-category:<documentId>`): the overview, which shows the
 * categories, carries theirs. A publish event lists the same keys in `tags`, so a receiver purges exactly
 * what the publish changed. Error answers carry their type's key (restErrorSurrogateKeys).
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

/** Adds the keys of `value` (a REST entry or list) read as documents of `uid`. */
const collect = (strapi: Core.Strapi, uid: string, value: unknown, keys: Set<string>, depth = 0): void => {
  if (value === null || typeof value !== 'object' || depth > 12) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(strapi, uid, item, keys, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  const type = siteContentType(uid);
  if (type && typeof record.documentId === 'string') keys.add(documentKey(type.key, record.documentId));
  for (const [name, attribute] of Object.entries(attributesOf(strapi, uid))) {
    const nested = record[name];
    if (nested === undefined) continue;
    if (attribute.type === 'relation' && attribute.target) {
      // A populated relation also carries its target type's key: a populate filter may leave out a
      // document that a publish then makes match, and that document's own key is not in the answer.
      const target = siteContentType(attribute.target);
      if (target) keys.add(target.key);
      collect(strapi, attribute.target, nested, keys, depth + 1);
    } else if (attribute.type === 'component' && attribute.component) {
      collect(strapi, attribute.component, nested, keys, depth + 1);
    }
  }
};

/** The keys, sorted; past MAX_HEADER_LENGTH each document key gives way to its type's key. */
const limited = (keys: Set<string>): string[] => {
  const all = [...keys].sort();
  if (all.join(' ').length <= MAX_HEADER_LENGTH) return all;
  return [...new Set(all.map((key) => key.split(':')[0]))].sort();
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

/** Every site type's key: what an answer whose documents cannot be named is tagged with (fail closed). */
export const allTypeKeys = (): string[] => SITE_CONTENT_TYPES.map((type) => type.key).sort();

/**
 * The keys of an error answer on `path` (a 404: a document or single type that is not published, or
 * not yet): its type's key, which every publish of the type purges. Empty outside public content.
 */
export const restErrorSurrogateKeys = (path: string): string[] => {
  const route = routePath(path);
  if (route === '/api/quote-stats') return [QUOTE_STATS_KEY];
  const type = SITE_CONTENT_TYPES.find((candidate) => isUnder(route, candidate.apiPath));
  return type ? [type.key] : [];
};

/** `Surrogate-Key` (space-separated) and `Cache-Tag` (comma-separated) of a public answer. */
export const setPurgeHints = (ctx: { set(name: string, value: string): void }, keys: string[]): void => {
  if (keys.length === 0) return;
  ctx.set(SURROGATE_KEY_HEADER, keys.join(' '));
  ctx.set(CACHE_TAG_HEADER, keys.join(','));
};

/**
 * GraphQL: the documents the resolvers of one request returned, whatever the query selected. A query
 * may leave `documentId` out, alias every field or reach the categories only through the overview, so
 * its answer cannot say which documents it shows: the resolvers can (src/graphql/surrogate-keys-plugin.ts
 * records what each field whose type is a site content type returned). `complete` turns false when a
 * result could not be read as documents, or a root field is not one this module knows: the answer is
 * then tagged with every type's key and kept only briefly (src/middlewares/http-cache.ts).
 */
export interface ResolvedDocuments {
  keys: Set<string>;
  complete: boolean;
}

const resolvedByRequest = new WeakMap<object, ResolvedDocuments>();

/** Starts recording for one request (its Koa context); a second start for the same request starts over. */
export const startRecordingDocuments = (request: object): ResolvedDocuments => {
  const resolved: ResolvedDocuments = { keys: new Set(), complete: true };
  resolvedByRequest.set(request, resolved);
  return resolved;
};

/** What the GraphQL resolvers of this request returned; undefined when no GraphQL operation ran. */
export const recordedDocuments = (request: object): ResolvedDocuments | undefined => resolvedByRequest.get(request);

/** How the GraphQL schema names a site type: its object type, and the two list wrappers (`nodes`). */
export interface GraphqlSiteTypes {
  /** `OutsourcingCategory` -> its type. */
  documents: Map<string, SiteContentType>;
  /** `OutsourcingCategoryEntityResponseCollection`, `…RelationResponseCollection` -> its type. */
  collections: Map<string, SiteContentType>;
}

const pascal = (kebab: string): string =>
  kebab.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, letter: string) => letter.toUpperCase());

/** The GraphQL plugin's names (`naming.getTypeName`: the singular name in PascalCase) for the site types. */
export const graphqlSiteTypes = (strapi: Core.Strapi): GraphqlSiteTypes => {
  const documents = new Map<string, SiteContentType>();
  const collections = new Map<string, SiteContentType>();
  for (const type of SITE_CONTENT_TYPES) {
    const info = (
      (strapi.contentTypes as Partial<typeof strapi.contentTypes> | undefined)?.[
        type.uid as keyof typeof strapi.contentTypes
      ] as { info?: { singularName?: string } } | undefined
    )?.info;
    if (!info?.singularName) continue;
    const name = pascal(info.singularName);
    documents.set(name, type);
    collections.set(`${name}EntityResponseCollection`, type);
    collections.set(`${name}RelationResponseCollection`, type);
  }
  return { documents, collections };
};

export interface ResolvedField {
  /** The field belongs to the Query type (a root field). */
  isRoot: boolean;
  fieldName: string;
  /** The name of the field's type, lists and non-null unwrapped. */
  typeName: string;
}

/** Adds the keys of `value` (a document, or a list of them, as a resolver returned it) to `resolved`. */
const addDocuments = (type: SiteContentType, value: unknown, resolved: ResolvedDocuments): void => {
  if (value === null || value === undefined) return;
  for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
    if (item === null || item === undefined) continue;
    const documentId = typeof item === 'object' ? (item as { documentId?: unknown }).documentId : undefined;
    if (typeof documentId === 'string' && documentId.length > 0) resolved.keys.add(documentKey(type.key, documentId));
    else resolved.complete = false;
  }
};

/**
 * Records what one resolved field contributes: its type's key when it returns site documents (or a
 * list wrapper of them), and returns the function that reads the documents from its result. A root
 * field of any other type (not `quoteStats`) makes the record incomplete: what it shows is not known here.
 */
export const recordResolvedField = (
  resolved: ResolvedDocuments,
  types: GraphqlSiteTypes,
  field: ResolvedField
): ((result: unknown) => void) | undefined => {
  const documents = types.documents.get(field.typeName);
  if (documents) {
    resolved.keys.add(documents.key);
    return (result) => addDocuments(documents, result, resolved);
  }
  const collection = types.collections.get(field.typeName);
  if (collection) {
    // The documents themselves come through the wrapper's `nodes` field (a list of the object type).
    resolved.keys.add(collection.key);
    return undefined;
  }
  if (!field.isRoot) return undefined;
  if (field.fieldName === 'quoteStats') resolved.keys.add(QUOTE_STATS_KEY);
  else resolved.complete = false;
  return undefined;
};

/**
 * The keys of a GraphQL answer from what its resolvers returned; without a record (no operation ran,
 * the plugin was not called) or with an incomplete one, every type's key and `complete: false`.
 */
export const graphqlSurrogateKeys = (
  resolved: ResolvedDocuments | undefined
): { keys: string[]; complete: boolean } => {
  if (!resolved?.complete)
    return { keys: limited(new Set([...allTypeKeys(), ...(resolved?.keys ?? [])])), complete: false };
  return { keys: limited(resolved.keys), complete: true };
};
