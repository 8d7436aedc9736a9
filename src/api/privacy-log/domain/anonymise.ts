import type { QuoteNotificationRow, QuoteRequestRow } from '../../quote-request/rows';

/** What a required text attribute of an anonymised request holds: the schema's constraints still pass. */
export const ANONYMISED_TEXT = 'anonymised';
/** A syntactically valid address on the reserved `.invalid` domain (RFC 2606): nothing is ever delivered there. */
export const ANONYMISED_EMAIL = 'anonymised@anonymised.invalid';

/** The request attributes anonymisation keeps: what the sales desk counts (model, scope, approach, stage, dates). */
export const KEPT_REQUEST_FIELDS = [
  'reference',
  'requestedModel',
  'scope',
  'approach',
  'tags',
  'tagList',
  'stage',
  'language',
  'consent',
  'consentAt',
  'consentTextHash',
  'consentTextVersion',
  'expectedResponseBy',
  'firstResponseAt',
  'firstResponseBusinessMinutes',
  'remindedAt',
  'notificationStatus',
  'notificationAttempts',
  'routedTo',
  'routedToList',
  'lastActivityAt',
  'createdAt',
  'updatedAt',
] as const;

type AnonymisedRequest = Pick<
  QuoteRequestRow,
  | 'fullName'
  | 'email'
  | 'phone'
  | 'company'
  | 'jobTitle'
  | 'message'
  | 'internalNotes'
  | 'sourceUrl'
  | 'userAgent'
  | 'ipHash'
  | 'notificationLastError'
  | 'payloadHash'
  | 'emailKey'
  | 'mailboxKey'
  | 'attachmentCount'
> & { anonymizedAt: Date };

/**
 * The values an anonymised request's personal fields take. Required attributes (name, email, company,
 * message) get placeholders that satisfy the schema, so the admin edit view still opens and saves;
 * the others are emptied. Besides the fields the requester typed, the last mail error (an SMTP answer
 * can quote the address), the payload hash (a hash of everything typed, so a guess could be confirmed)
 * and the normalised address and mailbox go too.
 */
export const anonymisedRequestFields = (at: Date): AnonymisedRequest => ({
  fullName: ANONYMISED_TEXT,
  email: ANONYMISED_EMAIL,
  phone: null,
  company: ANONYMISED_TEXT,
  jobTitle: null,
  message: ANONYMISED_TEXT,
  internalNotes: null,
  sourceUrl: null,
  userAgent: null,
  ipHash: null,
  notificationLastError: null,
  payloadHash: null,
  emailKey: null,
  mailboxKey: null,
  // The files are deleted with the rest (src/api/privacy-log/services/privacy.ts).
  attachmentCount: 0,
  anonymizedAt: at,
});

type StrippedNotification = Pick<QuoteNotificationRow, 'recipients' | 'cc' | 'rejectedRecipients' | 'lastError'>;

/** A delivered (or finally failed) notification of an anonymised request keeps its kind, status and dates only. */
export const strippedNotificationFields = (): StrippedNotification => ({
  recipients: [],
  cc: [],
  rejectedRecipients: [],
  lastError: null,
});

/** Notifications not yet delivered: deleted with the personal data, or they would mail the placeholders. */
export const UNDELIVERED_NOTIFICATION_STATUSES = ['pending', 'sending'] as const;
