import { defaultReadQuery } from '../../../utils/default-read-query';

export const comparisonPopulate = {
  options: true,
  criteria: { populate: { values: true } },
  seo: { populate: { metaImage: true } },
};

export default defaultReadQuery(comparisonPopulate, ['displayOrder:asc']);
