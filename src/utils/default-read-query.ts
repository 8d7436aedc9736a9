import type { Core } from '@strapi/strapi';

type Populate = Record<string, unknown>;

/**
 * Route middleware factory: when the client sends no `populate` (or `sort`), apply the page's
 * defaults so a frontend gets the page with its components and relations, in display order, in a
 * single request. Whatever the client sends explicitly always wins: a request that picks its `fields`
 * (`fields=slug`, `fields[0]=slug`) gets those fields only, no default components or relations, unless
 * it also asks for them with `populate`.
 */
export const defaultReadQuery =
  (populate: Populate, sort?: string[]): Core.MiddlewareFactory =>
  () =>
  async (ctx, next) => {
    const query = { ...((ctx.query ?? {}) as Record<string, unknown>) };
    if (query.populate === undefined && query.fields === undefined) query.populate = populate;
    if (sort && query.sort === undefined) query.sort = sort;
    ctx.query = query;
    await next();
  };
