import type { Schema, Struct } from '@strapi/strapi';

export interface ComparisonCriterion extends Struct.ComponentSchema {
  collectionName: 'components_comparison_criteria';
  info: {
    description: 'One row of the comparison table: a criterion and one value per compared option';
    displayName: 'Criterion row';
    icon: 'layout';
  };
  attributes: {
    criterion: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.CustomField<'global::comparison-row'> &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 160;
      }>;
    values: Schema.Attribute.Component<'comparison.option-value', true>;
  };
}

export interface ComparisonOption extends Struct.ComponentSchema {
  collectionName: 'components_comparison_options';
  info: {
    description: 'One side of a comparison (e.g. total, partial)';
    displayName: 'Compared option';
    icon: 'layout';
  };
  attributes: {
    description: Schema.Attribute.Text & Schema.Attribute.Required;
    key: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 40;
      }>;
    label: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
  };
}

export interface ComparisonOptionValue extends Struct.ComponentSchema {
  collectionName: 'components_comparison_option_values';
  info: {
    description: 'The cell of a criteria row for one compared option (matched by option key)';
    displayName: 'Value for an option';
    icon: 'layout';
  };
  attributes: {
    optionKey: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.CustomField<'global::comparison-option'> &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 40;
      }>;
    value: Schema.Attribute.Text & Schema.Attribute.Required;
  };
}

export interface ContentExample extends Struct.ComponentSchema {
  collectionName: 'components_content_examples';
  info: {
    description: 'One example of what a category covers (e.g. payroll, invoicing)';
    displayName: 'Example';
    icon: 'bulletList';
  };
  attributes: {
    label: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
  };
}

export interface OverviewFactor extends Struct.ComponentSchema {
  collectionName: 'components_overview_factors';
  info: {
    description: 'One factor to weigh when choosing an outsourcing model';
    displayName: 'Choice factor';
    icon: 'check';
  };
  attributes: {
    description: Schema.Attribute.Text;
    label: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
  };
}

export interface OverviewQuoteCta extends Struct.ComponentSchema {
  collectionName: 'components_overview_quote_ctas';
  info: {
    description: "The 'request a free quote' block, its response-time promise and the consent sentence of the form";
    displayName: 'Quote call-to-action';
    icon: 'message';
  };
  attributes: {
    buttonLabel: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
    consentLabel: Schema.Attribute.Text &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 1000;
      }>;
    requiredFieldsNote: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
    responseTimeNote: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
    text: Schema.Attribute.Text & Schema.Attribute.Required;
    title: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
  };
}

export interface OverviewSection extends Struct.ComponentSchema {
  collectionName: 'components_overview_sections';
  info: {
    description: 'Heading and introductory text of a section of the hub page';
    displayName: 'Section intro';
    icon: 'paragraph';
  };
  attributes: {
    intro: Schema.Attribute.Text;
    title: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
  };
}

export interface SharedSeo extends Struct.ComponentSchema {
  collectionName: 'components_shared_seos';
  info: {
    description: 'Search engine and social metadata for a page';
    displayName: 'SEO';
    icon: 'search';
  };
  attributes: {
    canonicalUrl: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 2048;
      }>;
    metaDescription: Schema.Attribute.Text &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 160;
      }>;
    metaImage: Schema.Attribute.Media<'images'>;
    metaTitle: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
    noIndex: Schema.Attribute.Boolean & Schema.Attribute.DefaultTo<false>;
  };
}

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'comparison.criterion': ComparisonCriterion;
      'comparison.option': ComparisonOption;
      'comparison.option-value': ComparisonOptionValue;
      'content.example': ContentExample;
      'overview.factor': OverviewFactor;
      'overview.quote-cta': OverviewQuoteCta;
      'overview.section': OverviewSection;
      'shared.seo': SharedSeo;
    }
  }
}
