import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getStrapiService, type AdminAbility } from '../utils/strapi-services';

/**
 * The Content Manager's relation lookups (`GET /content-manager/relations/:model/:targetField`, the
 * choices of a relation field, and `/relations/:model/:id/:targetField`, a document's current ones)
 * answer 403 to a role that may not read the relation field on its content type, or may not read the
 * type the relation points to.
 *
 * Strapi 5.54's relations controller answers such a role with `ctx.forbidden()` from a helper whose
 * caller then reads the helper's missing result: a TypeError, a 500 with the stack in the log. A route
 * middleware on both routes (they run after the admin's authentication, on the route the router
 * matched, whatever the spelling of the path) decides first, with the Content Manager's permission
 * checker (field lists and conditions included). Unknown models and fields that are no relation go on
 * to Strapi's own 400; the per-document check of a role with conditions (`admin::is-creator`) stays the
 * controller's, which answers it with a proper 403.
 */
const RELATION_ROUTES = ['/relations/:model/:targetField', '/relations/:model/:id/:targetField'];

interface PluginRoute {
  path: string;
  method: string;
  config?: { middlewares?: unknown[] };
}

interface RelationAttribute {
  type?: unknown;
  target?: unknown;
}

const abilityOf = (state: unknown): AdminAbility | undefined =>
  (state as { userAbility?: AdminAbility } | undefined)?.userAbility;

/** Throws 403 unless the role may read `targetField` on `model` and may read the relation's target type. */
export const authoriseRelationLookup = (
  strapi: Core.Strapi,
  userAbility: AdminAbility | undefined,
  model: string,
  targetField: string
): void => {
  if (!userAbility) throw new errors.ForbiddenError('Relation lookups are for signed-in admins only');
  const schema = strapi.getModel(model as Parameters<typeof strapi.getModel>[0]) as
    | { modelType?: unknown; attributes?: Record<string, RelationAttribute> }
    | undefined;
  const attributes = schema?.attributes ?? {};
  const attribute = Object.prototype.hasOwnProperty.call(attributes, targetField) ? attributes[targetField] : undefined;
  // Strapi's controller answers these with 400 ValidationError; nothing to read, nothing to refuse here.
  if (!schema || attribute?.type !== 'relation' || typeof attribute.target !== 'string') return;
  const checkers = getStrapiService('plugin::content-manager.permission-checker');
  // A component has no permissions of its own: the content types that use it are checked when the
  // document is saved; its relation still points to a type the role must be able to read.
  if (schema.modelType !== 'component' && checkers.create({ userAbility, model }).cannot.read(null, targetField)) {
    throw new errors.ForbiddenError('Your role may not read this relation');
  }
  if (checkers.create({ userAbility, model: attribute.target }).cannot.read()) {
    throw new errors.ForbiddenError('Your role may not read the content this relation points to');
  }
};

export const guardRelationLookups = (strapi: Core.Strapi): void => {
  const routers = strapi.plugin('content-manager').routes as unknown as Record<string, { routes?: PluginRoute[] }>;
  const routes = Object.values(routers).flatMap((router) => router.routes ?? []);
  const guard: Core.MiddlewareHandler = async (ctx, next) => {
    const { model, targetField } = ctx.params as { model?: unknown; targetField?: unknown };
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    authoriseRelationLookup(strapi, abilityOf(ctx.state), text(model), text(targetField));
    await next();
  };
  for (const path of RELATION_ROUTES) {
    const route = routes.find((candidate) => candidate.method === 'GET' && candidate.path === path);
    if (!route) throw new Error(`Content Manager route GET ${path} not found: cannot guard relation lookups`);
    route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), guard] };
  }
};
