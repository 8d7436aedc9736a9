import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::comparison-page.comparison-page');
