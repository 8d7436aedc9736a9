import { factories } from '@strapi/strapi';

// Reads get a default populate and order so one request returns the page with its components.
export default factories.createCoreRouter('api::comparison-page.comparison-page', {
  config: {
    find: { middlewares: ['api::comparison-page.default-query'] },
    findOne: { middlewares: ['api::comparison-page.default-query'] },
  },
});
