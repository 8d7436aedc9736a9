import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getStrapiService, type AdminAbility, type ContentManagerPermissionChecker } from '../utils/strapi-services';
import { filterFieldPaths, sortFieldPaths, UnreadableQuery } from './query-field-paths';

/**
 * Field-level read permissions on every admin read, for every content type: a role may find and order
 * documents only by the fields it may read.
 *
 * Strapi 5.54's Content Manager drops `filters` on fields a role may not read, but orders by any
 * attribute (`sort=email:ASC`, in every spelling, and `sort` in the body of bulkFindForValidation) and
 * its list search `_q` covers every string column: a role allowed `reference` alone found a person by
 * address or message words (1 vs 0 results) and learned the order of their addresses. Here, on the
 * Content Manager's routes (after the admin's authentication, before the controller):
 * - `sort` or `filters` naming a field the role may not read (at any depth: `$and`/`$or`/`$not`,
 *   components by nested path, relations through the target's own permissions) answers 400;
 * - `_q` searches only the string fields the role may read (and `id`; number fields it may read when the
 *   search is a number, by equality): the same search for a role that reads every field, a narrower
 *   one for a role that reads some;
 * - a shape the check cannot read (too deep, a number for a field name, an unknown direction) answers 400.
 * The relations lookup (`/relations/:model/…`) is checked against the target content type: Strapi
 * already searches its `_q` on the target's main field, and only when the role may read it.
 */

type Uid = Parameters<Core.Strapi['getModel']>[0];

interface Attribute {
  type: string;
  target?: string;
  component?: string;
}
interface Schema {
  uid?: string;
  attributes: Record<string, Attribute>;
  options?: { draftAndPublish?: boolean };
}

/** Fields Strapi lets every role with read permission filter and sort on: identity and timestamps. */
const ALWAYS_QUERYABLE = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale']);
/** The admin users behind createdBy / updatedBy: the fields Strapi shows of them to any admin. */
const CREATOR_RELATIONS = new Set(['createdBy', 'updatedBy']);
const ADMIN_USER_QUERYABLE = new Set(['id', 'firstname', 'lastname', 'username', 'email', 'isActive']);

const checkerFor = (userAbility: AdminAbility, uid: string): ContentManagerPermissionChecker =>
  getStrapiService('plugin::content-manager.permission-checker').create({ userAbility, model: uid });

/**
 * Whether this role may read the field at `path` of `schema` (`email`, `quoteCta.title`,
 * `categories.name`, `createdBy.firstname`). `prefix` is the path from the content type down to a
 * component, as Strapi's field permissions name component fields. Anything not understood: false.
 */
const mayReadPath = (
  strapi: Core.Strapi,
  userAbility: AdminAbility,
  checker: ContentManagerPermissionChecker,
  schema: Schema,
  path: string[],
  prefix: string[] = []
): boolean => {
  const [name, ...rest] = path;
  if (prefix.length === 0 && ALWAYS_QUERYABLE.has(name)) return rest.length === 0;
  if (prefix.length === 0 && CREATOR_RELATIONS.has(name)) {
    return rest.length === 0 || (rest.length === 1 && ADMIN_USER_QUERYABLE.has(rest[0]));
  }
  if (!Object.prototype.hasOwnProperty.call(schema.attributes, name)) return false;
  const attribute = schema.attributes[name];
  const fullPath = [...prefix, name];
  switch (attribute.type) {
    case 'component': {
      const component = attribute.component
        ? (strapi.components as unknown as Record<string, Schema>)[attribute.component]
        : undefined;
      if (!component) return false;
      if (rest.length > 0) return mayReadPath(strapi, userAbility, checker, component, rest, fullPath);
      // The component itself (a filter's way down to its fields): permissions name its fields only.
      return (
        checker.can.read(undefined, fullPath.join('.')) ||
        Object.keys(component.attributes).some((field) =>
          mayReadPath(strapi, userAbility, checker, component, [field], fullPath)
        )
      );
    }
    case 'relation': {
      if (!checker.can.read(undefined, fullPath.join('.'))) return false;
      if (rest.length === 0) return true;
      const target = attribute.target;
      if (!target || !target.startsWith('api::')) return false;
      const targetChecker = checkerFor(userAbility, target);
      if (targetChecker.cannot.read()) return false;
      return mayReadPath(strapi, userAbility, targetChecker, strapi.getModel(target as Uid), rest);
    }
    case 'dynamiczone':
    case 'media':
      // Nothing inside them is a list column or filter of the Content Manager: only the field itself.
      return rest.length === 0 && checker.can.read(undefined, fullPath.join('.'));
    default:
      return rest.length === 0 && checker.can.read(undefined, fullPath.join('.'));
  }
};

const refuse = (parameter: string, message: string): never => {
  throw new errors.ValidationError(message, {
    errors: [{ path: [parameter], message, name: 'ValidationError' }],
  });
};

/**
 * 400 when `sort` or `filters` name a field the role may not read on `uid` (or cannot be read).
 * `sortFields` adds names the caller handles itself (the Content Manager's computed `status`).
 */
export const assertReadableQuery = (
  strapi: Core.Strapi,
  userAbility: AdminAbility,
  uid: string,
  query: { sort?: unknown; filters?: unknown },
  { extraSortFields = [], extraFilterFields = [] }: { extraSortFields?: string[]; extraFilterFields?: string[] } = {}
): void => {
  const schema = strapi.getModel(uid as Uid) as unknown as Schema | undefined;
  if (!schema) refuse('model', 'Unknown content type');
  const checker = checkerFor(userAbility, uid);
  const check = (parameter: 'sort' | 'filters', paths: string[][], extra: string[]): void => {
    for (const path of paths) {
      if (path.length === 1 && extra.includes(path[0])) continue;
      if (!mayReadPath(strapi, userAbility, checker, schema as Schema, path)) {
        refuse(parameter, `Your role may not ${parameter === 'sort' ? 'sort' : 'filter'} by ${path.join('.')}`);
      }
    }
  };
  try {
    if (query.sort !== undefined) check('sort', sortFieldPaths(query.sort), extraSortFields);
    if (query.filters !== undefined) check('filters', filterFieldPaths(query.filters), extraFilterFields);
  } catch (error) {
    if (error instanceof UnreadableQuery) refuse(error.parameter, error.message);
    throw error;
  }
};

/** The string columns Strapi's list search (`_q`) covers, and the number columns it adds for a numeric search. */
const searchColumns = (strapi: Core.Strapi, uid: string): { strings: string[]; numbers: string[] } => {
  const { attributes } = strapi.db.metadata.get(uid) as unknown as {
    attributes: Record<string, { type: string; searchable?: boolean }>;
  };
  const strings: string[] = [];
  const numbers: string[] = [];
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.searchable === false) continue;
    if (['string', 'text', 'uid', 'email', 'enumeration', 'richtext'].includes(attribute.type)) strings.push(name);
    if (['biginteger', 'integer', 'decimal', 'float'].includes(attribute.type)) numbers.push(name);
  }
  return { strings, numbers };
};

/**
 * `_q` limited to what the role reads. A role that reads every column Strapi would search keeps
 * Strapi's own search (the query is left as it is); otherwise `_q` becomes a filter: `$containsi` on
 * each readable string column, `id` and readable number columns by equality when the search is a
 * number. Changes `query` in place (the object the controller reads).
 */
export const narrowSearch = (
  strapi: Core.Strapi,
  userAbility: AdminAbility,
  uid: string,
  query: Record<string, unknown>
): void => {
  const search = query._q;
  if (search === undefined) return;
  if (typeof search !== 'string') refuse('_q', 'Invalid _q: expected one search text');
  const text = search as string;
  const schema = strapi.getModel(uid as Uid) as unknown as Schema;
  const checker = checkerFor(userAbility, uid);
  const readable = (name: string): boolean => mayReadPath(strapi, userAbility, checker, schema, [name]);
  const { strings, numbers } = searchColumns(strapi, uid);
  const numeric = text.trim() !== '' && !Number.isNaN(Number(text));
  const searched = [...strings, ...(numeric ? numbers : [])];
  if (searched.every(readable)) return;

  const clauses: Record<string, unknown>[] = strings.filter(readable).map((name) => ({ [name]: { $containsi: text } }));
  if (numeric) {
    for (const name of ['id', ...numbers.filter(readable)]) clauses.push({ [name]: { $eq: Number(text) } });
  }
  delete query._q;
  // No readable column: a search that matches nothing, as a search over no column would.
  const clause = clauses.length > 0 ? { $or: clauses } : { id: { $null: true } };
  const existing = query.filters;
  if (existing === undefined) query.filters = { $and: [clause] };
  else if (typeof existing === 'object' && existing !== null && Array.isArray((existing as { $and?: unknown }).$and)) {
    (existing as { $and: unknown[] }).$and.push(clause);
  } else query.filters = { $and: [existing, clause] };
};

interface ContentManagerRoute {
  method: string;
  path: string;
  config?: { middlewares?: unknown[] };
}

const abilityOf = (state: unknown): AdminAbility | undefined =>
  (state as { userAbility?: AdminAbility } | undefined)?.userAbility;

/**
 * Adds the check to every Content Manager route that reads documents of a content type
 * (`/collection-types/:model…`, `/single-types/:model…`, `/relations/:model/…`). Runs at register,
 * like the preview route's guard.
 */
export const guardContentManagerReads = (strapi: Core.Strapi): void => {
  const routers = strapi.plugin('content-manager').routes as unknown as Record<
    string,
    { routes?: ContentManagerRoute[] }
  >;
  const routes = Object.values(routers).flatMap((router) => router.routes ?? []);
  const documentRoutes = routes.filter((route) => /^\/(collection-types|single-types)\/:model(\/|$)/.test(route.path));
  const relationRoutes = routes.filter((route) => route.path.startsWith('/relations/:model/'));
  if (documentRoutes.length === 0 || relationRoutes.length === 0) {
    throw new Error('Content Manager routes not found: cannot check field permissions on its reads');
  }

  /** `orderInBody`: bulkFindForValidation takes its order from the body (elsewhere a body is a document's fields). */
  const documentGuard =
    (orderInBody: boolean): Core.MiddlewareHandler =>
    async (ctx, next) => {
      const userAbility = abilityOf(ctx.state);
      const uid = String((ctx.params as { model?: string }).model ?? '');
      if (!userAbility) throw new errors.ForbiddenError('Content Manager reads are for signed-in admins only');
      if (!strapi.contentTypes[uid as keyof typeof strapi.contentTypes])
        throw new errors.NotFoundError('No such content type');
      const query = ctx.request.query as Record<string, unknown>;
      const body: unknown = ctx.request.body;
      const draftAndPublish = Boolean((strapi.getModel(uid as Uid) as unknown as Schema).options?.draftAndPublish);
      const options = {
        // The list's publication-status column and filter: computed by the Content Manager, not a field.
        extraSortFields: draftAndPublish ? ['status'] : [],
        extraFilterFields: ['__status'],
      };
      assertReadableQuery(strapi, userAbility, uid, query, options);
      if (orderInBody) {
        if (typeof body !== 'object' || body === null || Array.isArray(body)) refuse('body', 'Invalid body');
        const { sort, filters } = body as { sort?: unknown; filters?: unknown };
        assertReadableQuery(strapi, userAbility, uid, { sort, filters }, options);
      }
      narrowSearch(strapi, userAbility, uid, query);
      await next();
    };

  const relationGuard: Core.MiddlewareHandler = async (ctx, next) => {
    const userAbility = abilityOf(ctx.state);
    if (!userAbility) throw new errors.ForbiddenError('Content Manager reads are for signed-in admins only');
    const { model, targetField } = ctx.params as { model?: string; targetField?: string };
    const source = model ? (strapi.getModel(model as Uid) as unknown as Schema | undefined) : undefined;
    const attribute = source && targetField ? source.attributes[targetField] : undefined;
    // Strapi answers an unknown model or field itself; the check applies to a relation's target.
    if (attribute?.type === 'relation' && attribute.target) {
      assertReadableQuery(strapi, userAbility, attribute.target, ctx.request.query);
    }
    await next();
  };

  for (const route of documentRoutes) {
    const guard = documentGuard(route.path.endsWith('/actions/bulkFindForValidation'));
    route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), guard] };
  }
  for (const route of relationRoutes) {
    route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), relationGuard] };
  }
};
