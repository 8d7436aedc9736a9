import { defaultReadQuery } from '../../../utils/default-read-query';

export const categoryPopulate = {
  examples: true,
  seo: { populate: { metaImage: true } },
};

/**
 * Without `sort`, by model code (bpo, ito, kpo): the same order in every locale. The order of the cards
 * is the overview's `categories` list, which an editor arranges; frontends read it from the overview.
 */
export default defaultReadQuery(categoryPopulate, ['code:asc']);
