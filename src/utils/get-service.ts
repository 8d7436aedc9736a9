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
  'admin-invitation': 'api::admin-invitation.admin-invitation',
} as const satisfies Record<keyof ServiceMap, string>;

/**
 * `getService('quote-request')`, in the style of Strapi's own plugins. Strapi types every service as
 * `Core.Service` (an index signature of `any`); `ServiceMap` (types/service-map.d.ts) ties each name to its
 * factory, so callers get the factory's real return type instead of a hand-written interface.
 */
export const getService = <Name extends keyof ServiceMap>(name: Name): ServiceMap[Name] =>
  strapi.service(UIDS[name]) as ServiceMap[Name];
