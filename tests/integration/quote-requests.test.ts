/**
 * A prospect's quote request over REST and GraphQL: stored, tagged, routed and mailed; validation,
 * abuse protection and the outbox's delivery guarantees.
 */
import type { Data } from '@strapi/strapi';
import request from 'supertest';
import { nextClientIp, smtp } from '../helpers/context';
import { body, graphqlBody, restData, restError, type ErrorBody, type ValidationDetails } from '../helpers/http';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';
import { addBusinessMinutes, businessMinutesBetween } from '../../src/api/sales-desk/domain/business-time';
import { calendarOf, DEFAULT_SALES_DESK } from '../../src/api/sales-desk/domain/desk-settings';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';

const api = () => request(httpServer());

useStrapi();

const validSubmission = (overrides: Record<string, unknown> = {}) => ({
  fullName: 'Camille Martin',
  email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
  company: 'ACME',
  requestedModel: 'bpo',
  message: 'Nous souhaitons externaliser notre paie (250 salariés).',
  consent: true,
  ...overrides,
});

const submit = (data: unknown, ip = nextClientIp(), headers: Record<string, string> = {}) => {
  let req = api().post('/api/quote-requests').set('X-Forwarded-For', ip);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return req.send(data as object);
};

const countRequests = () => getStrapi().db.query(QR).count();
const outbox = () =>
  getStrapi().service('api::quote-notification.quote-notification') as unknown as {
    wake(): void;
    idle(): Promise<void>;
    dispatchPendingNotifications(): Promise<unknown>;
  };
type QuoteRequestRow = Data.ContentType<typeof QR>;
type NotificationRow = Data.ContentType<typeof QN>;

/** What a submission answers (REST `data`, GraphQL `submitQuoteRequest`): no personal data. */
interface Receipt {
  reference: string;
  status: string;
  expectedResponseBy: string;
  timeZone: string;
}

/** A stored request with its outbox rows. */
const findRequest = async (reference: string): Promise<QuoteRequestRow & { notifications: NotificationRow[] }> => {
  const row = (await getStrapi().db.query(QR).findOne({ where: { reference } })) as QuoteRequestRow | null;
  if (!row) throw new Error(`no stored quote request ${reference}`);
  const notifications = (await getStrapi()
    .db.query(QN)
    .findMany({ where: { quoteRequestId: row.id } })) as NotificationRow[];
  return { ...row, notifications };
};

describe('POST /api/quote-requests: the end-to-end path', () => {
  it('stores the request, tags it, answers 201 without personal data, and mails sales and the requester', async () => {
    const email = 'jane.doe@client.test';
    const res = await submit(
      {
        data: validSubmission({
          fullName: 'Jane <b>Doe</b>',
          email,
          company: 'ACME & Co <script>',
          requestedModel: 'ito',
          scope: 'partial',
          approach: 'strategic',
          locale: 'en',
          phone: '+33 (0)1 23-45.67',
          jobTitle: 'CTO',
          sourceUrl: 'https://www.example.test/externalisation',
          message: 'Please <script>alert("x")</script> & maintain our servers.\nSecond line.',
        }),
      },
      '2001:db8:ffff::1',
      { 'User-Agent': 'jest-e2e/1.0' }
    ).expect(201);

    const receipt = restData<Receipt>(res);
    expect(Object.keys(receipt).sort()).toEqual(['expectedResponseBy', 'reference', 'status', 'timeZone']);
    expect(receipt.status).toBe('received');
    expect(receipt.timeZone).toBe('Europe/Paris');
    const { reference } = receipt;
    expect(reference).toMatch(new RegExp(`^DEV-${new Date().getUTCFullYear()}-\\d{6}$`));
    expect(JSON.stringify(res.body)).not.toContain(email);

    const row = await findRequest(reference);
    expect(row).toMatchObject({
      fullName: 'Jane <b>Doe</b>',
      email,
      requestedModel: 'ito',
      scope: 'partial',
      approach: 'strategic',
      // The submission's `locale` is stored as `language`; i18n's own `locale` column stays empty.
      language: 'en',
      locale: null,
      stage: 'new',
      consent: true,
      userAgent: 'jest-e2e/1.0',
    });
    expect(row.tags).toEqual(['model:ito', 'scope:partial', 'approach:strategic']);
    expect(row.routedTo).toEqual([
      'ito@rouge-hexagone.test',
      'ito-lead@rouge-hexagone.test',
      'direction@rouge-hexagone.test',
    ]);
    expect(row.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('2001:db8:ffff::1');
    expect(row.consentAt).toBeTruthy();
    // Four business hours of the default desk (Paris, mon-fri 09:00-18:00, French holidays) after receipt.
    const desk = calendarOf(DEFAULT_SALES_DESK);
    const receivedAt = new Date(row.createdAt as string);
    const promised = new Date(receipt.expectedResponseBy);
    expect(receipt.expectedResponseBy).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(businessMinutesBetween(desk, receivedAt, promised)).toBe(240);
    expect(Math.abs(promised.getTime() - addBusinessMinutes(desk, receivedAt, 240).getTime())).toBeLessThan(5000);
    expect(row.notifications.map((n) => n.kind).sort()).toEqual(['confirmation', 'sales']);
    expect(row.notifications.every((n) => n.reference === reference && typeof n.documentId === 'string')).toBe(true);

    const [sales] = await smtp.waitFor(
      (m) => m.parsed?.subject?.includes(reference) === true && m.envelopeTo.includes('ito@rouge-hexagone.test')
    );
    expect(sales.parsed?.subject).toBe(`[ITO] Demande de devis ${reference} — ACME & Co <script>`);
    expect(sales.envelopeTo.sort()).toEqual([
      'direction@rouge-hexagone.test',
      'ito-lead@rouge-hexagone.test',
      'ito@rouge-hexagone.test',
    ]);
    expect(sales.parsed?.replyTo?.value[0].address).toBe(email);
    expect(sales.parsed?.from?.value[0].address).toBe('devis@rouge-hexagone.test');
    const html = String(sales.parsed?.html);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; maintain');
    expect(html).toContain('Jane &lt;b&gt;Doe&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<b>Doe/);
    expect(sales.parsed?.text).toContain('Please <script>alert("x")</script> & maintain our servers.');
    expect(sales.parsed?.text).toContain('+33 (0)1 23-45.67');
    // Times with their zone, and a link to the request in the admin (ADMIN_URL, by default this server's).
    expect(sales.parsed?.text).toMatch(/Reçue le : \S+ \d+ \S+ à \d\d:\d\d \(heure de Paris\)/);
    expect(sales.parsed?.text).toContain(
      `/admin/content-manager/collection-types/api::quote-request.quote-request/${String(row.documentId)}`
    );

    const [confirmation] = await smtp.waitFor((m) => m.envelopeTo.includes(email));
    expect(confirmation.envelopeTo).toEqual([email]);
    expect(confirmation.parsed?.subject).toBe(`Your quote request ${reference}`);
    expect(confirmation.parsed?.text).toContain(reference);
    expect(confirmation.parsed?.text).toContain('We usually reply within a few hours');
    // The confirmation greets with the first word of the name only (no relay of requester text).
    expect(String(confirmation.parsed?.html)).toContain('Hello Jane,');
    expect(String(confirmation.parsed?.html)).not.toContain('Doe');
    // Signed with the Site's signature for English (seeded), not the sender's display name.
    expect(confirmation.parsed?.text?.trim().endsWith('The Rouge Hexagone team')).toBe(true);

    await outbox().idle();
    const settled = await findRequest(reference);
    expect(settled.notificationStatus).toBe('sent');
    expect(settled.notifications.every((n) => n.deliveryStatus === 'sent' && n.attempts === 1)).toBe(true);
  });

  it('confirms in French by default and routes an undecided model to the fallback address', async () => {
    const email = 'paul@client.test';
    const res = await submit({ data: validSubmission({ email, requestedModel: 'undecided' }) }).expect(201);
    const { reference } = restData<Receipt>(res);
    const [confirmation] = await smtp.waitFor((m) => m.envelopeTo.includes(email));
    expect(confirmation.parsed?.subject).toBe(`Votre demande de devis ${reference}`);
    expect(confirmation.parsed?.text).toContain('Réponse en moyenne sous quelques heures');
    const [sales] = await smtp.waitFor((m) => m.parsed?.subject === `[À DÉFINIR] Demande de devis ${reference} — ACME`);
    expect(sales.envelopeTo.sort()).toEqual(['commercial@rouge-hexagone.test', 'direction@rouge-hexagone.test']);
    expect((await findRequest(reference)).tags).toEqual(['model:undecided']);
  });

  it('fires the create lifecycles exactly once per submission (createMany of one row: no read-back)', async () => {
    let fired = 0;
    let rows = 0;
    const unsubscribe = getStrapi().db.lifecycles.subscribe({
      models: [QR],
      beforeCreate() {
        fired += 1;
        rows += 1;
      },
      beforeCreateMany(event: { params: { data?: unknown } }) {
        fired += 1;
        rows += Array.isArray(event.params.data) ? event.params.data.length : 0;
      },
    });
    try {
      await submit({ data: validSubmission({ requestedModel: 'kpo', scope: 'total' }) }).expect(201);
      expect(fired).toBe(1);
      expect(rows).toBe(1);
      await submit({ data: validSubmission() }).expect(201);
      expect(fired).toBe(2);
      expect(rows).toBe(2);
    } finally {
      unsubscribe();
    }
  });
});

describe('POST /api/quote-requests: validation', () => {
  const expectRejected = async (data: unknown, paths: string[][], headers: Record<string, string> = {}) => {
    const before = await countRequests();
    const res = await submit(data, nextClientIp(), headers);
    expect(res.status).toBe(400);
    const answer = body<ErrorBody<ValidationDetails>>(res);
    expect(answer.data).toBeNull();
    expect(answer.error).toEqual(
      expect.objectContaining({ status: 400, name: 'ValidationError', message: expect.any(String) as unknown })
    );
    const reported = answer.error.details.errors.map((e) => e.path);
    expect(reported).toEqual(expect.arrayContaining(paths));
    expect(reported).toHaveLength(paths.length);
    expect(await countRequests()).toBe(before);
    return res;
  };

  it('lists every missing required field at once, in French by default', async () => {
    const res = await expectRejected({ data: {} }, [
      ['fullName'],
      ['email'],
      ['company'],
      ['requestedModel'],
      ['message'],
      ['consent'],
    ]);
    const error = restError<ValidationDetails>(res);
    expect(error.message).toBe('6 champs sont invalides.');
    const byField = Object.fromEntries(error.details.errors.map((e) => [e.path[0], e.message]));
    expect(byField.fullName).toBe('Ce champ est obligatoire.');
    expect(byField.consent).toBe('Votre consentement est nécessaire pour traiter votre demande.');
  });

  it('answers in English when the submission says locale "en", or Accept-Language asks for it', async () => {
    const res = await expectRejected({ data: validSubmission({ locale: 'en', email: 'nope' }) }, [['email']]);
    expect(restError(res).message).toBe('Invalid email address.');
    const viaHeader = await expectRejected({ data: validSubmission({ email: 'nope' }) }, [['email']], {
      'Accept-Language': 'en-GB,en;q=0.9',
    });
    expect(restError(viaHeader).message).toBe('Invalid email address.');
  });

  it.each([
    ['fullName', 'J'],
    ['fullName', 'x'.repeat(121)],
    ['fullName', 'Jane\r\nBcc: victim@example.test'],
    ['fullName', 42],
    ['email', 'not-an-email'],
    ['email', `${'a'.repeat(250)}@x.io`],
    ['email', 'a@b.test\nBcc: x@y.test'],
    ['company', 'c'.repeat(161)],
    ['company', 'ACME\u0000'],
    ['requestedModel', 'xpo'],
    ['requestedModel', ['bpo']],
    ['message', 'Trop court'.slice(0, 9)],
    ['message', 'm'.repeat(5001)],
    ['message', 'Bonjour, voici un message\u0007 avec une cloche.'],
    ['consent', false],
    ['consent', 'true'],
    ['consent', 1],
    ['phone', '+33 1 23 45 67 89 ext. 12'],
    ['phone', '1'.repeat(31)],
    ['jobTitle', 'Lead\tdev'],
    ['scope', 'half'],
    ['approach', 'opportunistic'],
    ['locale', 'de'],
    ['sourceUrl', 'javascript:alert(1)'],
    ['sourceUrl', 'ftp://example.test/file'],
    ['sourceUrl', 'not a url'],
  ])('rejects an invalid %s (case %#)', async (field, value) => {
    await expectRejected({ data: validSubmission({ [field]: value }) }, [[field]]);
  });

  it('rejects unknown keys each by path', async () => {
    await expectRejected({ data: validSubmission({ role: 'admin', stage: 'won', constructor: 'x' }) }, [
      ['role'],
      ['stage'],
      ['constructor'],
    ]);
  });

  it('rejects prototype-pollution payloads with a 400 and stores nothing', async () => {
    const before = await countRequests();
    const inner = JSON.stringify(validSubmission()).slice(0, -1);
    for (const raw of [
      `{"data": ${inner}, "__proto__": {"polluted": true}}}`,
      `{"__proto__": {"polluted": true}, "data": ${inner}}}`,
    ]) {
      const res = await api()
        .post('/api/quote-requests')
        .set('X-Forwarded-For', nextClientIp())
        .set('Content-Type', 'application/json')
        .send(raw);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ data: null, error: expect.objectContaining({ status: 400 }) as unknown });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await countRequests()).toBe(before);
  });

  it('rejects a body that is not { data: { … } }', async () => {
    await expectRejected(validSubmission(), [['data']]);
    await expectRejected({ data: [validSubmission()] }, [['data']]);
    await expectRejected({ data: 'x' }, [['data']]);
    await expectRejected({ data: validSubmission(), extra: 1 }, [['extra']]);
  });

  it('trims strings and treats empty optional fields as absent', async () => {
    const res = await submit({
      data: validSubmission({ fullName: '  Léa Dupont  ', phone: '', jobTitle: '   ' }),
    }).expect(201);
    const row = await findRequest(restData<Receipt>(res).reference);
    expect(row.fullName).toBe('Léa Dupont');
    expect(row.phone).toBeNull();
    expect(row.jobTitle).toBeNull();
  });

  it('answers malformed JSON with 400, a non-JSON body with 415, an oversize body with 413, and stores nothing', async () => {
    const before = await countRequests();
    const malformed = await api()
      .post('/api/quote-requests')
      .set('X-Forwarded-For', nextClientIp())
      .set('Content-Type', 'application/json')
      .send('{"data": {');
    expect(malformed.status).toBe(400);
    expect(restError(malformed).status).toBe(400);

    const form = await api()
      .post('/api/quote-requests')
      .set('X-Forwarded-For', nextClientIp())
      .type('form')
      .send({ 'data[fullName]': 'x' });
    expect(form.status).toBe(415);
    expect(form.body).toEqual({ data: null, error: expect.objectContaining({ status: 415 }) as unknown });

    const oversize = await submit({ data: validSubmission({ message: 'x'.repeat(70 * 1024) }) });
    expect(oversize.status).toBe(413);
    expect(restError(oversize)).toEqual(expect.objectContaining({ status: 413, name: 'PayloadTooLargeError' }));
    expect(await countRequests()).toBe(before);
  });

  it('caps the body of every other content-API route at 64 KB too, before any permission check (413)', async () => {
    const big = await api()
      .post('/api/outsourcing-categories')
      .send({ data: { summary: 'x'.repeat(200 * 1024) } });
    expect(big.status).toBe(413);
    const small = await api()
      .post('/api/outsourcing-categories')
      .send({ data: { summary: 'x'.repeat(1024) } });
    expect(small.status).toBe(403);
  });
});

describe('POST /api/quote-requests: abuse protection', () => {
  it('stores a honeypot submission as spam, answers a normal-looking 201, and sends no mail', async () => {
    const email = 'bot@spam.test';
    const before = await getStrapi().db.query(QN).count();
    const res = await submit({ data: validSubmission({ email, _gotcha: 'http://spam.test' }) }).expect(201);
    const receipt = restData<Receipt>(res);
    expect(Object.keys(receipt).sort()).toEqual(['expectedResponseBy', 'reference', 'status', 'timeZone']);
    expect(receipt.status).toBe('received');
    const row = await findRequest(receipt.reference);
    expect(row.stage).toBe('spam');
    expect(row.notifications).toHaveLength(0);
    expect(await getStrapi().db.query(QN).count()).toBe(before);
    await outbox().dispatchPendingNotifications();
    expect(smtp.messages.some((m) => m.envelopeTo.includes(email))).toBe(false);
  });

  it('limits each client to 5 submissions per window, then answers 429 RateLimitError', async () => {
    const ip = nextClientIp();
    for (let i = 0; i < 5; i += 1) {
      const ok = await submit({ data: validSubmission() }, ip);
      expect(ok.status).toBe(201);
      expect(ok.headers['ratelimit-remaining']).toBe(String(4 - i));
    }
    const before = await countRequests();
    const limited = await submit({ data: validSubmission() }, ip);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      data: null,
      error: expect.objectContaining({
        status: 429,
        name: 'RateLimitError',
        message: expect.any(String) as unknown,
      }) as unknown,
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countRequests()).toBe(before);
    // Another client is not affected.
    await submit({ data: validSubmission() }, nextClientIp()).expect(201);
  });

  it('returns the same receipt for a retried Idempotency-Key and stores nothing new', async () => {
    const key = `retry-${Date.now()}`;
    const data = { data: validSubmission({ email: 'idem@client.test' }) };
    const first = await submit(data, nextClientIp(), { 'Idempotency-Key': key }).expect(201);
    const before = await countRequests();
    const second = await submit(data, nextClientIp(), { 'Idempotency-Key': key }).expect(201);
    expect(second.body).toEqual(first.body);
    expect(await countRequests()).toBe(before);

    const conflicting = await submit({ data: validSubmission({ email: 'other@client.test' }) }, nextClientIp(), {
      'Idempotency-Key': key,
    });
    expect(conflicting.status).toBe(409);
    expect(restError(conflicting).status).toBe(409);
    expect(await countRequests()).toBe(before);

    const bad = await submit(data, nextClientIp(), { 'Idempotency-Key': 'bad key!' });
    expect(bad.status).toBe(400);
  });

  it('stores one request when retries with the same Idempotency-Key arrive at the same time', async () => {
    const key = `parallel-${Date.now()}`;
    const data = { data: validSubmission({ email: 'parallel@client.test' }) };
    const before = await countRequests();
    const answers = await Promise.all([1, 2, 3, 4].map(() => submit(data, nextClientIp(), { 'Idempotency-Key': key })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => restData<Receipt>(a).reference)).size).toBe(1);
    expect(await countRequests()).toBe(before + 1);
  });
});

describe('durable outbox: SMTP down, then back', () => {
  it('answers 201 while SMTP is down and delivers every mail exactly once after recovery', async () => {
    await outbox().idle();
    await smtp.stop();
    const references: string[] = [];
    try {
      for (let i = 0; i < 3; i += 1) {
        const started = Date.now();
        const res = await submit({
          data: validSubmission({ email: `down${i}@client.test`, requestedModel: 'kpo' }),
        }).expect(201);
        expect(Date.now() - started).toBeLessThan(2000);
        references.push(restData<Receipt>(res).reference);
      }
      // Let the dispatcher fail at least once per notification.
      const deadline = Date.now() + 15000;
      for (;;) {
        const rows = (await Promise.all(references.map(findRequest))).flatMap((r) => r.notifications);
        if (
          rows.length === 6 &&
          rows.every((n) => Number(n.attempts) >= 1 && n.deliveryStatus === 'pending' && n.lastError)
        )
          break;
        if (Date.now() > deadline)
          throw new Error(
            `notifications never failed: ${JSON.stringify(rows.map((n) => [n.deliveryStatus, n.attempts]))}`
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await smtp.start();
    }

    const delivered = await smtp.waitFor((m) => references.some((ref) => m.raw.includes(ref)), 6, 20000);
    // A few more dispatch rounds must not send anything twice.
    await new Promise((r) => setTimeout(r, 600));
    await outbox().idle();
    const again = smtp.messages.filter((m) => references.some((ref) => m.raw.includes(ref)));
    expect(again).toHaveLength(6);
    expect(new Set(delivered.map((m) => m.messageId)).size).toBe(6);
    for (const reference of references) {
      const row = await findRequest(reference);
      expect(row.notificationStatus).toBe('sent');
      expect(row.notifications.every((n) => n.deliveryStatus === 'sent' && n.sentAt)).toBe(true);
    }
  });
});

describe('GraphQL submitQuoteRequest', () => {
  const mutation = `mutation Submit($data: QuoteRequestSubmissionInput!) {
    submitQuoteRequest(data: $data) { reference status expectedResponseBy }
  }`;
  const gql = (variables: Record<string, unknown>, query = mutation) =>
    api().post('/graphql').set('X-Forwarded-For', nextClientIp()).send({ query, variables });

  it('stores, tags and notifies through the same service as REST', async () => {
    const email = 'graphql@client.test';
    const res = await gql({ data: validSubmission({ email, requestedModel: 'kpo', approach: 'tactical' }) }).expect(
      200
    );
    const { data, errors } = graphqlBody<{ submitQuoteRequest: Receipt }>(res);
    expect(errors).toBeUndefined();
    const receipt = data!.submitQuoteRequest;
    expect(receipt.status).toBe('received');
    expect(receipt.reference).toMatch(/^DEV-\d{4}-\d{6}$/);
    expect((await findRequest(receipt.reference)).tags).toEqual(['model:kpo', 'approach:tactical']);
    await smtp.waitFor((m) => m.envelopeTo.includes(email));
    await smtp.waitFor((m) => m.parsed?.subject === `[KPO] Demande de devis ${receipt.reference} — ACME`);
  });

  it('reports the same validation errors as REST and stores nothing', async () => {
    const before = await countRequests();
    const res = await gql({ data: validSubmission({ email: 'bad', consent: false, fullName: 'A\nB' }) });
    const { data, errors } = graphqlBody<unknown, ValidationDetails>(res);
    expect(data).toBeNull();
    const error = errors?.[0].extensions?.error;
    expect(error?.name).toBe('ValidationError');
    expect(error?.details.errors.map((e) => e.path[0]).sort()).toEqual(['consent', 'email', 'fullName']);
    expect(await countRequests()).toBe(before);
  });

  it('refuses an address without a dotted domain on REST and GraphQL alike, in the requester language', async () => {
    const before = await countRequests();
    const res = await gql({ data: validSubmission({ email: 'camille.martin@exemple', locale: 'en' }) });
    const { errors } = graphqlBody<unknown, ValidationDetails>(res);
    expect(errors?.[0].extensions?.error?.details.errors).toEqual([
      { path: ['email'], message: 'Invalid email address.', name: 'ValidationError' },
    ]);
    const rest = await submit({ data: validSubmission({ email: 'camille.martin@exemple' }) }).expect(400);
    expect(restError<ValidationDetails>(rest).details.errors).toEqual([
      { path: ['email'], message: 'Adresse e-mail invalide.', name: 'ValidationError' },
    ]);
    expect(await countRequests()).toBe(before);
  });

  it('no longer exposes the generated createQuoteRequest mutation', async () => {
    const res = await gql({}, 'mutation { createQuoteRequest(data: { fullName: "x" }) { documentId } }');
    expect(res.status).toBe(400);
    expect(graphqlBody(res).errors?.[0].message).toMatch(/Cannot query field "createQuoteRequest"/);
  });
});
