#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The reference cache's purger: receives the CMS's publish events (FRONTEND_REVALIDATE_URL points here),
 * checks their Standard Webhooks signature with the `standardwebhooks` library, and sends Varnish a
 * `PURGE` with the event's surrogate keys (`tags`) in an `xkey` header (deploy/varnish.vcl purges every
 * object tagged with one of them). Plain Node, no framework:
 *
 *   FRONTEND_REVALIDATE_SECRET=whsec_... CACHE_PURGER_VARNISH_URL=http://127.0.0.1:8080 node deploy/cache-purger.js
 *
 * Answers: 204 purged (or no keys to purge); 401 any signature header missing, wrong or older than 5 minutes (a replay); 400 a
 * signed body that is not an event with keys; 413 over 64 KiB; 502 Varnish did not purge: the CMS's
 * outbox sends the event again later, so a purge is never lost to a Varnish restart. A purge is repeated
 * once after CACHE_PURGER_REPEAT_MS: a read that reached the application just before the publish was
 * committed (or another instance before its own cache heard of it) may have stored the old answer again.
 *
 * Settings (environment):
 *   FRONTEND_REVALIDATE_SECRET  the CMS's signing secret, `whsec_<base64>` (required)
 *   CACHE_PURGER_VARNISH_URL    where Varnish listens (default http://127.0.0.1:8080)
 *   CACHE_PURGER_HOST           address to listen on (default 127.0.0.1: events come from this machine)
 *   CACHE_PURGER_PORT           port to listen on (default 8091)
 *   CACHE_PURGER_REPEAT_MS      delay of the repeated purge, 0 for none (default 1000)
 */
const http = require('http');
const { Webhook, WebhookVerificationError } = require('standardwebhooks');

const MAX_BODY_BYTES = 64 * 1024;
const MAX_KEYS = 200;
/** What a surrogate key of the CMS looks like (`outsourcing-category`, `outsourcing-category:<documentId>`). */
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
const PURGE_TIMEOUT_MS = 5000;

/** @param {string} line */
const log = (line) => console.log(`[cache-purger] ${line}`);

/**
 * @param {string} name
 * @param {string} fallback
 */
const setting = (name, fallback) => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
};

/**
 * The keys of a verified event: `tags`, each a surrogate key; undefined when the body is not that.
 * @param {unknown} event
 * @returns {string[] | undefined}
 */
const keysOf = (event) => {
  if (event === null || typeof event !== 'object' || !('tags' in event)) return undefined;
  const tags = event.tags;
  if (!Array.isArray(tags) || tags.length > MAX_KEYS) return undefined;
  /** @type {string[]} */
  const keys = [];
  for (const tag of tags) {
    if (typeof tag !== 'string' || !KEY_PATTERN.test(tag)) return undefined;
    keys.push(tag);
  }
  return keys;
};

/**
 * What the log line says about an event: its kind and document, never its content.
 * @param {unknown} event
 */
const describeEvent = (event) => {
  if (event === null || typeof event !== 'object') return 'event';
  /** @param {string} name */
  const field = (name) => {
    const value = /** @type {Record<string, unknown>} */ (event)[name];
    return typeof value === 'string' ? value : '-';
  };
  return `${field('event')} ${field('contentType')} ${field('documentId')} (${field('locale')})`;
};

/**
 * Sends `PURGE /` with the keys to Varnish.
 * @param {URL} varnish
 * @param {string[]} keys
 * @returns {Promise<string>} Varnish's answer (`Purged 3`)
 */
const purge = (varnish, keys) =>
  new Promise((resolve, reject) => {
    const request = http.request(
      varnish,
      { method: 'PURGE', path: '/', headers: { xkey: keys.join(' ') }, timeout: PURGE_TIMEOUT_MS },
      (response) => {
        /** @type {Buffer[]} */
        const chunks = [];
        response.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8').trim();
          if (response.statusCode === 200) resolve(text);
          else reject(new Error(`Varnish answered ${response.statusCode}: ${text.slice(0, 200)}`));
        });
        response.on('error', reject);
      }
    );
    request.on('timeout', () => request.destroy(new Error(`Varnish did not answer within ${PURGE_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end();
  });

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} [text]
 */
const answer = (res, status, text) => {
  if (text === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
};

/** @param {http.IncomingMessage} req */
const headersOf = (req) => {
  /** @type {Record<string, string>} */
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    // A repeated signature header is not one the CMS sends: refused by the verification below.
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
};

const main = () => {
  const secret = setting('FRONTEND_REVALIDATE_SECRET', '');
  if (!secret.startsWith('whsec_')) {
    throw new Error('FRONTEND_REVALIDATE_SECRET must be the CMS\'s Standard Webhooks secret ("whsec_<base64>")');
  }
  const webhook = new Webhook(secret);
  const varnish = new URL(setting('CACHE_PURGER_VARNISH_URL', 'http://127.0.0.1:8080'));
  if (varnish.protocol !== 'http:') throw new Error(`CACHE_PURGER_VARNISH_URL must be http:// (got ${varnish.href})`);
  const host = setting('CACHE_PURGER_HOST', '127.0.0.1');
  const port = Number(setting('CACHE_PURGER_PORT', '8091'));
  const repeatMs = Number(setting('CACHE_PURGER_REPEAT_MS', '1000'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`CACHE_PURGER_PORT is not a port: ${port}`);
  if (!Number.isFinite(repeatMs) || repeatMs < 0) throw new Error(`CACHE_PURGER_REPEAT_MS is not a delay: ${repeatMs}`);

  /** @type {Set<NodeJS.Timeout>} */
  const repeats = new Set();
  /** @param {string[]} keys */
  const purgeAgainLater = (keys) => {
    if (repeatMs === 0) return;
    const timer = setTimeout(() => {
      repeats.delete(timer);
      purge(varnish, keys).catch((/** @type {unknown} */ error) => {
        log(`repeated purge of ${keys.join(' ')} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, repeatMs);
    repeats.add(timer);
  };

  const server = http.createServer((req, res) => {
    if (req.url !== '/events' && req.url !== '/') return answer(res, 404, 'not found');
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return answer(res, 405, 'POST only');
    }
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let refused = false;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, and refused at the end: the sender gets its answer.
      if (size > MAX_BODY_BYTES) {
        refused = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => log(`request failed: ${error.message}`));
    req.on('end', () => {
      if (refused) return answer(res, 413, 'event too large');
      const raw = Buffer.concat(chunks).toString('utf8');
      /** @type {unknown} */
      let event;
      try {
        // Checks webhook-id, webhook-timestamp (within 5 minutes) and webhook-signature, in constant time.
        event = webhook.verify(raw, headersOf(req));
      } catch (error) {
        // Signed by the CMS but not JSON: nothing to purge, and sending it again will not change that.
        if (error instanceof SyntaxError) return answer(res, 400, 'an event with surrogate keys (tags) is expected');
        if (!(error instanceof WebhookVerificationError)) {
          log(`verification failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        return answer(res, 401, 'invalid signature');
      }
      const keys = keysOf(event);
      if (!keys) return answer(res, 400, 'an event with surrogate keys (tags) is expected');
      if (keys.length === 0) return answer(res, 204);
      purge(varnish, keys).then(
        (result) => {
          log(`${describeEvent(event)}: ${result} (${keys.join(' ')})`);
          purgeAgainLater(keys);
          answer(res, 204);
        },
        (/** @type {unknown} */ error) => {
          log(`${describeEvent(event)}: purge failed: ${error instanceof Error ? error.message : String(error)}`);
          answer(res, 502, 'purge failed');
        }
      );
    });
  });

  server.listen(port, host, () => {
    const address = server.address();
    const bound = address && typeof address === 'object' ? `${address.address}:${address.port}` : String(address);
    log(`listening on http://${bound}/events, purging ${varnish.origin}`);
  });

  /** @param {NodeJS.Signals} signal */
  const stop = (signal) => {
    log(`${signal}: stopping`);
    for (const timer of repeats) clearTimeout(timer);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
};

try {
  main();
} catch (error) {
  console.error(`[cache-purger] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
