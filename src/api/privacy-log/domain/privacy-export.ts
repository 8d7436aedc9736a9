import type { QuoteNotificationRow, QuoteRequestRow } from '../../quote-request/rows';
import { emailKeyOf } from './email-key';

/** A consent sentence as the requester saw it, found again by its hash. */
export interface ConsentTextRecord {
  hash: string;
  text: string;
  language: string;
}

export interface ExportedRequest {
  reference: string;
  receivedAt: string;
  lastActivityAt: string | null;
  anonymizedAt: string | null;
  stage: string;
  fullName: string;
  email: string;
  phone: string | null;
  company: string;
  jobTitle: string | null;
  requestedModel: string;
  scope: string | null;
  approach: string | null;
  message: string;
  language: string | null;
  sourceUrl: string | null;
  tags: unknown;
  internalNotes: string | null;
  expectedResponseBy: string | null;
  firstResponseAt: string | null;
  userAgent: string | null;
  ipHash: string | null;
  /** The files attached to the request, as stored (an anonymised request has none left). */
  attachments: ExportedAttachment[];
  consent: {
    given: boolean;
    at: string | null;
    textHash: string | null;
    textVersion: string | null;
    /** The sentence itself; null when the request predates consent texts or the text was not found. */
    text: string | null;
  };
}

export interface ExportedAttachment {
  name: string;
  size: number;
  type: string;
  /** The file itself, base64: the person gets back what they sent (null if it could not be read). */
  content: string | null;
}

export interface ExportedNotification {
  reference: string | null;
  kind: string;
  status: string;
  attempts: number | null;
  createdAt: string | null;
  sentAt: string | null;
  /** Only the person's own address: other recipients (the sales team) are someone else's data. */
  recipients: string[];
  cc: string[];
  rejectedRecipients: string[];
  lastError: string | null;
}

export interface PrivacyExport {
  generatedAt: string;
  subject: { email: string; matching: string };
  requests: ExportedRequest[];
  notifications: ExportedNotification[];
}

const iso = (value: unknown): string | null => {
  const date =
    value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  return date && value !== '' && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Address-like tokens in free text (an SMTP error quotes the addresses it refused). */
const ADDRESS = /[^\s<>(),;:"'[\]]+@[^\s<>(),;:"'[\]]+/g;

/** The entries of a recipients list that are the person's own address, other people's left out. */
export const ownAddressesOnly = (value: unknown, key: string): string[] =>
  Array.isArray(value)
    ? value.filter((entry): entry is string => typeof entry === 'string' && emailKeyOf(entry) === key)
    : [];

/** Free text with every address other than the person's own replaced. */
export const redactOtherAddresses = (value: unknown, key: string): string | null => {
  const content = text(value);
  if (content === null) return null;
  return content.replace(ADDRESS, (address) => (emailKeyOf(address) === key ? address : '[address removed]'));
};

/**
 * Everything stored about one address, for the person who asked (GDPR art. 15): their requests as
 * stored, with the consent sentence they agreed to, and the mails sent about them, without anybody
 * else's address (sales recipients, copies, refusals of other mailboxes).
 */
export const buildPrivacyExport = (input: {
  email: string;
  generatedAt: Date;
  requests: QuoteRequestRow[];
  notifications: QuoteNotificationRow[];
  consentTexts: Map<string, ConsentTextRecord>;
  /** The attachments of each request, by the request's id. */
  attachments?: Map<number, ExportedAttachment[]>;
}): PrivacyExport => {
  const key = emailKeyOf(input.email);
  const references = new Map(input.requests.map((row) => [row.id, row.reference]));
  return {
    generatedAt: input.generatedAt.toISOString(),
    subject: {
      email: input.email,
      matching: 'requests whose address equals this one after Unicode (NFKC) normalisation and lower-casing',
    },
    requests: input.requests.map((row) => {
      const hash = text(row.consentTextHash);
      return {
        reference: row.reference,
        receivedAt: iso(row.createdAt) ?? '',
        lastActivityAt: iso(row.lastActivityAt),
        anonymizedAt: iso(row.anonymizedAt),
        stage: row.stage,
        fullName: row.fullName,
        email: row.email,
        phone: text(row.phone),
        company: row.company,
        jobTitle: text(row.jobTitle),
        requestedModel: row.requestedModel,
        scope: text(row.scope),
        approach: text(row.approach),
        message: row.message,
        language: text(row.language),
        sourceUrl: text(row.sourceUrl),
        tags: row.tags ?? [],
        internalNotes: text(row.internalNotes),
        expectedResponseBy: iso(row.expectedResponseBy),
        firstResponseAt: iso(row.firstResponseAt),
        userAgent: text(row.userAgent),
        ipHash: text(row.ipHash),
        attachments: input.attachments?.get(row.id) ?? [],
        consent: {
          given: row.consent === true,
          at: iso(row.consentAt),
          textHash: hash,
          textVersion: text(row.consentTextVersion),
          text: hash ? (input.consentTexts.get(hash)?.text ?? null) : null,
        },
      };
    }),
    notifications: input.notifications.map((row) => ({
      reference: text(row.reference) ?? references.get(row.quoteRequestId ?? 0) ?? null,
      kind: row.kind,
      status: row.deliveryStatus,
      attempts: typeof row.attempts === 'number' ? row.attempts : null,
      createdAt: iso(row.createdAt),
      sentAt: iso(row.sentAt),
      recipients: ownAddressesOnly(row.recipients, key),
      cc: ownAddressesOnly(row.cc, key),
      rejectedRecipients: ownAddressesOnly(row.rejectedRecipients, key),
      lastError: redactOtherAddresses(row.lastError, key),
    })),
  };
};
