export const QUOTE_REQUEST_UID = 'api::quote-request.quote-request';
export const QUOTE_NOTIFICATION_UID = 'api::quote-notification.quote-notification';
export const QUOTE_ROUTING_UID = 'api::quote-routing.quote-routing';

export const SUBMISSION_PATH = '/api/quote-requests';
export const SUBMISSION_BODY_LIMIT_BYTES = 64 * 1024;

export const REQUESTED_MODELS = ['bpo', 'ito', 'kpo', 'undecided'] as const;
export const SCOPES = ['total', 'partial', 'undecided'] as const;
export const APPROACHES = ['tactical', 'strategic', 'undecided'] as const;
export const REQUEST_LOCALES = ['fr', 'en'] as const;
/** The sales pipeline of a request (attribute `stage`: `status` is reserved by Strapi's draft & publish). */
export const QUOTE_STAGES = ['new', 'qualified', 'contacted', 'proposal', 'won', 'lost', 'spam'] as const;

export type RequestedModel = (typeof REQUESTED_MODELS)[number];
export type Scope = (typeof SCOPES)[number];
export type Approach = (typeof APPROACHES)[number];
export type RequestLocale = (typeof REQUEST_LOCALES)[number];
export type QuoteStage = (typeof QUOTE_STAGES)[number];
