import type { StrapiApp } from '@strapi/strapi/admin';
import type { DocumentActionComponent, PanelComponent } from '@strapi/content-manager/strapi-admin';
import { ExportCsvButton } from './quote-requests/ExportCsvButton';
import { PersonalDataPanel } from './quote-requests/PersonalDataPanel';
import { RetryNotificationAction } from './quote-requests/RetryNotificationAction';
import { translations } from './translations';

interface ContentManagerApis {
  addEditViewSidePanel(panels: (previous: PanelComponent[]) => PanelComponent[]): void;
  addDocumentAction(actions: (previous: DocumentActionComponent[]) => DocumentActionComponent[]): void;
}

/** The Content Manager's APIs are typed as a plain record on the plugin: checked here, not cast. */
const isContentManagerApis = (apis: Record<string, unknown>): apis is Record<string, unknown> & ContentManagerApis =>
  typeof apis.addEditViewSidePanel === 'function' && typeof apis.addDocumentAction === 'function';

export default {
  config: {
    // The admin's interface in French as well as English (the content itself is localised by i18n).
    locales: ['fr'],
    translations,
    tutorials: false,
    notifications: { releases: false },
  },
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager');
    const { apis } = contentManager;
    if (!isContentManagerApis(apis))
      throw new Error('The Content Manager does not offer side panels and document actions');
    apis.addEditViewSidePanel((panels) => [...panels, PersonalDataPanel]);
    apis.addDocumentAction((actions) => [...actions, RetryNotificationAction]);
    contentManager.injectComponent('listView', 'actions', { name: 'quote-request-export', Component: ExportCsvButton });
  },
};
