import type { StrapiApp } from '@strapi/strapi/admin';
import { COMPARISON_CUSTOM_FIELDS } from '../../api/comparison-page/custom-fields';

/**
 * The comparison table's inputs (registered on the server too: src/api/comparison-page/custom-fields.ts).
 * Both store plain strings: the API shape of the comparison page is unchanged.
 */
export const registerComparisonFields = (app: StrapiApp): void => {
  app.customFields.register([
    {
      name: COMPARISON_CUSTOM_FIELDS.row,
      type: 'string',
      intlLabel: { id: 'comparison.field.row.label', defaultMessage: 'Comparison table row' },
      intlDescription: {
        id: 'comparison.field.row.description',
        defaultMessage: 'A row’s criterion and one value per option of the page',
      },
      components: { Input: async () => import('./CriterionRowInput') },
    },
    {
      name: COMPARISON_CUSTOM_FIELDS.option,
      type: 'string',
      intlLabel: { id: 'comparison.field.option.label', defaultMessage: 'Option of the page' },
      intlDescription: {
        id: 'comparison.field.option.description',
        defaultMessage: 'One of the page’s compared options, chosen by its label',
      },
      components: { Input: async () => import('./OptionKeyInput') },
    },
  ]);
};
