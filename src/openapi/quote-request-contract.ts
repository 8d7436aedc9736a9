import { APPROACHES, REQUEST_LOCALES, REQUESTED_MODELS, SCOPES } from '../api/quote-request/constants';

/**
 * The OpenAPI description of the two quote routes the plugin cannot infer (custom routes, a yup schema):
 * the submission and the public figures. Written from the same constants the validation and the guards use;
 * the contract test (tests/integration/openapi-contract.test.ts) sends each example to the app.
 */
const errorResponse = (description: string, example: Record<string, unknown>, schema = 'Error') => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` }, example } },
});

/** An error body as the server writes it: errors raised with http-errors carry no `details`. */
const errorBody = (status: number, name: string, message: string, details?: Record<string, unknown>) => ({
  data: null,
  error: { status, name, message, ...(details ? { details } : {}) },
});

export const SUBMISSION_EXAMPLE = {
  data: {
    fullName: 'Camille Martin',
    email: 'camille@example.org',
    company: 'ACME',
    jobTitle: 'DSI',
    phone: '+33 1 23 45 67 89',
    requestedModel: 'ito',
    scope: 'partial',
    approach: 'strategic',
    message: 'Nous cherchons un infogérant pour nos serveurs.',
    consent: true,
    locale: 'fr',
    sourceUrl: 'https://www.example.com/externalisation',
  },
};

export const INVALID_SUBMISSION_EXAMPLE = {
  data: {
    fullName: 'C',
    email: 'not-an-address',
    company: 'ACME',
    requestedModel: 'ito',
    message: 'Short',
    consent: true,
    locale: 'en',
  },
};

const singleLine = (maxLength: number, description: string) => ({
  type: 'string',
  maxLength,
  pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$',
  description: `${description} Single line: control characters, line breaks and invisible format characters are refused.`,
});

export const quoteRequestPaths = {
  '/quote-requests': {
    post: {
      operationId: 'post/quote-requests',
      tags: ['Quote-request'],
      summary: 'Submit a quote request',
      description:
        'Public. JSON (a body of at most 65536 bytes), or `multipart/form-data` to attach files: the same JSON in the field ' +
        '`data`, and up to 3 files `attachments` (`QUOTE_ATTACHMENTS_MAX`) of at most 10 MB each (`QUOTE_ATTACHMENT_MAX_BYTES`), ' +
        'PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG or JPEG recognised by their content (not their name or declared type); a refused ' +
        'file is named in the error, and nothing is stored (GraphQL `submitQuoteRequest` takes no files). Validated (every failing field listed, messages in `data.locale`, ' +
        'else `Accept-Language`, else French), stored with its notifications in one transaction, answered at once (mail goes ' +
        'through an outbox). Nothing is stored on any 4xx. Rate-limited per client address (an IPv4 address or an IPv6 /64).',
      security: [],
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes retries safe: a retry with the same key and body returns the same receipt and stores nothing new; the same key with another body answers 409.',
          schema: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
          example: '5b0f7c1e-form-42',
        },
        {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'Language of the error messages when `data.locale` is absent (`fr` or `en`).',
          schema: { type: 'string' },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/QuoteRequestSubmission' },
            examples: {
              complete: { summary: 'A complete request', value: SUBMISSION_EXAMPLE },
              invalid: { summary: 'Refused with 400 (three fields invalid)', value: INVALID_SUBMISSION_EXAMPLE },
            },
          },
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['data'],
              properties: {
                data: {
                  type: 'string',
                  description: 'The JSON body of a JSON submission (`{"data": {...}}`\'s inner object), as text.',
                  example: JSON.stringify(SUBMISSION_EXAMPLE.data),
                },
                attachments: {
                  type: 'array',
                  maxItems: 3,
                  description: 'Up to 3 files of at most 10 MB each: PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG.',
                  items: { type: 'string', format: 'binary' },
                },
              },
            },
            encoding: { data: { contentType: 'application/json' } },
          },
        },
      },
      responses: {
        '201': {
          description: 'Stored. No personal data is echoed.',
          headers: {
            'RateLimit-Limit': { schema: { type: 'integer' }, description: 'Submissions allowed per window' },
            'RateLimit-Remaining': { schema: { type: 'integer' }, description: 'Submissions left in this window' },
            'RateLimit-Reset': { schema: { type: 'integer' }, description: 'Seconds until the window resets' },
          },
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/QuoteRequestReceipt' },
              example: {
                data: {
                  reference: 'DEV-2026-000123',
                  status: 'received',
                  expectedResponseBy: '2026-11-26T14:00:00.000Z',
                  timeZone: 'Europe/Paris',
                },
              },
            },
          },
        },
        '400': {
          description:
            "Invalid: Strapi's ValidationError with every failing field in `error.details.errors` (also a malformed `Idempotency-Key`).",
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/ValidationError' },
              // The answer to the `invalid` example above, word for word (the contract test sends it).
              example: errorBody(400, 'ValidationError', '3 fields are invalid.', {
                errors: [
                  {
                    path: ['fullName'],
                    message: 'This field must be at least 2 characters long.',
                    name: 'ValidationError',
                  },
                  { path: ['email'], message: 'Invalid email address.', name: 'ValidationError' },
                  {
                    path: ['message'],
                    message: 'This field must be at least 10 characters long.',
                    name: 'ValidationError',
                  },
                ],
              }),
            },
          },
        },
        '409': errorResponse(
          'The `Idempotency-Key` was already used with a different body.',
          errorBody(409, 'ConflictError', 'This Idempotency-Key was already used with a different request body')
        ),
        '411': errorResponse(
          'No `Content-Length` header (a chunked body is refused before it is read).',
          errorBody(411, 'LengthRequiredError', 'A Content-Length header is required')
        ),
        '413': errorResponse(
          'JSON body over 65536 bytes; a form over 3 files of 10 MB plus the JSON; or a file over 10 MB (named in `error.message` and `error.details.file`).',
          errorBody(413, 'PayloadTooLargeError', 'Request body exceeds 65536 bytes', { limit: 65536 })
        ),
        '415': errorResponse(
          'Neither `application/json` nor `multipart/form-data`, a `Content-Encoding` other than identity, or an attached file of another type (named in `error.message` and `error.details.file`).',
          errorBody(415, 'UnsupportedMediaTypeError', 'Content-Type must be application/json or multipart/form-data')
        ),
        '429': {
          ...errorResponse(
            'More submissions from this client than the window allows (all instances together).',
            errorBody(429, 'RateLimitError', 'Too many quote requests, please try again later.', {
              retryAfterSeconds: 540,
            }),
            'RateLimitError'
          ),
          headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait before retrying' } },
        },
      },
    },
  },
  '/quote-stats': {
    get: {
      operationId: 'get/quote-stats',
      tags: ['Quote-stats'],
      summary: "The sales desk's public response figures",
      description:
        'Over the non-spam requests of the last `windowDays` days whose outcome is known; the median and the rate are null while `sampleSize` < 10. Takes no parameter: any answers 400.',
      security: [],
      responses: {
        '200': {
          description: 'The figures (cached like content).',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/QuoteStatsResponse' },
              example: {
                data: { medianFirstResponseMinutes: null, withinPromiseRate: null, sampleSize: 0, windowDays: 90 },
              },
            },
          },
        },
        '400': errorResponse(
          'A query parameter was sent.',
          errorBody(400, 'ValidationError', 'GET /api/quote-stats takes no parameter (got x)', {
            errors: [{ path: ['x'], message: 'Unknown parameter', name: 'ValidationError' }],
          }),
          'ValidationError'
        ),
      },
    },
  },
};

const choice = (values: readonly string[], description: string) => ({ type: 'string', enum: [...values], description });

export const quoteRequestSchemas = {
  QuoteRequestSubmission: {
    type: 'object',
    required: ['data'],
    additionalProperties: false,
    properties: {
      data: {
        type: 'object',
        description:
          'Strings are trimmed; an empty optional field counts as absent; types are not coerced (`"true"` is not `true`); unknown keys are refused.',
        additionalProperties: false,
        required: ['fullName', 'email', 'company', 'requestedModel', 'message', 'consent'],
        properties: {
          fullName: { ...singleLine(120, 'Full name, 2 to 120 characters.'), minLength: 2 },
          email: { ...singleLine(254, 'E-mail address (its domain has a dot).'), format: 'email' },
          company: singleLine(160, 'Company.'),
          jobTitle: singleLine(120, 'Job title.'),
          phone: {
            type: 'string',
            maxLength: 30,
            pattern: '^[0-9 +().-]*$',
            description: 'Digits, spaces and + ( ) . - only.',
          },
          requestedModel: choice(REQUESTED_MODELS, 'The outsourcing model the request is about.'),
          scope: choice(SCOPES, 'Total or partial outsourcing.'),
          approach: choice(APPROACHES, 'Tactical or strategic outsourcing.'),
          message: {
            type: 'string',
            minLength: 10,
            maxLength: 5000,
            description: 'The request, 10 to 5000 characters (line breaks allowed, other control characters refused).',
          },
          consent: { type: 'boolean', enum: [true], description: 'Must be the boolean `true`.' },
          locale: choice(REQUEST_LOCALES, 'Language of the confirmation and of error messages (default `fr`).'),
          sourceUrl: { ...singleLine(2048, 'The http(s) URL of the page the form was on.'), format: 'uri' },
          _gotcha: {
            type: 'string',
            maxLength: 1000,
            description:
              'Honeypot: keep it hidden and empty in your form (a filled one is answered like any other, and dropped).',
          },
        },
      },
    },
  },
  QuoteRequestReceipt: {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        required: ['reference', 'status', 'expectedResponseBy', 'timeZone'],
        properties: {
          reference: { type: 'string', pattern: '^DEV-[0-9]{4}-[0-9]{6,}$' },
          status: { type: 'string', enum: ['received'] },
          expectedResponseBy: {
            type: 'string',
            format: 'date-time',
            description: 'The response promise, in business hours of the sales desk (UTC).',
          },
          timeZone: {
            type: 'string',
            description: "The sales desk's IANA time zone, in which the mails state the promise.",
          },
        },
      },
    },
  },
  ValidationError: {
    type: 'object',
    required: ['data', 'error'],
    properties: {
      data: { type: 'object', nullable: true, enum: [null] },
      error: {
        type: 'object',
        required: ['status', 'name', 'message', 'details'],
        properties: {
          status: { type: 'integer', enum: [400] },
          name: { type: 'string', enum: ['ValidationError'] },
          message: { type: 'string' },
          details: {
            type: 'object',
            required: ['errors'],
            properties: {
              errors: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  required: ['path', 'message', 'name'],
                  properties: {
                    path: { type: 'array', items: { type: 'string' } },
                    message: { type: 'string' },
                    name: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  RateLimitError: {
    type: 'object',
    required: ['data', 'error'],
    properties: {
      data: { type: 'object', nullable: true, enum: [null] },
      error: {
        type: 'object',
        required: ['status', 'name', 'message', 'details'],
        properties: {
          status: { type: 'integer', enum: [429] },
          name: { type: 'string', enum: ['RateLimitError'] },
          message: { type: 'string' },
          details: {
            type: 'object',
            required: ['retryAfterSeconds'],
            properties: {
              retryAfterSeconds: { type: 'integer', minimum: 1, description: 'The same figure as `Retry-After`.' },
            },
          },
        },
      },
    },
  },
  QuoteStatsResponse: {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        required: ['medianFirstResponseMinutes', 'withinPromiseRate', 'sampleSize', 'windowDays'],
        properties: {
          medianFirstResponseMinutes: {
            type: 'number',
            nullable: true,
            description: 'Median first response, business minutes',
          },
          withinPromiseRate: { type: 'number', nullable: true, minimum: 0, maximum: 1 },
          sampleSize: { type: 'integer', minimum: 0 },
          windowDays: { type: 'integer' },
        },
      },
    },
  },
};
