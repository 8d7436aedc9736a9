import crypto from 'crypto';

/**
 * The lead events a CRM receives (LEAD_WEBHOOK_URL), in Standard Webhooks' envelope: `type`, `timestamp`
 * (when the change happened, ISO 8601) and `data`. Pure functions: the caller gives every value, so the
 * shapes are tested without Strapi. docs/openapi.json describes them in its `webhooks` section.
 */
export const LEAD_EVENT_TYPES = [
  'quote_request.created',
  'quote_request.stage_changed',
  'quote_request.erased',
] as const;
export type LeadEventType = (typeof LEAD_EVENT_TYPES)[number];

export interface LeadAttachment {
  name: string;
  size: number;
  type: string;
}

/** What the requester typed about themselves (blanked, every field null, after an erasure). */
export interface LeadRequester {
  fullName: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  message: string | null;
  sourceUrl: string | null;
}

export interface QuoteRequestCreatedData {
  reference: string;
  receivedAt: string;
  language: string;
  model: string;
  scope: string | null;
  approach: string | null;
  tags: string[];
  stage: string;
  expectedResponseBy: string;
  requester: LeadRequester;
  consentTextVersion: string | null;
  attachments: LeadAttachment[];
}

export interface QuoteRequestStageChangedData {
  reference: string;
  from: string | null;
  to: string;
  /** The admin user's name (first and last name, else username); never their e-mail; null for a script. */
  by: string | null;
}

export interface QuoteRequestErasedData {
  reference: string;
}

export type LeadEvent =
  | { id: string; type: 'quote_request.created'; timestamp: string; data: QuoteRequestCreatedData }
  | { id: string; type: 'quote_request.stage_changed'; timestamp: string; data: QuoteRequestStageChangedData }
  | { id: string; type: 'quote_request.erased'; timestamp: string; data: QuoteRequestErasedData };

type EventOf<T extends LeadEventType> = Extract<LeadEvent, { type: T }>;

/** The `webhook-id` of a new event: the same on every attempt, so a receiver drops a duplicate by it. */
export const newLeadEventId = (): string => `msg_${crypto.randomUUID().replace(/-/g, '')}`;

/** What the submission stored, as `createdEvent` reads it. */
export interface StoredSubmission {
  reference: string;
  receivedAt: Date;
  language: string;
  requestedModel: string;
  scope?: string | null;
  approach?: string | null;
  tags?: unknown;
  stage: string;
  expectedResponseBy: Date;
  fullName: string;
  email: string;
  phone?: string | null;
  company: string;
  jobTitle?: string | null;
  message: string;
  sourceUrl?: string | null;
  consentTextVersion: string | null;
}

const orNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '' ? null : value;

export const createdEvent = (
  request: StoredSubmission,
  attachments: Array<{ name: string; size: number; type: string }>,
  id: string = newLeadEventId()
): EventOf<'quote_request.created'> => ({
  id,
  type: 'quote_request.created',
  timestamp: request.receivedAt.toISOString(),
  data: {
    reference: request.reference,
    receivedAt: request.receivedAt.toISOString(),
    language: request.language,
    model: request.requestedModel,
    scope: orNull(request.scope),
    approach: orNull(request.approach),
    tags: Array.isArray(request.tags) ? request.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    stage: request.stage,
    expectedResponseBy: request.expectedResponseBy.toISOString(),
    requester: {
      fullName: request.fullName,
      email: request.email,
      phone: orNull(request.phone),
      company: request.company,
      jobTitle: orNull(request.jobTitle),
      message: request.message,
      sourceUrl: orNull(request.sourceUrl),
    },
    consentTextVersion: request.consentTextVersion,
    attachments: attachments.map(({ name, size, type }) => ({ name, size, type })),
  },
});

/** An admin user as the request context carries it. */
export interface AdminActor {
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
}

/** The admin's name as a CRM shows it: first and last name, else the username; never the e-mail. */
export const actorName = (actor: AdminActor | undefined): string | null => {
  if (!actor) return null;
  const name = [actor.firstname, actor.lastname]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim())
    .join(' ');
  if (name) return name;
  return typeof actor.username === 'string' && actor.username.trim() !== '' ? actor.username.trim() : null;
};

export const stageChangedEvent = (
  change: { reference: string; from: string | null; to: string; by: AdminActor | undefined; at: Date },
  id: string = newLeadEventId()
): EventOf<'quote_request.stage_changed'> => ({
  id,
  type: 'quote_request.stage_changed',
  timestamp: change.at.toISOString(),
  data: { reference: change.reference, from: change.from, to: change.to, by: actorName(change.by) },
});

export const erasedEvent = (
  reference: string,
  at: Date,
  id: string = newLeadEventId()
): EventOf<'quote_request.erased'> => ({
  id,
  type: 'quote_request.erased',
  timestamp: at.toISOString(),
  data: { reference },
});

const BLANK_REQUESTER: LeadRequester = {
  fullName: null,
  email: null,
  phone: null,
  company: null,
  jobTitle: null,
  message: null,
  sourceUrl: null,
};

/**
 * An event's body with nothing personal left (an erasure of its requester): a `created` event loses the
 * requester's fields and the attachments (a file name can name a person); the other events carry nothing
 * of the requester and come back unchanged (the same string).
 */
export const blankLeadEventBody = (body: string): string => {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return body;
  }
  if (
    event === null ||
    typeof event !== 'object' ||
    !('type' in event) ||
    event.type !== 'quote_request.created' ||
    !('data' in event) ||
    event.data === null ||
    typeof event.data !== 'object'
  ) {
    return body;
  }
  const data = event.data as Record<string, unknown>;
  const blanked = { ...event, data: { ...data, requester: BLANK_REQUESTER, attachments: [] } };
  const text = JSON.stringify(blanked);
  return text === body ? body : text;
};
