import type { Core } from '@strapi/strapi';
import { getStrapiService } from '../utils/strapi-services';

/**
 * `localizations` links a document to every other locale's rows, drafts included. Over REST the
 * content-access middleware drops it from populates and refuses filters through it; over GraphQL it is
 * simply not part of the schema (neither the field nor its filter input), so graphql-js's own validation
 * refuses any document that names it, at any nesting depth, before anything runs. Frontends ask for a
 * locale with the `locale` argument instead.
 */
export const hideLocalizationsFromGraphql = (strapi: Core.Strapi): void => {
  const extension = getStrapiService('plugin::graphql.extension');
  for (const [uid, model] of Object.entries(strapi.contentTypes)) {
    const localized = (model as { pluginOptions?: { i18n?: { localized?: boolean } } }).pluginOptions?.i18n?.localized;
    if (localized && uid.startsWith('api::')) {
      extension.shadowCRUD(uid).field('localizations').disable();
      extension.shadowCRUD(uid).field('localizations').disableFilters();
    }
  }
};
