import { defaultReadQuery } from '../../../utils/default-read-query';

export const categoryPopulate = {
  examples: true,
  seo: { populate: { metaImage: true } },
};

export default defaultReadQuery(categoryPopulate, ['displayOrder:asc']);
