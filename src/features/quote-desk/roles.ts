import type { FeatureRoles } from '../../bootstrap/role-table';
import { RETRY_NOTIFICATION_ACTION } from '../../api/quote-notification/retry-action';
import { DASHBOARD_ACTION } from '../../api/sales-desk/dashboard-action';

export const SALES_ROLE_CODE = 'sales';
export const SALES_MANAGER_ROLE_CODE = 'sales-manager';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';
const ROUTING = 'api::quote-routing.quote-routing';
const PRIVACY_LOG = 'api::privacy-log.privacy-log';
const CONSENT_TEXT = 'api::privacy-log.consent-text';
const SALES_DESK = 'api::sales-desk.sales-desk';
/** Attached files' rows: hidden from the Content Manager, read through the request's download route only. */
const QUOTE_ATTACHMENT = 'api::quote-request.quote-attachment';

/**
 * "Sales" (code `sales`): reads quote requests, notifications and routing; retries a failed notification
 * (without choosing its recipients); may change only a request's stage and internal notes; no content,
 * no Content-Type Builder, no settings. "Sales manager" (code `sales-manager`) also edits the routing and the
 * sales desk's settings. The privacy log: Super Admin only.
 * Every content type here holds prospects' personal data (or what was done with it) or decides where it
 * is mailed: the content roles never hold a permission on them (src/bootstrap/admin-roles.ts).
 */
/** What Sales and Sales managers both do with requests and notifications. */
const SALES_FOLLOW_UP = [
  { contentTypes: [QR], verbs: ['read' as const] },
  { contentTypes: [QR], verbs: ['update' as const], fields: ['stage', 'internalNotes'] },
  // The consent sentences requests refer to (by hash): not personal data.
  { contentTypes: [QN, ROUTING, CONSENT_TEXT], verbs: ['read' as const] },
];

export const QUOTE_DESK_ROLES: FeatureRoles = {
  contentTypes: [QR, QN, ROUTING, PRIVACY_LOG, CONSENT_TEXT, SALES_DESK, QUOTE_ATTACHMENT],
  roles: [
    {
      code: SALES_ROLE_CODE,
      name: 'Sales',
      createWithDescription: 'Reads and follows up quote requests (stage, internal notes); reads routing.',
      content: SALES_FOLLOW_UP,
      actions: [RETRY_NOTIFICATION_ACTION, DASHBOARD_ACTION],
    },
    {
      // Whoever the sales desk sends to fill a model's address in: what Sales do, plus the routing and the
      // desk's promise and opening hours. The privacy log stays Super Admin only.
      code: SALES_MANAGER_ROLE_CODE,
      name: 'Sales manager',
      createWithDescription:
        'Everything Sales do, plus the routing (who gets each model’s requests) and the sales desk’s promise and opening hours.',
      content: [
        ...SALES_FOLLOW_UP,
        { contentTypes: [ROUTING], verbs: ['update'] },
        { contentTypes: [SALES_DESK], verbs: ['read', 'update'] },
      ],
      actions: [RETRY_NOTIFICATION_ACTION, DASHBOARD_ACTION],
    },
  ],
};
