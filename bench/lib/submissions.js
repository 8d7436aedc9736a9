'use strict';
// Builds quote-request submissions for benchmarks and fault runs.
const http = require('http');

const MODELS = ['bpo', 'ito', 'kpo', 'undecided'];

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

/** Raw HTTP request (no client-side validation), resolving { status, body, ms } and never rejecting on HTTP errors. */
const rawRequest = (
  url,
  { method = 'POST', path = '/api/quote-requests', headers = {}, body, timeoutMs = 10000 } = {}
) =>
  new Promise((resolve) => {
    const started = Date.now();
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const req = http.request(
      `${url}${path}`,
      {
        method,
        timeout: timeoutMs,
        headers: { ...(payload ? { 'Content-Length': payload.length } : {}), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, body: json, text, ms: Date.now() - started });
        });
      }
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, error: error.message, ms: Date.now() - started }));
    if (payload) req.write(payload);
    req.end();
  });

const submit = (url, data, headers = {}) =>
  rawRequest(url, { body: JSON.stringify({ data }), headers: { 'Content-Type': 'application/json', ...headers } });

module.exports = { validSubmission, rawRequest, submit };
