import { factories } from '@strapi/strapi';

// No routes expose it: the outbox is visible to admin users in the admin only.
export default factories.createCoreController('api::quote-notification.quote-notification');
