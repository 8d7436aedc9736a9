import { defaultReadQuery } from '../../../utils/default-read-query';

export default defaultReadQuery({
  categoriesSection: true,
  categories: {
    fields: ['code', 'acronym', 'name', 'slug', 'summary', 'linkLabel'],
    populate: { examples: true },
  },
  comparisonPages: {
    fields: ['title', 'slug', 'intro', 'linkLabel', 'displayOrder'],
    populate: { options: true },
  },
  choosingSection: true,
  factors: true,
  quoteCta: true,
  seo: { populate: { metaImage: true } },
});
