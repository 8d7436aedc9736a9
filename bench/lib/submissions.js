'use strict';
// Builds quote-request submissions for benchmarks and fault runs.
const http = require('http');

const MODELS = ['bpo', 'ito', 'kpo', 'undecided'];

/**
 * The fields of a valid submission (`data` of POST /api/quote-requests); values are `unknown` so the
 * malformed cases can put a value of any type in any field.
 * @typedef {Record<string, unknown>} SubmissionData
 */

/**
 * A valid submission, different for each `i`.
 * @param {number} i
 * @param {SubmissionData} [overrides]
 * @returns {SubmissionData}
 */
const validSubmission = (i, overrides = {}) => ({
  fullName: `Prospect ${i}`,
  email: `prospect${i}@client.test`,
  company: `Company ${i}`,
  requestedModel: MODELS[i % MODELS.length],
  message: `Demande de devis numéro ${i} : nous souhaitons externaliser une partie de nos activités.`,
  consent: true,
  locale: i % 2 ? 'en' : 'fr',
  ...overrides,
});

/**
 * What the runs read from a JSON answer of the API (every part optional: the body is whatever the
 * server sent).
 * @typedef {{ data?: { reference?: string } | null, error?: { status?: number, name?: string } }} ApiBody
 */

/**
 * @typedef {object} RawResponse
 * @property {number} status the HTTP status, 0 when the request failed at the transport level
 * @property {ApiBody} [body] the parsed body when the response was JSON
 * @property {string} [text]
 * @property {string} [error] the transport error message when status is 0
 * @property {number} ms
 */

/**
 * @typedef {object} RawRequestOptions
 * @property {string} [method]
 * @property {string} [path]
 * @property {Record<string, string>} [headers]
 * @property {string | Buffer} [body]
 * @property {number} [timeoutMs]
 * @property {string} [localAddress] the client's source address, e.g. 127.1.0.7 (any 127/8 address is loopback)
 */

/**
 * Raw HTTP request (no client-side validation), never rejecting on HTTP errors.
 * @param {string} url
 * @param {RawRequestOptions} [options]
 * @returns {Promise<RawResponse>}
 */
const rawRequest = (
  url,
  { method = 'POST', path = '/api/quote-requests', headers = {}, body, timeoutMs = 10000, localAddress } = {}
) =>
  new Promise((resolve) => {
    const started = Date.now();
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const req = http.request(
      `${url}${path}`,
      {
        method,
        timeout: timeoutMs,
        localAddress,
        headers: { ...(payload ? { 'Content-Length': payload.length } : {}), ...headers },
      },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          /** @type {ApiBody | undefined} */
          let json;
          try {
            /** @type {unknown} */
            const parsed = JSON.parse(text);
            json = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: json, text, ms: Date.now() - started });
        });
      }
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, error: error.message, ms: Date.now() - started }));
    if (payload) req.write(payload);
    req.end();
  });

/**
 * @param {string} url
 * @param {SubmissionData} data
 * @param {Record<string, string>} [headers]
 */
const submit = (url, data, headers = {}) =>
  rawRequest(url, { body: JSON.stringify({ data }), headers: { 'Content-Type': 'application/json', ...headers } });

module.exports = { validSubmission, rawRequest, submit };
