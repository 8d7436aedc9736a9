import { factories } from '@strapi/strapi';

// Reads get a default populate and order so one request returns the hub page with its sections and relations.
export default factories.createCoreRouter('api::outsourcing-overview.outsourcing-overview', {
  config: {
    find: { middlewares: ['api::outsourcing-overview.default-query'] },
  },
});
