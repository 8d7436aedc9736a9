export const PRIVACY_LOG_UID = 'api::privacy-log.privacy-log';
export const CONSENT_TEXT_UID = 'api::privacy-log.consent-text';
export const OUTSOURCING_OVERVIEW_UID = 'api::outsourcing-overview.outsourcing-overview';

/** Rows one retention or erasure step reads and writes at a time. */
export const PRIVACY_BATCH_SIZE = 500;

export const PRIVACY_ACTIONS = ['erase', 'export', 'retention'] as const;
export type PrivacyAction = (typeof PRIVACY_ACTIONS)[number];

/** Who asked: an admin user (by id), the `npm run privacy` command line, or the retention sweep. */
export type PrivacyActor = { kind: 'admin'; adminId: number } | { kind: 'cli' } | { kind: 'system' };
