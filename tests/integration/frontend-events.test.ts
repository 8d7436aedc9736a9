/**
 * Publish events for frontends, to a real HTTP receiver (node:http in this process): an editor's publish,
 * unpublish and delete each reach FRONTEND_REVALIDATE_URL once, signed as Standard Webhooks says (each
 * delivery verified with the `standardwebhooks` library, as a receiver would); the editor's save does not
 * wait for the receiver, and an event the receiver could not take (it was down) arrives once it is back.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { adminToken } from '../helpers/admin';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { frontendEvents } from '../../src/frontend-events';
import { createFrontendEventOutbox } from '../../src/frontend-events/outbox';
import { frontendEventSettings } from '../../src/frontend-events/settings';
import { Webhook } from 'standardwebhooks';
import { parseSigningSecret, verifySignature } from '../../src/frontend-events/signature';
import type { FrontendEvent } from '../../src/frontend-events/event-payload';

const SECRET = 'whsec_bQ2k7aVvYxIKlPCbWjrS6tEJpgvGmWZTp7oVQxWm3sk=';
const CATEGORY = 'api::outsourcing-category.outsourcing-category';

interface Received {
  raw: Buffer;
  headers: http.IncomingHttpHeaders;
  signature: string | undefined;
  eventId: string | undefined;
  event: FrontendEvent;
  at: number;
}

const received: Received[] = [];
/** Every attempt's headers, refused ones included (by event id). */
const attempts: { eventId: string; headers: http.IncomingHttpHeaders; at: number }[] = [];
/** Event ids the receiver answers 503 once (to watch a retry). */
const refuseOnce = new Set<string>();
let receiver: http.Server | undefined;
let port = 0;

/** The headers as the library takes them (every value a string). */
const stringHeaders = (headers: http.IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : []))
  );

const startReceiver = async (): Promise<void> => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const eventId = String(req.headers['webhook-id']);
      attempts.push({ eventId, headers: req.headers, at: Date.now() });
      if (refuseOnce.delete(eventId)) {
        res.writeHead(503).end();
        return;
      }
      received.push({
        raw,
        headers: req.headers,
        signature: req.headers['x-signature'] as string | undefined,
        eventId: req.headers['x-event-id'] as string | undefined,
        event: JSON.parse(raw.toString('utf8')) as FrontendEvent,
        at: Date.now(),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(port, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
};

const stopReceiver = async (): Promise<void> => {
  const server = receiver;
  receiver = undefined;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
};

const ENV: Record<string, string> = {
  ...INTEGRATION_ENV,
  FRONTEND_REVALIDATE_SECRET: SECRET,
  FRONTEND_REVALIDATE_INTERVAL_MS: '100',
  FRONTEND_REVALIDATE_RETRY_BASE_MS: '100',
  FRONTEND_REVALIDATE_RETRY_MAX_MS: '300',
  FRONTEND_REVALIDATE_TIMEOUT_MS: '2000',
  // The receiver is down from the start until the first test brings it up: however long the boot takes on a
  // loaded machine, the seed's events must still be pending then, not given up.
  FRONTEND_REVALIDATE_MAX_ATTEMPTS: '1000',
  PUBLIC_URL: 'https://cms.example.test',
};

// The receiver's port is reserved first and the receiver stopped: the app starts with its target down.
beforeAll(async () => {
  await startReceiver();
  await stopReceiver();
  ENV.FRONTEND_REVALIDATE_URL = `http://127.0.0.1:${port}/api/revalidate`;
});
useStrapi(ENV);
afterAll(stopReceiver);

const waitFor = async <T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10000
): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const adminFetch = (token: string, path: string, init: RequestInit = {}) =>
  fetch(`${httpServer()}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });

const categoryByCode = async (code: 'bpo' | 'ito' | 'kpo', locale: string) =>
  (await getStrapi()
    .documents(CATEGORY)
    .findFirst({ locale, filters: { code }, status: 'published', fields: ['slug', 'code'] })) as {
    documentId: string;
    slug: string;
  };

/** The events about this document since `since` (the seed's own publishes at start came before). */
const eventsOf = (documentId: string, kind: string, since: number) =>
  received.filter(
    (r) => r.event.documentId === documentId && r.event.event === kind && Date.parse(r.event.occurredAt) >= since
  );

it("publishes while the receiver is down: the editor's publish answers at once, the event arrives once the receiver is back", async () => {
  const token = await adminToken('strapi-editor');
  const bpo = await categoryByCode('bpo', 'fr');
  const base = `/content-manager/collection-types/${CATEGORY}/${bpo.documentId}`;

  const started = Date.now();
  const published = await adminFetch(token, `${base}/actions/publish?locale=fr`, { method: 'POST', body: '{}' });
  const publishMs = Date.now() - started;
  expect(published.status).toBe(200);

  // Stored, tried, refused (nothing listens), scheduled again.
  const pending = await waitFor('a failed attempt', async () => {
    const rows = await frontendEvents(getStrapi()).rows();
    return rows.find(
      (row) =>
        row.attempts >= 1 &&
        row.status === 'pending' &&
        (JSON.parse(row.body) as FrontendEvent).documentId === bpo.documentId &&
        (JSON.parse(row.body) as FrontendEvent).event === 'publish' &&
        Date.parse((JSON.parse(row.body) as FrontendEvent).occurredAt) >= started
    );
  });
  expect(pending.last_error).toMatch(/ECONNREFUSED/);

  const upAt = Date.now();
  await startReceiver();
  const delivered = await waitFor('the publish event', () => eventsOf(bpo.documentId, 'publish', started)[0]);
  console.log(
    `[frontend-events] publish answered in ${publishMs} ms with the receiver down; event delivered ${delivered.at - upAt} ms after the receiver came back (attempts before: ${pending.attempts})`
  );

  expect(delivered.event).toEqual(
    expect.objectContaining({
      event: 'publish',
      contentType: 'outsourcing-category',
      uid: CATEGORY,
      documentId: bpo.documentId,
      locale: 'fr',
      slug: bpo.slug,
      tags: ['outsourcing-category', `outsourcing-category:${bpo.documentId}`],
      urls: [
        'https://cms.example.test/api/outsourcing-categories?locale=fr',
        `https://cms.example.test/api/outsourcing-categories/${bpo.documentId}?locale=fr`,
        'https://cms.example.test/api/outsourcing-overview?locale=fr',
      ],
    })
  );
  // Standard Webhooks, verified by the library as a receiver does: the parsed event comes back.
  expect(new Webhook(SECRET).verify(delivered.raw.toString('utf8'), stringHeaders(delivered.headers))).toEqual(
    delivered.event
  );
  expect(delivered.headers['webhook-id']).toBe(delivered.event.id);
  expect(delivered.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  expect(Number(delivered.headers['webhook-timestamp'])).toBeLessThanOrEqual(Math.ceil(delivered.at / 1000));
  expect(Number(delivered.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(Math.floor(upAt / 1000));
  expect(() =>
    new Webhook('whsec_c2Vjb25kLXNlY3JldC1vZi0yNC1ieXRlcy1vcg==').verify(
      delivered.raw.toString('utf8'),
      stringHeaders(delivered.headers)
    )
  ).toThrow('No matching signature found');
  // The deprecated X-Signature, one more release.
  expect(verifySignature(delivered.raw, parseSigningSecret(SECRET).key, delivered.signature)).toBe(true);
  expect(delivered.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(delivered.eventId).toBe(delivered.event.id);

  // Everything pending was delivered, each event once (the seed's publishes included).
  await waitFor('an empty outbox', async () => {
    const rows = await frontendEvents(getStrapi()).rows();
    return rows.every((row) => row.status === 'sent') ? true : undefined;
  });
  const ids = received.map((r) => r.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(eventsOf(bpo.documentId, 'publish', started)).toHaveLength(1);
});

it('one event per publish, unpublish and delete, each signed, with the locale and slug', async () => {
  const token = await adminToken('strapi-editor');
  const kpo = await categoryByCode('kpo', 'en');
  const base = `/content-manager/collection-types/${CATEGORY}/${kpo.documentId}`;

  const since = Date.now();
  const publishedAt = since;
  expect((await adminFetch(token, `${base}/actions/publish?locale=en`, { method: 'POST', body: '{}' })).status).toBe(
    200
  );
  const published = await waitFor('the publish event', () => eventsOf(kpo.documentId, 'publish', since)[0]);
  console.log(`[frontend-events] publish → receiver: ${published.at - publishedAt} ms`);
  expect(published.event).toMatchObject({ locale: 'en', slug: kpo.slug });

  expect((await adminFetch(token, `${base}/actions/unpublish?locale=en`, { method: 'POST', body: '{}' })).status).toBe(
    200
  );
  const unpublished = await waitFor('the unpublish event', () => eventsOf(kpo.documentId, 'unpublish', since)[0]);
  expect(unpublished.event).toMatchObject({ locale: 'en', slug: kpo.slug, contentType: 'outsourcing-category' });
  // Unpublished, the category is gone from the public list.
  const list = (await (await fetch(`${httpServer()}/api/outsourcing-categories?locale=en`)).json()) as {
    data: { documentId: string }[];
  };
  expect(list.data.map((c) => c.documentId)).not.toContain(kpo.documentId);

  // A delete through the Document Service (a script, an import) is caught too: one event per locale that
  // is published at that moment. English was unpublished above (its event sent then): no second event.
  await getStrapi().documents(CATEGORY).delete({ documentId: kpo.documentId, locale: '*' });
  const deleted = await waitFor('the French delete event', () => eventsOf(kpo.documentId, 'delete', since)[0]);
  expect(deleted.event).toMatchObject({ locale: 'fr', event: 'delete' });

  await frontendEvents(getStrapi()).dispatchDue();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(eventsOf(kpo.documentId, 'publish', since)).toHaveLength(1);
  expect(eventsOf(kpo.documentId, 'unpublish', since)).toHaveLength(1);
  expect(eventsOf(kpo.documentId, 'delete', since).map((d) => d.event.locale)).toEqual(['fr']);
  const webhook = new Webhook(SECRET);
  for (const r of received.filter((r) => Date.parse(r.event.occurredAt) >= since)) {
    expect(webhook.verify(r.raw.toString('utf8'), stringHeaders(r.headers))).toEqual(r.event);
  }
});

it('a retry carries the same webhook-id, signed again with its own timestamp; a captured delivery replayed after 5 minutes is refused', async () => {
  const ito = await categoryByCode('ito', 'en');
  const event: FrontendEvent = {
    id: `retry-test-${Math.random().toString(36).slice(2)}`,
    event: 'publish',
    contentType: 'outsourcing-category',
    uid: CATEGORY,
    documentId: ito.documentId,
    locale: 'en',
    slug: ito.slug,
    urls: [],
    tags: [],
    occurredAt: new Date().toISOString(),
  };
  refuseOnce.add(event.id);
  await frontendEvents(getStrapi()).enqueue([event]);
  const delivered = await waitFor('the retried event', () => received.find((r) => r.event.id === event.id));
  const tries = attempts.filter((a) => a.eventId === event.id);
  expect(tries).toHaveLength(2);
  expect(tries.map((a) => a.headers['webhook-id'])).toEqual([event.id, event.id]);
  for (const attempt of tries) {
    expect(Number(attempt.headers['webhook-timestamp'])).toBeLessThanOrEqual(Math.ceil(attempt.at / 1000));
    expect(Number(attempt.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(Math.floor(attempt.at / 1000) - 1);
  }
  const body = delivered.raw.toString('utf8');
  expect(new Webhook(SECRET).verify(body, stringHeaders(delivered.headers))).toEqual(event);

  // The same bytes and headers, 5 minutes and 1 second later (the clock moved, not the delivery): refused.
  const realNow = Date.now;
  const replayAt = Number(delivered.headers['webhook-timestamp']) * 1000 + 301_000;
  Date.now = () => replayAt;
  try {
    expect(() => new Webhook(SECRET).verify(body, stringHeaders(delivered.headers))).toThrow(
      'Message timestamp too old'
    );
  } finally {
    Date.now = realNow;
  }
});

it('several dispatchers on one database deliver each event once', async () => {
  const strapi = getStrapi();
  const ito = await categoryByCode('ito', 'fr');
  const before = received.length;
  const events: FrontendEvent[] = Array.from({ length: 40 }, (_, i) => ({
    id: `claim-test-${i}-${Math.random().toString(36).slice(2)}`,
    event: 'publish',
    contentType: 'outsourcing-category',
    uid: CATEGORY,
    documentId: ito.documentId,
    locale: 'fr',
    slug: ito.slug,
    urls: [],
    tags: [],
    occurredAt: new Date().toISOString(),
  }));
  const settings = { ...frontendEventSettings(strapi), batchSize: 5 };
  const others = [createFrontendEventOutbox(strapi, settings), createFrontendEventOutbox(strapi, settings)];
  await frontendEvents(strapi).enqueue(events);
  // The app's own dispatcher runs too: three claimers.
  const reports = await Promise.all(others.map((outbox) => outbox.dispatchDue()));
  await waitFor('the 40 events', () => (received.length - before >= 40 ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const mine = received.slice(before).filter((r) => r.event.id.startsWith('claim-test-'));
  expect(mine).toHaveLength(40);
  expect(new Set(mine.map((r) => r.event.id)).size).toBe(40);
  console.log(
    `[frontend-events] 40 events, 3 dispatchers: the two extra ones sent ${reports.map((r) => r.sent).join(' + ')}`
  );
});
