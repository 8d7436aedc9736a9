/**
 * Lead events for a CRM, to a real HTTP receiver (node:http in this process) that verifies every delivery
 * with the `standardwebhooks` library, as a CRM's receiver would: an accepted quote request, a stage change
 * by a sales user in the Content Manager and an erasure each reach LEAD_WEBHOOK_URL once, in order; nothing
 * for spam, a refused or replayed submission, or a submission rolled back; several dispatchers send each
 * event once; a receiver down for an hour (the outbox's clock moved, not waited) gets everything in order;
 * an erasure leaves nothing of the person in the events table.
 */
import fs from 'fs';
import http from 'http';
import path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { AddressInfo } from 'net';
import request from 'supertest';
import type { Knex } from 'knex';
import { Webhook } from 'standardwebhooks';
import { adminToken } from '../helpers/admin';
import { nextClientIp } from '../helpers/context';
import { restData } from '../helpers/http';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { validQuoteData } from '../helpers/submission';
import { pdfBytes, pngBytes } from '../helpers/file-samples';
import { signedEvents } from '../../src/signed-events';
import { createSignedEventOutbox, SIGNED_EVENTS_TABLE, type SignedEventRow } from '../../src/signed-events/outbox';
import { leadEventSettings } from '../../src/lead-events/settings';
import type { LeadEvent, QuoteRequestCreatedData } from '../../src/lead-events/event-payload';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const QR = 'api::quote-request.quote-request';

interface Received {
  id: string;
  event: LeadEvent;
  raw: string;
  headers: http.IncomingHttpHeaders;
}

/** Deliveries the receiver took (verified), in arrival order; every attempt's id, refused ones included. */
const received: Received[] = [];
const attempts: string[] = [];
let refusing = false;
let receiver: http.Server | undefined;

const stringHeaders = (headers: http.IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : []))
  );

const webhook = new Webhook(SECRET);

const ENV: Record<string, string> = {
  ...INTEGRATION_ENV,
  LEAD_WEBHOOK_SECRET: SECRET,
  LEAD_WEBHOOK_INTERVAL_MS: '100',
  LEAD_WEBHOOK_RETRY_BASE_MS: '100',
  LEAD_WEBHOOK_RETRY_MAX_MS: '300',
  LEAD_WEBHOOK_MAX_ATTEMPTS: '1000',
};

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      attempts.push(String(req.headers['webhook-id']));
      if (refusing) {
        res.writeHead(503).end();
        return;
      }
      let event: LeadEvent;
      try {
        // What a CRM's receiver does: verify, then trust the parsed body.
        event = webhook.verify(raw, stringHeaders(req.headers)) as LeadEvent;
      } catch {
        res.writeHead(401).end();
        return;
      }
      received.push({ id: String(req.headers['webhook-id']), event, raw, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  ENV.LEAD_WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/crm/inbound`;
});
useStrapi(ENV);
afterAll(async () => {
  const server = receiver;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
});

const waitFor = async <T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 15000) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const api = () => request(httpServer());

const submit = (data: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api().post('/api/quote-requests').set('X-Forwarded-For', nextClientIp()).set(headers).send({ data });

const eventsAbout = (reference: string): Received[] => received.filter((r) => r.event.data.reference === reference);

const leadRows = (): Promise<SignedEventRow[]> => signedEvents(getStrapi()).rows('lead');

const rowsAbout = async (reference: string): Promise<SignedEventRow[]> =>
  (await leadRows()).filter((row) => row.subject === reference);

const findRequest = async (reference: string) =>
  (await getStrapi().db.query(QR).findOne({ where: { reference } })) as {
    id: number;
    documentId: string;
    reference: string;
    expectedResponseBy: string;
    email: string;
  } | null;

it('a request sent with files names them in its created event (names, sizes, types; never the files)', async () => {
  const form = new FormData();
  form.append('data', JSON.stringify(validQuoteData({ requestedModel: 'kpo' })));
  const pdf = pdfBytes();
  const png = pngBytes();
  form.append('attachments', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'cahier-des-charges.pdf');
  form.append('attachments', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'schema.png');
  const res = await fetch(`${httpServer()}/api/quote-requests`, {
    method: 'POST',
    headers: { 'X-Forwarded-For': nextClientIp() },
    body: form,
  });
  expect(res.status).toBe(201);
  const { reference } = ((await res.json()) as { data: { reference: string } }).data;
  const delivered = await waitFor('the created event', () => eventsAbout(reference)[0]);
  expect((delivered.event.data as QuoteRequestCreatedData).attachments).toEqual([
    { name: 'cahier-des-charges.pdf', size: pdf.length, type: 'application/pdf' },
    { name: 'schema.png', size: png.length, type: 'image/png' },
  ]);
  expect(delivered.raw).not.toContain(pdf.subarray(0, 64).toString('base64'));
});

it('an accepted request reaches the CRM as quote_request.created, signed, with everything sales need', async () => {
  const data = validQuoteData({
    requestedModel: 'ito',
    scope: 'partial',
    approach: 'strategic',
    phone: '+33 1 23 45 67 89',
    jobTitle: 'DSI',
    locale: 'en',
    sourceUrl: 'https://www.example.test/outsourcing',
  });
  const res = await submit(data).expect(201);
  const receipt = restData<{ reference: string; expectedResponseBy: string }>(res);
  const delivered = await waitFor('the created event', () => eventsAbout(receipt.reference)[0]);

  expect(delivered.event.type).toBe('quote_request.created');
  const created = delivered.event.data as QuoteRequestCreatedData;
  expect(delivered.event.id).toBe(delivered.id);
  expect(delivered.event.timestamp).toBe(created.receivedAt);
  expect(Date.parse(created.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
  expect(created.tags).toEqual(expect.arrayContaining(['model:ito', 'scope:partial', 'approach:strategic']));
  // The version of the consent sentence published in the requester's language (the seed's).
  expect(created.consentTextVersion).toEqual(expect.any(String));
  expect({ ...created, receivedAt: 'checked above', tags: [], consentTextVersion: 'checked above' }).toEqual({
    reference: receipt.reference,
    receivedAt: 'checked above',
    language: 'en',
    model: 'ito',
    scope: 'partial',
    approach: 'strategic',
    tags: [],
    stage: 'new',
    expectedResponseBy: receipt.expectedResponseBy,
    requester: {
      fullName: data.fullName,
      email: data.email,
      phone: '+33 1 23 45 67 89',
      company: data.company,
      jobTitle: 'DSI',
      message: data.message,
      sourceUrl: 'https://www.example.test/outsourcing',
    },
    consentTextVersion: 'checked above',
    attachments: [],
  });
  expect(delivered.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  expect(delivered.headers['webhook-id']).toBe(delivered.event.id);
  // The frontend's deprecated headers are not part of this contract.
  expect(delivered.headers['x-signature']).toBeUndefined();
  // Another key does not verify it.
  expect(() =>
    new Webhook('whsec_c2Vjb25kLXNlY3JldC1vZi0yNC1ieXRlcy1vcg==').verify(
      delivered.raw,
      stringHeaders(delivered.headers)
    )
  ).toThrow('No matching signature found');
});

it('no event for spam (honeypot), a refused submission or a replay with the same Idempotency-Key', async () => {
  const before = (await leadRows()).length;
  const spam = restData<{ reference: string }>(
    await submit(validQuoteData({ _gotcha: 'http://spam.test' })).expect(201)
  );
  await submit(validQuoteData({ email: 'not-an-address' })).expect(400);
  const key = `lead-replay-${Math.random().toString(36).slice(2)}`;
  const data = validQuoteData();
  const first = restData<{ reference: string }>(await submit(data, { 'Idempotency-Key': key }).expect(201));
  const again = restData<{ reference: string }>(await submit(data, { 'Idempotency-Key': key }).expect(201));
  expect(again.reference).toBe(first.reference);

  expect(await rowsAbout(spam.reference)).toEqual([]);
  expect((await rowsAbout(first.reference)).map((row) => JSON.parse(row.body) as LeadEvent).map((e) => e.type)).toEqual(
    ['quote_request.created']
  );
  expect((await leadRows()).length).toBe(before + 1);
  await waitFor('the replayed request’s one event', () => eventsAbout(first.reference)[0]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(eventsAbout(first.reference)).toHaveLength(1);
  expect(eventsAbout(spam.reference)).toHaveLength(0);
});

it('a submission rolled back after its event was written leaves no event (and no request)', async () => {
  const strapi = getStrapi();
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client;
  // The mails are written after the lead event, in the same transaction: refusing the confirmation of this
  // one address makes the transaction fail after the event's INSERT succeeded.
  if (client === 'sqlite') {
    await knex.raw(`CREATE TRIGGER refuse_probe BEFORE INSERT ON quote_notifications
      WHEN NEW.recipients LIKE '%rollback-probe%' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
  } else {
    await knex.raw(`CREATE OR REPLACE FUNCTION refuse_probe() RETURNS trigger AS $$
      BEGIN IF NEW.recipients::text LIKE '%rollback-probe%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
      RETURN NEW; END $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER refuse_probe BEFORE INSERT ON quote_notifications
      FOR EACH ROW EXECUTE FUNCTION refuse_probe()`);
  }
  const seen: string[] = [];
  const probe = async (trx: Knex.Transaction) =>
    (await trx(SIGNED_EVENTS_TABLE).select('subject').where('receiver', 'lead').orderBy('id', 'desc').limit(1)) as {
      subject: string;
    }[];
  try {
    const before = (await leadRows()).length;
    const email = `rollback-probe.${Math.random().toString(36).slice(2, 8)}@client.test`;
    const res = await submit(validQuoteData({ email }));
    expect(res.status).toBe(500);
    expect(await getStrapi().db.query(QR).findOne({ where: { email } })).toBeNull();
    expect((await leadRows()).length).toBe(before);

    // The same seen from inside: the event row exists in the transaction, then is gone with it.
    const subject = `DEV-PROBE-${Date.now()}`;
    await expect(
      strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        await signedEvents(strapi).enqueue('lead', [{ id: `msg_probe_${Date.now()}`, subject, body: { probe: true } }]);
        seen.push(...(await probe(trx)).map((r) => r.subject));
        expect(seen).toEqual([subject]);
        throw new Error('rolled back by the test');
      })
    ).rejects.toThrow('rolled back by the test');
    expect(await rowsAbout(seen[0])).toEqual([]);
  } finally {
    if (client === 'sqlite') await knex.raw('DROP TRIGGER IF EXISTS refuse_probe');
    else {
      await knex.raw('DROP TRIGGER IF EXISTS refuse_probe ON quote_notifications');
      await knex.raw('DROP FUNCTION IF EXISTS refuse_probe()');
    }
  }
});

it('a request moved out of spam reaches the CRM as created (at its spam stage), then its stage changes; one left in spam, nothing', async () => {
  const email = `rescued-${Math.random().toString(36).slice(2)}@client.test`;
  const reference = restData<{ reference: string }>(
    await submit(validQuoteData({ _gotcha: 'http://spam.test', email })).expect(201)
  ).reference;
  expect(await rowsAbout(reference)).toEqual([]);
  const row = (await findRequest(reference))!;
  const sales = await adminToken('sales');
  const url = `/content-manager/collection-types/${QR}/${row.documentId}`;
  await api().put(url).set('Authorization', `Bearer ${sales}`).send({ stage: 'new' }).expect(200);
  await api().put(url).set('Authorization', `Bearer ${sales}`).send({ stage: 'spam' }).expect(200);
  await api().put(url).set('Authorization', `Bearer ${sales}`).send({ stage: 'contacted' }).expect(200);

  await waitFor('three stage changes', () =>
    eventsAbout(reference).filter((r) => r.event.type === 'quote_request.stage_changed').length >= 3 ? true : undefined
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const events = eventsAbout(reference).map((r) => r.event);
  expect(events.map((event) => event.type)).toEqual([
    'quote_request.created',
    'quote_request.stage_changed',
    'quote_request.stage_changed',
    'quote_request.stage_changed',
  ]);
  const created = events[0].data as QuoteRequestCreatedData;
  expect(created).toMatchObject({ reference, stage: 'spam', attachments: [] });
  expect(created.requester.email).toBe(email);
  expect(events.slice(1).map((event) => event.data)).toEqual([
    { reference, from: 'spam', to: 'new', by: 'Test sales' },
    { reference, from: 'new', to: 'spam', by: 'Test sales' },
    { reference, from: 'spam', to: 'contacted', by: 'Test sales' },
  ]);

  // A spam request sent to spam again, or one that stays there: the CRM hears nothing of it.
  const other = restData<{ reference: string }>(
    await submit(validQuoteData({ _gotcha: 'http://spam.test' })).expect(201)
  ).reference;
  const otherRow = (await findRequest(other))!;
  await api()
    .put(`/content-manager/collection-types/${QR}/${otherRow.documentId}`)
    .set('Authorization', `Bearer ${sales}`)
    .send({ internalNotes: 'robot' })
    .expect(200);
  expect(await rowsAbout(other)).toEqual([]);
});

it("a sales user's stage change reaches the CRM with the user's name, never their e-mail; other edits send nothing", async () => {
  const reference = restData<{ reference: string }>(await submit(validQuoteData()).expect(201)).reference;
  await waitFor('the created event', () => eventsAbout(reference)[0]);
  const row = (await findRequest(reference))!;
  const sales = await adminToken('sales');
  const url = `/content-manager/collection-types/${QR}/${row.documentId}`;
  await api().put(url).set('Authorization', `Bearer ${sales}`).send({ internalNotes: 'Rappel jeudi' }).expect(200);
  await api().put(url).set('Authorization', `Bearer ${sales}`).send({ stage: 'contacted' }).expect(200);
  await api()
    .put(url)
    .set('Authorization', `Bearer ${sales}`)
    .send({ stage: 'contacted', internalNotes: 'x' })
    .expect(200);
  await api().put(url).set('Authorization', `Bearer ${sales}`).send({ stage: 'proposal' }).expect(200);

  const changes = await waitFor('two stage changes', () => {
    const found = eventsAbout(reference).filter((r) => r.event.type === 'quote_request.stage_changed');
    return found.length >= 2 ? found : undefined;
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(eventsAbout(reference).map((r) => r.event.type)).toEqual([
    'quote_request.created',
    'quote_request.stage_changed',
    'quote_request.stage_changed',
  ]);
  expect(changes.map((r) => r.event.data)).toEqual([
    { reference, from: 'new', to: 'contacted', by: 'Test sales' },
    { reference, from: 'contacted', to: 'proposal', by: 'Test sales' },
  ]);
  // adminToken's users have addresses at rouge-hexagone.test: none in what the CRM received.
  for (const change of changes) expect(change.raw).not.toMatch(/@|rouge-hexagone/);
});

it('several dispatchers on one database deliver each lead event once, in the order written', async () => {
  const strapi = getStrapi();
  const before = received.length;
  const settings = { ...leadEventSettings(strapi), batchSize: 4 };
  const others = [
    createSignedEventOutbox(strapi, { lead: settings }),
    createSignedEventOutbox(strapi, { lead: settings }),
  ];
  const ids = Array.from({ length: 30 }, (_, i) => `msg_claim_${i}_${Math.random().toString(36).slice(2)}`);
  await signedEvents(strapi).enqueue(
    'lead',
    ids.map((id) => ({
      id,
      subject: null,
      body: { id, type: 'quote_request.erased', timestamp: new Date().toISOString(), data: { reference: id } },
    }))
  );
  // The app's own dispatcher runs too: three claimers.
  const reports = await Promise.all(others.map((outbox) => outbox.dispatchDue('lead')));
  await waitFor('the 30 events', () => (received.length - before >= 30 ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const mine = received.slice(before).filter((r) => r.id.startsWith('msg_claim_'));
  expect(mine.map((r) => r.id)).toEqual(ids);
  console.log(
    `[lead-events] 30 events, 3 dispatchers: the two extra ones sent ${reports.map((r) => r.sent).join(' + ')}`
  );
});

it('a receiver down for an hour gets every event, in order, once it is back; the sales desk shows the backlog', async () => {
  const strapi = getStrapi();
  // The app's dispatcher would retry on the real clock: this test's outbox alone moves through the hour.
  await signedEvents(strapi).stop();
  let now = Date.now();
  const outbox = createSignedEventOutbox(
    strapi,
    { lead: { ...leadEventSettings(strapi), retryBaseMs: 5000, retryMaxMs: 3_600_000 } },
    { now: () => now }
  );
  try {
    refusing = true;
    const before = received.length;
    const attemptsBefore = attempts.length;
    const references: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      references.push(restData<{ reference: string }>(await submit(validQuoteData()).expect(201)).reference);
    }
    const sales = await adminToken('sales');
    const dashboard = async () =>
      restData<{
        mailQueue: {
          leadEvents: {
            configured: boolean;
            waiting: number;
            failed: number;
            oldestWaitingSince: string | null;
            oldestWaitingSeconds: number | null;
          };
        };
      }>(await api().get('/api/quote-requests/dashboard').set('Authorization', `Bearer ${sales}`).expect(200)).mailQueue
        .leadEvents;
    const backlog = await dashboard();
    expect(backlog).toMatchObject({ configured: true, waiting: 4 });
    expect(backlog.oldestWaitingSince).not.toBeNull();

    // An hour of a receiver answering 503: passes every 5 minutes of the outbox's clock.
    for (let minute = 0; minute <= 60; minute += 5) {
      await outbox.dispatchDue('lead');
      now += 5 * 60_000;
    }
    const tried = attempts.slice(attemptsBefore);
    // Only the oldest event was tried (backoff: 5 s, 10 s, 20 s … an attempt per pass), the others waited.
    expect(new Set(tried).size).toBe(1);
    expect(tried.length).toBeGreaterThanOrEqual(6);
    expect(received.length).toBe(before);
    expect(await dashboard()).toMatchObject({ waiting: 4, failed: 0 });

    refusing = false;
    now += 3_600_000 * 1.2 + 1;
    const report = await outbox.dispatchDue('lead');
    expect(report).toMatchObject({ sent: 4, failed: 0 });
    const back = received.slice(before);
    expect(back.map((r) => r.event.data.reference)).toEqual(references);
    expect(back.every((r) => r.event.type === 'quote_request.created')).toBe(true);
    expect((await dashboard()).waiting).toBe(0);
    console.log(
      `[lead-events] receiver down for an hour: ${tried.length} attempts of the oldest event, then ${back.length} events delivered in order in one pass`
    );

    // Given up after maxAttempts: counted as failed, kept, and the next one goes.
    refusing = true;
    const once = createSignedEventOutbox(strapi, { lead: { ...leadEventSettings(strapi), maxAttempts: 1 } });
    const failedBefore = (await dashboard()).failed;
    await signedEvents(strapi).enqueue('lead', [
      { id: `msg_fail_${Date.now()}`, subject: null, body: { type: 'quote_request.erased', data: { reference: 'x' } } },
    ]);
    expect(await once.dispatchDue('lead')).toMatchObject({ failed: 1 });
    expect((await dashboard()).failed).toBe(failedBefore + 1);
  } finally {
    refusing = false;
    signedEvents(strapi).start();
  }
});

it('an erasure sends quote_request.erased and leaves nothing of the person in the events table, delivered or waiting', async () => {
  const strapi = getStrapi();
  const email = `erase.me.${Math.random().toString(36).slice(2, 8)}@client.test`;
  const fullName = 'Dominique Effacé';
  const delivered = restData<{ reference: string }>(
    await submit(validQuoteData({ email, fullName, phone: '+33 6 11 22 33 44' })).expect(201)
  ).reference;
  await waitFor('the delivered created event', () => eventsAbout(delivered)[0]);

  // A second request of the same person whose event is still waiting (the dispatcher stopped).
  await signedEvents(strapi).stop();
  let waiting = '';
  try {
    waiting = restData<{ reference: string }>(await submit(validQuoteData({ email, fullName })).expect(201)).reference;
    expect((await rowsAbout(waiting)).map((row) => row.status)).toEqual(['pending']);

    const superAdmin = await adminToken('strapi-super-admin');
    const row = (await findRequest(delivered))!;
    await api()
      .post(`/api/quote-requests/${row.documentId}/erase-personal-data`)
      .set('Authorization', `Bearer ${superAdmin}`)
      .expect(200);
  } finally {
    signedEvents(strapi).start();
  }

  const all = await waitFor('both erased events', () => {
    const erased = received.filter(
      (r) => r.event.type === 'quote_request.erased' && [delivered, waiting].includes(r.event.data.reference)
    );
    return erased.length === 2 ? erased : undefined;
  });
  for (const erased of all) expect(Object.keys(erased.event.data)).toEqual(['reference']);

  // The waiting event went out blanked, before its erasure.
  const ofWaiting = eventsAbout(waiting).map((r) => r.event);
  expect(ofWaiting.map((e) => e.type)).toEqual(['quote_request.created', 'quote_request.erased']);
  expect(ofWaiting[0].data).toMatchObject({
    reference: waiting,
    requester: { fullName: null, email: null, phone: null, company: null, message: null },
    attachments: [],
  });

  // Nothing of the person in any lead event row.
  const table = JSON.stringify(await leadRows());
  expect(table).not.toContain(email);
  expect(table).not.toContain(fullName);
  expect(table).not.toContain('11 22 33 44');
  const rows = await rowsAbout(delivered);
  expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
  expect((JSON.parse(rows[0].body) as LeadEvent).data).toMatchObject({ requester: { email: null } });
});

it('every delivery of this file matches its shape in docs/openapi.json (x-webhooks)', () => {
  type Json = Record<string, unknown>;
  const document = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../docs/openapi.json'), 'utf8')) as {
    'x-webhooks': Record<string, { post: { requestBody: { content: Record<string, { schema: Json }> } } }>;
  };
  // OpenAPI 3.0's `nullable` as JSON Schema; examples are documentation.
  const toJsonSchema = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(toJsonSchema);
    if (schema === null || typeof schema !== 'object') return schema;
    const { nullable, example: _example, ...rest } = schema as Json & { nullable?: boolean; example?: unknown };
    const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, toJsonSchema(value)]));
    return nullable ? { anyOf: [converted, { type: 'null' }] } : converted;
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  expect(Object.keys(document['x-webhooks']).sort()).toEqual([
    'quote_request.created',
    'quote_request.erased',
    'quote_request.stage_changed',
  ]);
  const types = new Set<string>();
  for (const delivery of received) {
    const schema = document['x-webhooks'][delivery.event.type].post.requestBody.content['application/json'].schema;
    const validate = ajv.compile(toJsonSchema(schema) as Json);
    expect({ type: delivery.event.type, valid: validate(delivery.event), errors: validate.errors ?? null }).toEqual({
      type: delivery.event.type,
      valid: true,
      errors: null,
    });
    types.add(delivery.event.type);
  }
  expect([...types].sort()).toEqual(['quote_request.created', 'quote_request.erased', 'quote_request.stage_changed']);
});
