import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::comparison-page.comparison-page');
