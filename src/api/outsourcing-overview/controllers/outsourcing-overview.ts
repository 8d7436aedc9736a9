import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::outsourcing-overview.outsourcing-overview');
