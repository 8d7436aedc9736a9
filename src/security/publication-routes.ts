import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

interface ContentManagerRoute {
  method: string;
  path: string;
  config?: { middlewares?: unknown[] };
}

/** The Content Manager's publication routes, by their path in the route table. */
const PUBLICATION_ROUTE =
  /^\/(collection-types|single-types)\/:model(\/:id)?\/actions\/(publish|unpublish|discard|bulkPublish|bulkUnpublish)$/;

/**
 * A content type without draft & publish (quote requests, notifications, routing, consent texts, the
 * privacy log) has nothing to publish, unpublish or discard. Strapi 5.54 still routes those actions to
 * the Document Service, which has no `unpublish` or `discardDraft` for such a type: a 500. Answered
 * here with 400 before the controller, for every such type and every role holding the permission.
 */
export const refusePublicationWithoutDrafts = (strapi: Core.Strapi): void => {
  const routers = strapi.plugin('content-manager').routes as unknown as Record<
    string,
    { routes?: ContentManagerRoute[] }
  >;
  const routes = Object.values(routers)
    .flatMap((router) => router.routes ?? [])
    .filter((route) => route.method === 'POST' && PUBLICATION_ROUTE.test(route.path));
  if (routes.length === 0) throw new Error('Content Manager publication routes not found');
  const guard: Core.MiddlewareHandler = async (ctx, next) => {
    const uid = String((ctx.params as { model?: string }).model ?? '');
    const model = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as
      | { options?: { draftAndPublish?: boolean } }
      | undefined;
    if (model && !model.options?.draftAndPublish) {
      throw new errors.ValidationError(`${uid} has no draft and publish: nothing to publish, unpublish or discard`);
    }
    await next();
  };
  for (const route of routes) {
    route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), guard] };
  }
};
