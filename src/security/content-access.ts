import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { PREVIEWABLE, type PreviewGrant } from '../preview/preview';

/**
 * Who may read unpublished content, decided in one place for REST and GraphQL (top level and nested
 * association resolvers alike): a Document Service middleware, so it sees every read whatever the
 * router, the controller or the resolver did with the query.
 *
 * Within a content-API request (REST under /api, GraphQL), on the project's draft & publish types:
 * - an API token (Strapi's `content-api-token` strategy, after it validated the token) reads what its scope allows;
 * - a valid preview token reads the draft of the one document and locale it was minted for, nothing else;
 * - everyone else (no credentials, an unparseable Authorization header, an end-user JWT) reads published
 *   content only: any other `status`, in any spelling, is refused with 400, and so are `publicationFilter`
 *   and `hasPublishedVersion` (whatever their value: `modified` tells which published pages have
 *   unpublished edits) and filters, sorts or populates through `localizations` (which links every
 *   locale's draft row).
 * Reads outside a content-API request (admin panel, bootstrap, seed, CLI) are not concerned.
 */
export const DRAFT_AND_PUBLISH_CONTENT = new Set(Object.keys(PREVIEWABLE));
const READ_ACTIONS = new Set(['findMany', 'findFirst', 'findOne', 'count']);
/** Relations that reach other rows regardless of their publication state. */
const DRAFT_REACHING_KEYS = new Set(['localizations']);

export interface ContentApiState {
  route?: { info?: { type?: string } };
  auth?: { strategy?: { name?: string }; credentials?: unknown };
  previewGrant?: PreviewGrant;
}

type ReadParams = {
  status?: unknown;
  publicationFilter?: unknown;
  hasPublishedVersion?: unknown;
  documentId?: unknown;
  locale?: unknown;
  filters?: unknown;
  sort?: unknown;
  populate?: unknown;
  fields?: unknown;
};

const stateOf = (ctx: Context | undefined): ContentApiState | undefined => ctx?.state;

/** True when the request went through the content API (REST route or the GraphQL endpoint). */
export const isContentApiRequest = (state: ContentApiState | undefined): boolean =>
  state?.route?.info?.type === 'content-api';

/** Strapi's API-token strategy (`content-api-token`) authenticated this request; it never does for an invalid token. */
export const hasApiToken = (state: ContentApiState | undefined): boolean =>
  state?.auth?.strategy?.name === 'content-api-token' && Boolean(state.auth.credentials);

/** Anonymous as far as caching goes: no credentials of any kind were accepted for this request. */
export const isAnonymousRequest = (state: ContentApiState | undefined): boolean =>
  !state?.auth?.credentials && !state?.previewGrant;

/**
 * How deep a filters / sort / populate / fields tree may nest before the guard refuses it. The walk
 * fails closed: what it cannot read to the end is refused (400), never passed. REST's query parser
 * stops at 20 levels; GraphQL variables can nest further (eleven `and` levels are 22).
 */
export const MAX_QUERY_DEPTH = 32;
/** The longest string a public filter may compare with: longer ones answer 400 before any query runs. */
export const MAX_FILTER_STRING_LENGTH = 1000;

const TOO_DEEP = Symbol('too deep');

/**
 * Finds a key that reaches draft rows anywhere in a filters / sort / populate / fields tree; returns
 * TOO_DEEP when the tree nests deeper than MAX_QUERY_DEPTH (the caller refuses both).
 */
export const findDraftReachingKey = (value: unknown, depth = 0): string | typeof TOO_DEEP | undefined => {
  if (value === null || value === undefined) return undefined;
  if (depth > MAX_QUERY_DEPTH) return TOO_DEEP;
  if (typeof value === 'string') {
    // sort: 'localizations.summary:asc', populate: 'localizations', fields: ['localizations']
    return value
      .split(/[.,:[\]]/)
      .map((part) => part.trim())
      .find((part) => DRAFT_REACHING_KEYS.has(part));
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findDraftReachingKey(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    for (const [key, nested] of Object.entries(value as Record<string, unknown>)) {
      if (DRAFT_REACHING_KEYS.has(key)) return key;
      const found = findDraftReachingKey(nested, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
};

/** The first string longer than MAX_FILTER_STRING_LENGTH among a filter tree's values (TOO_DEEP past the limit). */
export const findOverlongFilterString = (value: unknown, depth = 0): string | typeof TOO_DEEP | undefined => {
  if (depth > MAX_QUERY_DEPTH) return TOO_DEEP;
  if (typeof value === 'string') return value.length > MAX_FILTER_STRING_LENGTH ? value : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const nested of Array.isArray(value) ? value : Object.values(value as Record<string, unknown>)) {
    const found = findOverlongFilterString(nested, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
};

const refuse = (path: string, message: string): never => {
  throw new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });
};

/** Refuses (400) a tree that reaches draft rows or nests deeper than the guard reads. */
const assertNoDraftReach = (key: string, value: unknown): void => {
  const reaching = findDraftReachingKey(value);
  if (reaching === TOO_DEEP) refuse(key, `${key} nests deeper than ${MAX_QUERY_DEPTH} levels`);
  else if (reaching) refuse(key, `${key} through "${reaching}" is not allowed`);
};

const assertShortFilterStrings = (key: string, value: unknown): void => {
  const found = findOverlongFilterString(value);
  if (found === TOO_DEEP) refuse(key, `${key} nests deeper than ${MAX_QUERY_DEPTH} levels`);
  if (found !== undefined) refuse(key, `${key} values are limited to ${MAX_FILTER_STRING_LENGTH} characters`);
};

interface ModelAttribute {
  type?: string;
  target?: string;
  component?: string;
  components?: string[];
}

const attributesOf = (strapi: Core.Strapi, uid: string | undefined): Record<string, ModelAttribute> => {
  if (!uid) return {};
  const model = strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]) as
    | { attributes?: Record<string, ModelAttribute> }
    | undefined;
  return model?.attributes ?? {};
};

const POPULATABLE = new Set(['relation', 'component', 'dynamiczone', 'media']);

/** The model a populated attribute leads to (relation target, component, media). */
const targetOf = (attribute: ModelAttribute | undefined): string | undefined => {
  if (!attribute) return undefined;
  if (attribute.type === 'media') return 'plugin::upload.file';
  return attribute.target ?? attribute.component;
};

/**
 * A populate without `localizations`, at every level, as if it had not been asked: `populate=*` (and
 * Strapi's expansion of it) keeps working for public callers and answers what stock Strapi answers for
 * the other relations. Filters, sorts and fields inside a populate that go through `localizations` are
 * still refused, and a tree deeper than the guard reads is refused (fail closed).
 */
export const withoutLocalizations = (
  strapi: Core.Strapi,
  uid: string | undefined,
  populate: unknown,
  depth = 0
): unknown => {
  if (populate === undefined || populate === null || typeof populate === 'boolean') return populate;
  if (depth > MAX_QUERY_DEPTH) refuse('populate', `populate nests deeper than ${MAX_QUERY_DEPTH} levels`);
  const attributes = attributesOf(strapi, uid);
  const allPopulatable = () =>
    Object.entries(attributes)
      .filter(([name, attribute]) => !DRAFT_REACHING_KEYS.has(name) && POPULATABLE.has(attribute.type ?? ''))
      .map(([name]) => name);

  if (typeof populate === 'string') {
    const paths = populate
      .split(',')
      .map((path) => path.trim())
      .filter(Boolean);
    const kept = paths.flatMap((path) => {
      const segments = path.split('.');
      if (segments.some((segment) => DRAFT_REACHING_KEYS.has(segment))) return [];
      if (segments[0] === '*') return allPopulatable();
      return [path];
    });
    return kept.length === 1 && kept[0] === populate ? populate : kept;
  }
  if (Array.isArray(populate)) {
    return populate.flatMap((item: unknown): unknown[] => {
      const kept = withoutLocalizations(strapi, uid, item, depth + 1);
      return Array.isArray(kept) ? (kept as unknown[]) : [kept];
    });
  }
  if (typeof populate !== 'object') return populate;

  const result: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(populate as Record<string, unknown>)) {
    if (DRAFT_REACHING_KEYS.has(name)) continue;
    if (name === '*') {
      for (const attribute of allPopulatable()) result[attribute] = true;
      continue;
    }
    result[name] = withoutLocalizationsInSpec(strapi, attributes[name], spec, depth + 1);
  }
  return result;
};

/** One populated attribute's options: `{ populate, filters, sort, fields, on, count }` or true / '*'. */
const withoutLocalizationsInSpec = (
  strapi: Core.Strapi,
  attribute: ModelAttribute | undefined,
  spec: unknown,
  depth: number
): unknown => {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return spec;
  if (depth > MAX_QUERY_DEPTH) refuse('populate', `populate nests deeper than ${MAX_QUERY_DEPTH} levels`);
  const options = { ...(spec as Record<string, unknown>) };
  for (const key of ['filters', 'sort', 'fields'] as const) {
    if (options[key] !== undefined) assertNoDraftReach(`populate.${key}`, options[key]);
  }
  if (options.filters !== undefined) assertShortFilterStrings('populate.filters', options.filters);
  if (options.populate !== undefined) {
    options.populate = withoutLocalizations(strapi, targetOf(attribute), options.populate, depth + 1);
  }
  if (options.on !== null && typeof options.on === 'object') {
    options.on = Object.fromEntries(
      Object.entries(options.on as Record<string, unknown>).map(([component, componentSpec]) => [
        component,
        withoutLocalizationsInSpec(strapi, { type: 'component', component }, componentSpec, depth + 1),
      ])
    );
  }
  return options;
};

/**
 * Parameters that select rows by their publication history (Strapi's document service reads both; the
 * second is the deprecated boolean form of the first). Matched on the lower-cased name.
 */
const PUBLICATION_HISTORY_PARAMS = ['publicationFilter', 'hasPublishedVersion'] as const;
const PUBLICATION_HISTORY_NAMES = new Set(PUBLICATION_HISTORY_PARAMS.map((name) => name.toLowerCase()));

/**
 * The publication-history parameter this read asks for, from the document service's params or from the
 * raw REST query in any case (`PublicationFilter=`: strict REST parameters refuse it today, this does
 * not depend on it).
 */
const publicationHistoryParam = (params: ReadParams, ctx: Context | undefined): string | undefined => {
  const named = PUBLICATION_HISTORY_PARAMS.find((name) => params[name] !== undefined);
  if (named) return named;
  const query = ctx?.query;
  if (!query || typeof query !== 'object') return undefined;
  return Object.keys(query).find((key) => PUBLICATION_HISTORY_NAMES.has(key.toLowerCase()));
};

/** Whether the raw REST query names `localizations` in its populate (an explicit ask, refused). */
const populateNamesLocalizations = (ctx: Context | undefined): boolean => {
  const raw = ctx?.query?.populate;
  const found = findDraftReachingKey(raw);
  return found !== undefined;
};

/** The single-type document a grant names: the one document of that type. */
const singleTypeDocumentId = async (strapi: Core.Strapi, uid: string): Promise<string | undefined> => {
  const row = (await strapi.db.query(uid).findOne({
    select: ['documentId'],
  })) as { documentId?: string } | null;
  return row?.documentId;
};

const grantCovers = async (
  strapi: Core.Strapi,
  grant: PreviewGrant,
  uid: string,
  action: string,
  params: ReadParams
): Promise<boolean> => {
  if (grant.uid !== uid) return false;
  if (typeof params.locale !== 'string' || params.locale !== grant.locale) return false;
  const kind = (strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]) as { kind?: string } | undefined)?.kind;
  if (kind === 'singleType') {
    return action === 'findFirst' && (await singleTypeDocumentId(strapi, uid)) === grant.documentId;
  }
  return action === 'findOne' && params.documentId === grant.documentId;
};

type DocumentRecord = Record<string, unknown> & { documentId?: string };

/**
 * A preview reads the one draft it was minted for; whatever it populates through relations to other
 * draft & publish documents is their PUBLISHED version (Strapi links a draft to the other documents'
 * drafts). Relations are taken out of the draft read, their document ids read from the draft's links,
 * and the published versions read with the caller's options for that relation.
 */
type DocumentNext = Parameters<Parameters<Core.Strapi['documents']['use']>[0]>[1];

const readPreviewDraft = async (
  strapi: Core.Strapi,
  uid: string,
  params: ReadParams,
  next: DocumentNext
): Promise<Awaited<ReturnType<DocumentNext>>> => {
  const attributes = attributesOf(strapi, uid);
  const populate = params.populate;
  if (populate === null || typeof populate !== 'object' || Array.isArray(populate)) {
    // Strings and arrays name attributes without options: normalise to an object first.
    if (populate === undefined || populate === null || typeof populate === 'boolean') return next();
    const names = (Array.isArray(populate) ? populate : [populate]).flatMap((item) =>
      typeof item === 'string' ? item.split(',').map((name) => name.trim()) : []
    );
    params.populate = Object.fromEntries(names.filter(Boolean).map((name) => [name.split('.')[0], true]));
    return readPreviewDraft(strapi, uid, params, next);
  }
  const relations = Object.entries(populate as Record<string, unknown>).filter(([name]) => {
    const target = attributes[name]?.type === 'relation' ? attributes[name]?.target : undefined;
    return target !== undefined && DRAFT_AND_PUBLISH_CONTENT.has(target);
  });
  if (relations.length === 0) return next();

  params.populate = Object.fromEntries(
    Object.entries(populate as Record<string, unknown>).filter(([name]) => !relations.some(([r]) => r === name))
  );
  const result = await next();
  const draft = result as DocumentRecord | null;
  if (!draft || typeof draft.documentId !== 'string') return result;

  const linked = (await strapi.db.query(uid).findOne({
    where: { documentId: draft.documentId, locale: params.locale, publishedAt: null },
    select: ['id'],
    populate: Object.fromEntries(relations.map(([name]) => [name, { select: ['documentId'] }])),
  })) as Record<string, unknown> | null;

  for (const [name, spec] of relations) {
    const attribute = attributes[name];
    const target = attribute?.target;
    if (!target) continue;
    const links = linked?.[name];
    const ids = (Array.isArray(links) ? links : links ? [links] : [])
      .map((link) => (link as { documentId?: unknown }).documentId)
      .filter((id): id is string => typeof id === 'string');
    const options = spec !== null && typeof spec === 'object' ? (spec as Record<string, unknown>) : {};
    const published = (await strapi.documents(target as Parameters<typeof strapi.documents>[0]).findMany({
      ...options,
      filters:
        options.filters !== undefined
          ? { $and: [{ documentId: { $in: ids } }, options.filters] }
          : { documentId: { $in: ids } },
      locale: params.locale as string,
      status: 'published',
    } as Parameters<ReturnType<typeof strapi.documents>['findMany']>[0])) as DocumentRecord[];
    const ordered =
      options.sort !== undefined
        ? published
        : ids.flatMap((id) => published.filter((document) => document.documentId === id));
    const isMany = Array.isArray(links) || /ToMany$/.test(String((attribute as { relation?: string }).relation ?? ''));
    draft[name] = isMany ? ordered : (ordered[0] ?? null);
  }
  return result;
};

export const registerContentAccess = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (!READ_ACTIONS.has(context.action) || !DRAFT_AND_PUBLISH_CONTENT.has(context.uid)) return next();
    const request = strapi.requestContext.get();
    const state = stateOf(request);
    if (!isContentApiRequest(state) || hasApiToken(state)) return next();

    const params = (context.params ?? {}) as ReadParams;
    const historyParam = publicationHistoryParam(params, request);
    if (historyParam !== undefined) {
      // Refused whoever else the request could be (a preview grant reads one draft, never a cohort).
      refuse(historyParam, `${historyParam} is not allowed: only published content can be read`);
    }
    for (const key of ['filters', 'sort', 'fields'] as const) assertNoDraftReach(key, params[key]);
    assertShortFilterStrings('filters', params.filters);
    if (params.populate !== undefined) {
      // `populate=*` and lists are answered without the localizations; an explicit
      // `populate[localizations]` in the request is an ask for other locales' drafts: refused.
      if (populateNamesLocalizations(request)) refuse('populate', 'populate through "localizations" is not allowed');
      (context.params as ReadParams).populate = withoutLocalizations(strapi, context.uid, params.populate);
    }

    const grant = state?.previewGrant;
    const wantsPublished = params.status === undefined || params.status === 'published';
    if (!wantsPublished) {
      if (
        grant &&
        params.status === 'draft' &&
        (await grantCovers(strapi, grant, context.uid, context.action, params))
      ) {
        return readPreviewDraft(strapi, context.uid, context.params, next);
      }
      if (grant) {
        throw new errors.ForbiddenError('This preview token does not cover this document or locale');
      }
      refuse('status', 'Only published content can be read: status must be "published"');
    }
    // Explicit, so no default of the Document Service (drafts for some actions) ever applies here.
    (context.params as ReadParams).status = 'published';
    return next();
  });
};
