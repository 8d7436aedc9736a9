import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::outsourcing-overview.outsourcing-overview');
