import { APPROACHES, QUOTE_STAGES, REQUEST_LOCALES, REQUESTED_MODELS, SCOPES } from '../api/quote-request/constants';

/**
 * The lead events POSTed to LEAD_WEBHOOK_URL (src/lead-events/), as docs/openapi.json's `x-webhooks`
 * (the document is OpenAPI 3.0, where `webhooks` does not exist yet; Redoc and Redocly read `x-webhooks`).
 * Every delivery carries the Standard Webhooks headers; the receiver verifies them with the
 * `standardwebhooks` library and answers 2xx once it has stored the event.
 */
type Json = Record<string, unknown>;

const nullable = (schema: Json): Json => ({ ...schema, nullable: true });

const HEADERS: Json[] = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'The event id, the same on every attempt: a receiver drops a duplicate by it.',
    schema: { type: 'string', example: 'msg_5d4c9f3a0e2b4f7d8a1c6b3e9f2d7a10' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'Unix seconds of this attempt (a receiver refuses one more than 5 minutes off: a replay).',
    schema: { type: 'string', example: '1796630400' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      '`v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with LEAD_WEBHOOK_SECRET.',
    schema: { type: 'string', example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' },
  },
];

const envelope = (type: string, data: Json, example: Json): Json => ({
  type: 'object',
  required: ['id', 'type', 'timestamp', 'data'],
  properties: {
    id: { type: 'string', description: 'The same as the `webhook-id` header.' },
    type: { type: 'string', enum: [type] },
    timestamp: { type: 'string', format: 'date-time', description: 'When the change happened.' },
    data,
  },
  example,
});

const REFERENCE = {
  type: 'string',
  description: "The request's reference, the key to the CRM's copy.",
  example: 'DEV-2026-000042',
};

const CREATED_DATA: Json = {
  type: 'object',
  required: [
    'reference',
    'receivedAt',
    'language',
    'model',
    'scope',
    'approach',
    'tags',
    'stage',
    'expectedResponseBy',
    'requester',
    'consentTextVersion',
    'attachments',
  ],
  properties: {
    reference: REFERENCE,
    receivedAt: { type: 'string', format: 'date-time' },
    language: { type: 'string', enum: [...REQUEST_LOCALES] },
    model: { type: 'string', enum: [...REQUESTED_MODELS] },
    scope: nullable({ type: 'string', enum: [...SCOPES] }),
    approach: nullable({ type: 'string', enum: [...APPROACHES] }),
    tags: { type: 'array', items: { type: 'string' } },
    stage: {
      type: 'string',
      enum: [...QUOTE_STAGES],
      description:
        '`new` for a request just accepted; the stage it had for one the CRM hears of on its first stage change (`spam`, or any stage for a request stored before LEAD_WEBHOOK_URL was set).',
    },
    expectedResponseBy: {
      type: 'string',
      format: 'date-time',
      description: "The promised first response, in the sales desk's business hours.",
    },
    requester: {
      type: 'object',
      description: 'What the requester typed. After an erasure of the requester, every field is null.',
      required: ['fullName', 'email', 'phone', 'company', 'jobTitle', 'message', 'sourceUrl'],
      properties: {
        fullName: nullable({ type: 'string' }),
        email: nullable({ type: 'string', format: 'email' }),
        phone: nullable({ type: 'string' }),
        company: nullable({ type: 'string' }),
        jobTitle: nullable({ type: 'string' }),
        message: nullable({ type: 'string' }),
        sourceUrl: nullable({ type: 'string', format: 'uri' }),
      },
    },
    consentTextVersion: nullable({
      type: 'string',
      description: 'The version of the consent sentence the requester agreed to.',
    }),
    attachments: {
      type: 'array',
      description: 'The files sent with the request (name, size in bytes, type); empty after an erasure.',
      items: {
        type: 'object',
        required: ['name', 'size', 'type'],
        properties: { name: { type: 'string' }, size: { type: 'integer' }, type: { type: 'string' } },
      },
    },
  },
};

const webhook = (summary: string, description: string, operationId: string, schema: Json): Json => ({
  post: {
    summary,
    description,
    operationId,
    tags: ['Lead-events'],
    security: [],
    parameters: HEADERS,
    requestBody: { required: true, content: { 'application/json': { schema } } },
    responses: {
      '200': { description: 'Stored by the receiver (any 2xx). Anything else, or no answer, is retried with backoff.' },
    },
  },
});

export const leadEventTag = {
  name: 'Lead-events',
  description:
    'Signed events POSTed to LEAD_WEBHOOK_URL (Standard Webhooks), in order, retried with backoff until delivered',
};

export const leadEventWebhooks: Json = {
  'quote_request.created': webhook(
    'A quote request was accepted',
    'Sent once per accepted request, in the transaction that stored it; never for spam (honeypot), a refused or a replayed submission. ' +
      'A request the CRM was never told of (caught as spam, or stored before LEAD_WEBHOOK_URL was set) that sales move to another stage than `spam` gets its `created` then, just before the `stage_changed`, with `stage` the one it had.',
    'leadEventQuoteRequestCreated',
    envelope('quote_request.created', CREATED_DATA, {
      id: 'msg_5d4c9f3a0e2b4f7d8a1c6b3e9f2d7a10',
      type: 'quote_request.created',
      timestamp: '2026-12-07T09:30:00.000Z',
      data: {
        reference: 'DEV-2026-000042',
        receivedAt: '2026-12-07T09:30:00.000Z',
        language: 'fr',
        model: 'ito',
        scope: 'partial',
        approach: 'strategic',
        tags: ['model:ito', 'scope:partial', 'approach:strategic'],
        stage: 'new',
        expectedResponseBy: '2026-12-07T13:30:00.000Z',
        requester: {
          fullName: 'Camille Martin',
          email: 'camille@example.org',
          phone: '+33 1 23 45 67 89',
          company: 'ACME',
          jobTitle: 'DSI',
          message: 'Nous cherchons un infogérant pour nos serveurs.',
          sourceUrl: 'https://www.example.com/externalisation',
        },
        consentTextVersion: '2026-11-30T10:00:00.000Z',
        attachments: [],
      },
    })
  ),
  'quote_request.stage_changed': webhook(
    "A request's stage changed",
    'Sent for every stage change (the Content Manager, the sales desk, scripts), in the transaction of the change. `by` is the admin user’s name, never their e-mail; null when no admin user made the change.',
    'leadEventQuoteRequestStageChanged',
    envelope(
      'quote_request.stage_changed',
      {
        type: 'object',
        required: ['reference', 'from', 'to', 'by'],
        properties: {
          reference: REFERENCE,
          from: nullable({ type: 'string', enum: [...QUOTE_STAGES] }),
          to: { type: 'string', enum: [...QUOTE_STAGES] },
          by: nullable({ type: 'string', description: "The admin user's first and last name (else username)." }),
        },
      },
      {
        id: 'msg_0b1e2c3d4f5a6b7c8d9e0f1a2b3c4d5e',
        type: 'quote_request.stage_changed',
        timestamp: '2026-12-07T10:05:00.000Z',
        data: { reference: 'DEV-2026-000042', from: 'new', to: 'contacted', by: 'Lou Dupont' },
      }
    )
  ),
  'quote_request.erased': webhook(
    "A request's personal data was erased",
    'Sent when the requester’s data is erased (the privacy tooling, the admin, the retention sweep): the CRM deletes its copy. The earlier events of that request are blanked in the outbox.',
    'leadEventQuoteRequestErased',
    envelope(
      'quote_request.erased',
      { type: 'object', required: ['reference'], properties: { reference: REFERENCE } },
      {
        id: 'msg_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
        type: 'quote_request.erased',
        timestamp: '2026-12-08T08:00:00.000Z',
        data: { reference: 'DEV-2026-000042' },
      }
    )
  ),
};
