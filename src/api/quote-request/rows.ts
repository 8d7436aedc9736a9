import type { StoredRow } from '../../utils/stored-row';

export type QuoteRequestRow = StoredRow<
  'api::quote-request.quote-request',
  | 'documentId'
  | 'reference'
  | 'fullName'
  | 'email'
  | 'company'
  | 'requestedModel'
  | 'message'
  | 'stage'
  | 'createdAt'
  | 'expectedResponseBy'
>;

export type QuoteNotificationRow = StoredRow<
  'api::quote-notification.quote-notification',
  'documentId' | 'kind' | 'deliveryStatus'
>;
