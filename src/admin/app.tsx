import type { StrapiApp } from '@strapi/strapi/admin';
import { ChartPie } from '@strapi/icons';
import type { DocumentActionComponent, PanelComponent } from '@strapi/content-manager/strapi-admin';
import { ExportCsvButton } from './quote-requests/ExportCsvButton';
import { PersonalDataPanel } from './quote-requests/PersonalDataPanel';
import { AttachmentsPanel } from './quote-requests/AttachmentsPanel';
import { RetryNotificationAction } from './quote-requests/RetryNotificationAction';
import { translations } from './translations';
import { registerComparisonFields } from './comparison/custom-fields';
import { disableGuidedTour } from './guided-tour';
import { dismissMediaLibraryAnnouncement } from './media-library-banner';
import { applyInstallLanguageBeforeSignIn } from './default-language';
import { keepFormOnRefusedSave } from './keep-refused-form';
import { localiseDisplayNames } from './display-names-middleware';
import { translateFixedEnglish } from './fixed-english';
import { registerReadOnlyDates } from './read-only-dates';
import { rememberUploadSettingsPermission, skipRefusedUploadSettings } from './upload-settings';
import { offerResendInvitation } from './resend-invitation';
import { hideRefusedWritesOnApplicationRecords } from './application-written';
import { INJECT_COLUMN_IN_TABLE, localiseListCells } from './list-cells';
import { DASHBOARD_ACTION, QUOTE_REQUEST_UID } from './quote-requests/constants';

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
  register(app: StrapiApp) {
    disableGuidedTour();
    dismissMediaLibraryAnnouncement();
    applyInstallLanguageBeforeSignIn();
    translateFixedEnglish();
    skipRefusedUploadSettings();
    app.addMiddlewares([keepFormOnRefusedSave, localiseDisplayNames, rememberUploadSettingsPermission]);
    registerReadOnlyDates(app);
    app.addRBACMiddleware(hideRefusedWritesOnApplicationRecords);
    // The comparison table: a row's cells all open, options chosen by label.
    registerComparisonFields(app);
    // Shown to roles holding the dashboard permission (Super Admin, Sales); the API checks it again.
    app.widgets.register({
      id: 'sales-desk',
      icon: ChartPie,
      title: { id: 'sales-desk.widget.title', defaultMessage: 'Sales desk' },
      link: {
        label: { id: 'sales-desk.widget.link', defaultMessage: 'Quote requests' },
        href: `/content-manager/collection-types/${QUOTE_REQUEST_UID}`,
      },
      component: async () => (await import('./quote-requests/SalesDeskWidget')).SalesDeskWidget,
      permissions: [{ action: DASHBOARD_ACTION }],
    });
  },
  bootstrap(app: StrapiApp) {
    // List cells speak the interface language: choice values, the request's tags, short dates.
    app.registerHook(INJECT_COLUMN_IN_TABLE, localiseListCells);
    const contentManager = app.getPlugin('content-manager');
    const { apis } = contentManager;
    if (!isContentManagerApis(apis))
      throw new Error('The Content Manager does not offer side panels and document actions');
    // Settings → Users → a user who has not registered: "Renvoyer l'invitation" under the link.
    offerResendInvitation();
    apis.addEditViewSidePanel((panels) => [...panels, AttachmentsPanel, PersonalDataPanel]);
    apis.addDocumentAction((actions) => [...actions, RetryNotificationAction]);
    contentManager.injectComponent('listView', 'actions', { name: 'quote-request-export', Component: ExportCsvButton });
  },
};
