import type { Core } from '@strapi/strapi';
import { getStrapiService } from '../../utils/strapi-services';
import { CONSENT_TEXT_UID, PRIVACY_LOG_UID } from './constants';

/**
 * The privacy log and the stored consent texts are read in the admin panel only: no generated
 * GraphQL query or mutation (they have no REST routes either).
 */
export const registerPrivacyGraphql = (strapi: Core.Strapi): void => {
  if (!strapi.plugin('graphql')) return;
  const extension = getStrapiService('plugin::graphql.extension');
  for (const uid of [PRIVACY_LOG_UID, CONSENT_TEXT_UID]) {
    extension.shadowCRUD(uid).disable();
  }
};
