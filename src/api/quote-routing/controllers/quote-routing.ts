import { factories } from '@strapi/strapi';

// No routes expose it: routing is edited and read in the admin only.
export default factories.createCoreController('api::quote-routing.quote-routing');
