import type quoteExport from '../src/api/quote-request/services/quote-export';
import type quoteRequest from '../src/api/quote-request/services/quote-request';
import type quoteNotification from '../src/api/quote-notification/services/quote-notification';
import type quoteRouting from '../src/api/quote-routing/services/quote-routing';
import type privacy from '../src/api/privacy-log/services/privacy';
import type privacyConsent from '../src/api/privacy-log/services/consent';
import type privacyRetention from '../src/api/privacy-log/services/retention';
import type salesDesk from '../src/api/sales-desk/services/sales-desk';
import type slaReminders from '../src/api/sales-desk/services/sla-reminders';
import type quoteStats from '../src/api/sales-desk/services/quote-stats';
import type adminInvitation from '../src/api/admin-invitation/services/admin-invitation';

/**
 * This application's services, by short name, typed from their own factories. Declared here, outside
 * src/, so `getService` (src/utils/get-service.ts) needs no import of the services that call it: the
 * services import it, it imports none of them.
 */
declare global {
  interface ServiceMap {
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
    'admin-invitation': ReturnType<typeof adminInvitation>;
  }
}
