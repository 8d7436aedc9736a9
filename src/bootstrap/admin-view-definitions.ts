/**
 * What the Content Manager shows for each content type and component: list columns and order, edit
 * layout, and for every field a French label, its English label and a one-line help text. For the page's
 * content, the help text names the section of the public page (the French source page) the field fills.
 *
 * Each content type's view lives beside its schema (src/api/<name>/content-types/<name>/admin-view.ts),
 * the components' in src/features/site-content/component-views.ts; this module lists them. Plain data,
 * no Strapi import: src/bootstrap/admin-views.ts applies it at start, and the admin bundle may import
 * `englishFieldLabels()` for its English translations.
 *
 * Strapi stores one label per field (shown to every admin whatever the interface language): the French
 * one. The admin looks each label up first under `content-manager.content-types.<uid>.<field>` (and
 * `content-manager.components.<uid>.<field>`) in the interface language's messages, which is how an
 * English admin gets the English label. Help texts have no such hook: French only.
 */

import type { ViewDefinition } from './admin-view-kit';
import outsourcingOverviewView from '../api/outsourcing-overview/content-types/outsourcing-overview/admin-view';
import outsourcingCategoryView from '../api/outsourcing-category/content-types/outsourcing-category/admin-view';
import comparisonPageView from '../api/comparison-page/content-types/comparison-page/admin-view';
import siteView from '../api/site/content-types/site/admin-view';
import quoteRequestView from '../api/quote-request/content-types/quote-request/admin-view';
import quoteAttachmentView from '../api/quote-request/content-types/quote-attachment/admin-view';
import quoteNotificationView from '../api/quote-notification/content-types/quote-notification/admin-view';
import quoteRoutingView from '../api/quote-routing/content-types/quote-routing/admin-view';
import salesDeskView from '../api/sales-desk/content-types/sales-desk/admin-view';
import privacyLogView from '../api/privacy-log/content-types/privacy-log/admin-view';
import consentTextView from '../api/privacy-log/content-types/consent-text/admin-view';
import { COMPONENT_VIEWS } from '../features/site-content/component-views';

export type { FieldText, LayoutField, ViewDefinition } from './admin-view-kit';
export { COMPONENT_VIEWS };

export const CONTENT_TYPE_VIEWS: Record<string, ViewDefinition> = {
  'api::outsourcing-overview.outsourcing-overview': outsourcingOverviewView,
  'api::outsourcing-category.outsourcing-category': outsourcingCategoryView,
  'api::comparison-page.comparison-page': comparisonPageView,
  'api::site.site': siteView,
  'api::quote-request.quote-request': quoteRequestView,
  'api::quote-request.quote-attachment': quoteAttachmentView,
  'api::quote-notification.quote-notification': quoteNotificationView,
  'api::quote-routing.quote-routing': quoteRoutingView,
  'api::sales-desk.sales-desk': salesDeskView,
  'api::privacy-log.privacy-log': privacyLogView,
  'api::privacy-log.consent-text': consentTextView,
};

/**
 * The field labels as admin messages, for `config.translations` in src/admin/app.tsx: the admin looks a
 * label up under these ids in the interface language's messages first, and falls back to English
 * messages for a language that lacks one, so both languages carry every label.
 */
export const fieldLabelMessages = (language: 'fr' | 'en'): Record<string, string> => {
  const messages: Record<string, string> = {};
  const add = (prefix: string, views: Record<string, ViewDefinition>) => {
    for (const [uid, view] of Object.entries(views)) {
      for (const [field, text] of Object.entries(view.fields)) {
        messages[`content-manager.${prefix}.${uid}.${field}`] = language === 'fr' ? text.label : text.en;
      }
    }
  };
  add('content-types', CONTENT_TYPE_VIEWS);
  add('components', COMPONENT_VIEWS);
  return messages;
};

/** The English labels as admin messages. */
export const englishFieldLabels = (): Record<string, string> => fieldLabelMessages('en');
