import { factories } from '@strapi/strapi';

// Read-only over the content API: the identity is edited in the admin.
export default factories.createCoreRouter('api::site.site', { only: ['find'] });
