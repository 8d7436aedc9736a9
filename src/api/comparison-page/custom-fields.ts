import type { Core } from '@strapi/strapi';

/**
 * The comparison table's custom fields (`global::<name>`), plain strings in the database and the APIs;
 * their inputs are in src/admin/comparison. Plain data apart from the registration: the admin bundle
 * reads the names.
 */
export const COMPARISON_CUSTOM_FIELDS = { row: 'comparison-row', option: 'comparison-option' } as const;

export const registerComparisonCustomFields = (strapi: Core.Strapi): void => {
  strapi.customFields.register([
    { name: COMPARISON_CUSTOM_FIELDS.row, type: 'string' },
    { name: COMPARISON_CUSTOM_FIELDS.option, type: 'string' },
  ]);
};
