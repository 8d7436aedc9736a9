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
 *   content only: any other `status`, in any spelling, is refused with 400, and filters, sorts or
 *   populates through `localizations` (which links every locale's draft row) are refused too.
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

/** Finds a key that reaches draft rows anywhere in a filters / sort / populate / fields tree. */
export const findDraftReachingKey = (value: unknown, depth = 0): string | undefined => {
  if (depth > 20 || value === null || value === undefined) return undefined;
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

const refuse = (path: string, message: string): never => {
  throw new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });
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

export const registerContentAccess = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (!READ_ACTIONS.has(context.action) || !DRAFT_AND_PUBLISH_CONTENT.has(context.uid)) return next();
    const state = stateOf(strapi.requestContext.get());
    if (!isContentApiRequest(state) || hasApiToken(state)) return next();

    const params = (context.params ?? {}) as ReadParams;
    for (const key of ['filters', 'sort', 'populate', 'fields'] as const) {
      const reaching = findDraftReachingKey(params[key]);
      if (reaching) refuse(key, `${key} through "${reaching}" is not allowed`);
    }

    const grant = state?.previewGrant;
    const wantsPublished = params.status === undefined || params.status === 'published';
    if (!wantsPublished) {
      if (
        grant &&
        params.status === 'draft' &&
        (await grantCovers(strapi, grant, context.uid, context.action, params))
      ) {
        return next();
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
