import { factories } from '@strapi/strapi';

// Reads get a default populate and order so one request returns the page with its components.
export default factories.createCoreRouter('api::outsourcing-category.outsourcing-category', {
  config: {
    find: { middlewares: ['api::outsourcing-category.default-query'] },
    findOne: { middlewares: ['api::outsourcing-category.default-query'] },
  },
});
