import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::outsourcing-category.outsourcing-category');
