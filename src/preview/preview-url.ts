import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getStrapiService, type AdminAbility } from '../utils/strapi-services';
import { buildPreviewUrl } from './preview';

/**
 * The admin's "Open preview" URL for a document, minted only for an admin whose role may read that
 * content type (and that document, when the role's read permission has conditions), through the
 * Content Manager's own permission checker. Strapi 5.54 calls the preview handler without checking
 * anything beyond "is an admin", so a Sales user could otherwise mint draft-reading tokens.
 */
interface PreviewQuery {
  documentId?: string;
  locale?: string;
  status?: string;
}

/**
 * Who may mint a preview token, and for what: a signed-in admin whose role may read the content type
 * and that very document (roles with conditions, such as the Author's `is-creator`, through the Content
 * Manager's permission checker), for a document and locale that exist. Throws 403 / 404.
 */
const authorisePreview = async (
  strapi: Core.Strapi,
  userAbility: AdminAbility | undefined,
  uid: string,
  { documentId, locale, status }: PreviewQuery
): Promise<{ documentId: string; slug?: string }> => {
  if (!userAbility) throw new errors.ForbiddenError('Preview links are minted for signed-in admins only');
  const checker = getStrapiService('plugin::content-manager.permission-checker').create({ userAbility, model: uid });
  if (checker.cannot.read()) throw new errors.ForbiddenError('Your role may not read this content type');

  const wanted = status === 'draft' ? 'draft' : 'published';
  const documents = strapi.documents(uid as Parameters<typeof strapi.documents>[0]);
  // A single type's edit view names no document (it has one): the admin asks without a documentId.
  const singleType =
    (strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]) as { kind?: string }).kind === 'singleType';
  const document =
    typeof documentId === 'string' && documentId !== ''
      ? ((await documents.findOne({ documentId, locale, status: wanted, populate: ['createdBy'] })) as {
          documentId: string;
          slug?: string;
        } | null)
      : singleType
        ? ((await documents.findFirst({ locale, status: wanted, populate: ['createdBy'] })) as {
            documentId: string;
            slug?: string;
          } | null)
        : null;
  // A token for a locale nobody has written yet would read that translation's draft once someone does.
  if (!document) throw new errors.NotFoundError('No such document in this locale');
  if (checker.requiresEntity.read() && checker.cannot.read(document)) {
    throw new errors.ForbiddenError('Your role may not read this document');
  }
  return document;
};

const abilityOf = (state: unknown): AdminAbility | undefined =>
  (state as { userAbility?: AdminAbility } | undefined)?.userAbility;

export const resolvePreviewUrl = async (
  strapi: Core.Strapi,
  frontendUrl: string,
  secret: string,
  uid: string,
  query: PreviewQuery
): Promise<string | null> => {
  const document = await authorisePreview(strapi, abilityOf(strapi.requestContext.get()?.state), uid, query);
  const wanted = query.status === 'draft' ? 'draft' : 'published';
  return buildPreviewUrl(
    frontendUrl,
    uid,
    { documentId: document.documentId, locale: query.locale, status: wanted, slug: document.slug },
    secret
  );
};

/**
 * Strapi's preview service turns any error of the URL handler into a 400 "Failed to get preview URL".
 * The same checks as a route middleware on the Content Manager's preview route (it runs after the
 * admin's authentication) answer what they mean: 403 for a role that may not read, 404 for a document or
 * locale that does not exist. The handler keeps its own checks.
 */
export const guardPreviewRoute = (strapi: Core.Strapi): void => {
  const routers = strapi.plugin('content-manager').routes as unknown as Record<
    string,
    { routes?: { path: string; method: string; config?: { middlewares?: unknown[] } }[] }
  >;
  const route = Object.values(routers)
    .flatMap((router) => router.routes ?? [])
    .find((candidate) => candidate.method === 'GET' && candidate.path === '/preview/url/:contentType');
  if (!route) throw new Error('Content Manager preview route not found: cannot guard preview tokens');
  const guard: Core.MiddlewareHandler = async (ctx, next) => {
    const uid = String((ctx.params as { contentType?: string }).contentType ?? '');
    const query = ctx.query as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    if (!strapi.contentTypes[uid as keyof typeof strapi.contentTypes])
      throw new errors.NotFoundError('No such content type');
    await authorisePreview(strapi, abilityOf(ctx.state), uid, {
      documentId: text(query.documentId),
      locale: text(query.locale),
      status: text(query.status),
    });
    await next();
  };
  route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), guard] };
};
