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
export const resolvePreviewUrl = async (
  strapi: Core.Strapi,
  frontendUrl: string,
  secret: string,
  uid: string,
  { documentId, locale, status }: { documentId: string; locale?: string; status?: string }
): Promise<string | null> => {
  const request = strapi.requestContext.get();
  const userAbility = (request?.state as { userAbility?: AdminAbility } | undefined)?.userAbility;
  if (!userAbility) throw new errors.ForbiddenError('Preview links are minted for signed-in admins only');

  const checker = getStrapiService('plugin::content-manager.permission-checker').create({ userAbility, model: uid });
  if (checker.cannot.read()) throw new errors.ForbiddenError('Your role may not read this content type');

  const wanted = status === 'draft' ? 'draft' : 'published';
  const document = (await strapi
    .documents(uid as Parameters<typeof strapi.documents>[0])
    .findOne({ documentId, locale, status: wanted, populate: ['createdBy'] })) as {
    slug?: string;
  } | null;
  if (document && checker.requiresEntity.read() && checker.cannot.read(document)) {
    throw new errors.ForbiddenError('Your role may not read this document');
  }
  return buildPreviewUrl(frontendUrl, uid, { documentId, locale, status: wanted, slug: document?.slug }, secret);
};
