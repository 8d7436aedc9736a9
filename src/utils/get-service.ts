import type quoteExport from '../api/quote-request/services/quote-export';
import type quoteRequest from '../api/quote-request/services/quote-request';
import type quoteNotification from '../api/quote-notification/services/quote-notification';
import type quoteRouting from '../api/quote-routing/services/quote-routing';
import type privacy from '../api/privacy-log/services/privacy';
import type privacyConsent from '../api/privacy-log/services/consent';
import type privacyRetention from '../api/privacy-log/services/retention';
import type salesDesk from '../api/sales-desk/services/sales-desk';
import type slaReminders from '../api/sales-desk/services/sla-reminders';
import type quoteStats from '../api/sales-desk/services/quote-stats';

/** This application's services, by short name, typed from their own factories. */
interface Services {
  'quote-request': ReturnType<typeof quoteRequest>;
  'quote-export': ReturnType<typeof quoteExport>;
  'quote-notification': ReturnType<typeof quoteNotification>;
  'quote-routing': ReturnType<typeof quoteRouting>;
  privacy: ReturnType<typeof privacy>;
  'privacy-consent': ReturnType<typeof privacyConsent>;
  'privacy-retention': ReturnType<typeof privacyRetention>;
  'sales-desk': ReturnType<typeof salesDesk>;
  'sla-reminders': ReturnType<typeof slaReminders>;
  'quote-stats': ReturnType<typeof quoteStats>;
}

const UIDS = {
  'quote-request': 'api::quote-request.quote-request',
  'quote-export': 'api::quote-request.quote-export',
  'quote-notification': 'api::quote-notification.quote-notification',
  'quote-routing': 'api::quote-routing.quote-routing',
  privacy: 'api::privacy-log.privacy',
  'privacy-consent': 'api::privacy-log.consent',
  'privacy-retention': 'api::privacy-log.retention',
  'sales-desk': 'api::sales-desk.sales-desk',
  'sla-reminders': 'api::sales-desk.sla-reminders',
  'quote-stats': 'api::sales-desk.quote-stats',
} as const satisfies Record<keyof Services, string>;

/**
 * `getService('quote-request')`, in the style of Strapi's own plugins. Strapi types every service as
 * `Core.Service` (an index signature of `any`); the map above ties each name to its factory, so callers
 * get the factory's real return type instead of a hand-written interface.
 */
export const getService = <Name extends keyof Services>(name: Name): Services[Name] =>
  strapi.service(UIDS[name]) as Services[Name];
