/**
 * The sales desk's promise (issue 11): the `sales-desk` single type seeded from the environment and
 * guarded in the admin, expectedResponseBy in business time, one reminder per broken promise through the
 * outbox (real SMTP sink), first response in business minutes, the public figures (REST and GraphQL) and
 * the admin dashboard's API with its roles.
 */
import { createId } from '@paralleldrive/cuid2';
import type { Data } from '@strapi/strapi';
import request from 'supertest';
import createSalesDesk from '../../src/api/sales-desk/services/sales-desk';
import createSlaReminders from '../../src/api/sales-desk/services/sla-reminders';
import { addBusinessMinutes, businessMinutesBetween } from '../../src/api/sales-desk/domain/business-time';
import { calendarOf, DEFAULT_SALES_DESK } from '../../src/api/sales-desk/domain/desk-settings';
import { revokeQuoteAccessFromContentRoles } from '../../src/bootstrap/admin-roles';
import { adminToken, apiToken } from '../helpers/admin';
import { nextClientIp, smtp } from '../helpers/context';
import { graphqlBody, restData, restError, type ValidationDetails } from '../helpers/http';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';
const DESK = 'api::sales-desk.sales-desk';
const ESCALATION = 'escalation@rouge-hexagone.test';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

type QuoteRequestRow = Data.ContentType<typeof QR>;
type NotificationRow = Data.ContentType<typeof QN>;
type Reminders = ReturnType<typeof createSlaReminders>;
type SalesDesk = ReturnType<typeof createSalesDesk>;
type ReceivedMail = (typeof smtp.messages)[number];

useStrapi({
  ...INTEGRATION_ENV,
  QUOTE_SLA_HOURS: '4',
  QUOTE_BUSINESS_TIMEZONE: 'Europe/Paris',
  QUOTE_BUSINESS_HOURS: 'mon-fri 09:00-18:00',
  QUOTE_HOLIDAYS_COUNTRY: 'FR',
  QUOTE_ESCALATION_EMAIL: ESCALATION,
  // The app's own cron sweeps every second: the scenarios below that drive sweeps by hand use requests
  // due in the future and a sweep clock moved past them, which the cron (real clock) never sees.
  QUOTE_SLA_SWEEP_INTERVAL_MS: '1000',
  // Every read of the figures computes them: the scenarios change the data between two reads.
  HTTP_RESPONSE_CACHE_TTL_MS: '0',
  QUOTE_STATS_TTL_MS: '0',
});

const api = () => request(httpServer());
const requests = () => getStrapi().db.query(QR);
const appReminders = () => getStrapi().service('api::sales-desk.sla-reminders') as Reminders;
const salesDesk = () => getStrapi().service(DESK) as SalesDesk;
const outbox = () =>
  getStrapi().service(QN) as unknown as { idle(): Promise<void>; wake(): void; stop(): Promise<void> };

let counter = 0;
/** A stored request as the submission leaves it (`new`, routed), with the times the scenario needs. */
const storeRequest = async (fields: Partial<Record<string, unknown>> = {}): Promise<QuoteRequestRow> => {
  counter += 1;
  const created = (await requests().create({
    data: {
      documentId: createId(),
      fullName: `Sla Person ${counter}`,
      email: `sla.${counter}.${Math.random().toString(36).slice(2, 6)}@client.test`,
      company: `Sla Co ${counter}`,
      requestedModel: 'bpo',
      message: 'Externalisation de la paie.',
      consent: true,
      language: 'fr',
      stage: 'new',
      notificationStatus: 'sent',
      expectedResponseBy: new Date(Date.now() + HOUR_MS),
      ...fields,
    },
  })) as QuoteRequestRow;
  return created;
};

const remindersOf = async (id: QuoteRequestRow['id']): Promise<NotificationRow[]> =>
  (await getStrapi()
    .db.query(QN)
    .findMany({ where: { quoteRequestId: Number(id), kind: 'reminder' } })) as NotificationRow[];

const reminderMails = (reference: string): ReceivedMail[] =>
  smtp.messages.filter(
    (m) => m.parsed?.subject?.startsWith('[Relance') === true && m.parsed.subject.includes(reference)
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the sales desk settings', () => {
  it('are seeded once from the environment', async () => {
    const desk = (await getStrapi().db.query(DESK).findMany({})) as Record<string, unknown>[];
    expect(desk).toHaveLength(1);
    expect(desk[0]).toMatchObject({
      timeZone: 'Europe/Paris',
      businessHours: 'mon-fri 09:00-18:00',
      holidaysCountry: 'FR',
    });
    expect(Number(desk[0].slaHours)).toBe(4);
    // A second seeding (next start) keeps the document the admin owns.
    await salesDesk().seedFromEnvironment();
    expect(await getStrapi().db.query(DESK).count({})).toBe(1);
  });

  it('refuse a bad value from a Super Admin with a field error, and apply a good one', async () => {
    const admin = await adminToken('strapi-super-admin');
    const url = `/content-manager/single-types/${DESK}`;
    const bad = await api()
      .put(url)
      .set('Authorization', `Bearer ${admin}`)
      .send({ slaHours: 4, timeZone: 'Europe/Paris', businessHours: 'mon-fri', holidaysCountry: 'FR' })
      .expect(400);
    const error = restError<ValidationDetails>(bad);
    expect(error.name).toBe('ValidationError');
    expect(error.details.errors.map((e) => e.path)).toEqual([['businessHours']]);
    // The test's admins have the French interface (ADMIN_DEFAULT_LOCALE): the message is French.
    expect(error.details.errors[0].message).toMatch(/indiquez des jours et des heures/);
    expect(error.details.errors[0].message).not.toMatch(/businessHours/);

    const twoBad = await api()
      .put(url)
      .set('Authorization', `Bearer ${admin}`)
      .send({ timeZone: 'Europe/Nowhere', holidaysCountry: 'XX' })
      .expect(400);
    expect(
      restError<ValidationDetails>(twoBad)
        .details.errors.map((e) => e.path[0])
        .sort()
    ).toEqual(['holidaysCountry', 'timeZone']);
    expect((await salesDesk().getDesk()).settings.businessHours).toBe('mon-fri 09:00-18:00');

    // A good edit applies at once (the edit empties the cached settings).
    await api()
      .put(url)
      .set('Authorization', `Bearer ${admin}`)
      .send({ businessHours: 'mon-thu 09:00-12:30,14:00-18:00; fri 09:00-16:00' })
      .expect(200);
    expect((await salesDesk().getDesk()).settings.businessHours).toBe(
      'mon-thu 09:00-12:30,14:00-18:00; fri 09:00-16:00'
    );
    // Hostile or mistyped values: a 400 with the field named, never a 500, nothing stored.
    const hostile: Record<string, unknown>[] = [
      { slaHours: 'abc' },
      { slaHours: -2 },
      { slaHours: null },
      { slaHours: 1e9 },
      { businessHours: 123 },
      { businessHours: null },
      { businessHours: 'mon-fri 09:00-18:00'.repeat(40) },
      { businessHours: 'sun-mon 09:00-18:00' },
      { timeZone: { $ne: '' } },
      { timeZone: '' },
      { holidaysCountry: ['FR'] },
      { holidaysCountry: 'FR-XX' },
    ];
    for (const body of hostile) {
      const res = await api().put(url).set('Authorization', `Bearer ${admin}`).send(body);
      const field = Object.keys(body)[0];
      expect([body, res.status]).toEqual([body, 400]);
      expect([body, restError<ValidationDetails>(res).details.errors?.some((e) => e.path[0] === field)]).toEqual([
        body,
        true,
      ]);
    }
    const stored = (await getStrapi()
      .db.query(DESK)
      .findOne({ select: ['timeZone', 'businessHours', 'holidaysCountry'] })) as Record<string, unknown>;
    expect(stored).toMatchObject({
      timeZone: 'Europe/Paris',
      businessHours: 'mon-thu 09:00-12:30,14:00-18:00; fri 09:00-16:00',
      holidaysCountry: 'FR',
    });

    // Spellings the admin may type are stored as the clock reads them.
    await api()
      .put(url)
      .set('Authorization', `Bearer ${admin}`)
      .send({ businessHours: ' mon-fri 09:00-18:00 ', timeZone: 'europe/paris', holidaysCountry: 'fr' })
      .expect(200);
    expect((await salesDesk().getDesk()).settings).toEqual({
      slaHours: 4,
      timeZone: 'Europe/Paris',
      businessHours: 'mon-fri 09:00-18:00',
      holidaysCountry: 'FR',
    });

    // A French desk types its hours in French: stored as typed, and the promise follows them.
    await api()
      .put(url)
      .set('Authorization', `Bearer ${admin}`)
      .send({ businessHours: 'lun-ven 9h-12h30, 14h-18h' })
      .expect(200);
    const desk = await salesDesk().getDesk();
    expect(desk.settings.businessHours).toBe('lun-ven 9h-12h30, 14h-18h');
    expect(desk.calendar.hours[0]).toEqual([
      { start: 540, end: 750 },
      { start: 840, end: 1080 },
    ]);
    await api()
      .put(url)
      .set('Authorization', `Bearer ${admin}`)
      .send({ businessHours: 'mon-fri 09:00-18:00' })
      .expect(200);
  });

  it('are not readable by Editor or Author (revoked at every start), nor over the content API', async () => {
    const editorRole = (await getStrapi()
      .db.query('admin::role')
      .findOne({ where: { code: 'strapi-editor' } })) as { id: number };
    // An administrator ticks "read" on the sales desk for Editor by mistake: the next start removes it.
    await getStrapi()
      .db.query('admin::permission')
      .create({
        data: {
          action: 'plugin::content-manager.explorer.read',
          subject: DESK,
          properties: { fields: ['slaHours'] },
          conditions: [],
          role: editorRole.id,
        },
      });
    expect(await revokeQuoteAccessFromContentRoles(getStrapi())).toBe(1);
    for (const role of ['strapi-editor', 'strapi-author']) {
      const token = await adminToken(role);
      const res = await api().get(`/content-manager/single-types/${DESK}`).set('Authorization', `Bearer ${token}`);
      expect([role, res.status]).toEqual([role, 403]);
    }
    expect((await api().get('/api/sales-desk')).status).toBe(404);
    const gql = await api().post('/graphql').send({ query: '{ salesDesk { slaHours } }' });
    expect(gql.status).toBe(400);
  });
});

describe('expectedResponseBy', () => {
  it('is the submission time plus 4 business hours; the confirmation states it in Paris time', async () => {
    const email = `promise.${Date.now()}@client.test`;
    const res = await api()
      .post('/api/quote-requests')
      .set('X-Forwarded-For', nextClientIp())
      .send({
        data: {
          fullName: 'Promise Keeper',
          email,
          company: 'ACME',
          requestedModel: 'ito',
          message: 'Infogérance du parc.',
          consent: true,
          locale: 'en',
        },
      })
      .expect(201);
    const receipt = restData<{ reference: string; expectedResponseBy: string }>(res);
    const row = (await requests().findOne({ where: { reference: receipt.reference } })) as QuoteRequestRow;
    const calendar = calendarOf(DEFAULT_SALES_DESK);
    const promised = new Date(receipt.expectedResponseBy);
    expect(receipt.expectedResponseBy).toBe(promised.toISOString());
    expect(businessMinutesBetween(calendar, new Date(row.createdAt as string), promised)).toBe(240);
    expect(
      Math.abs(promised.getTime() - addBusinessMinutes(calendar, new Date(row.createdAt as string), 240).getTime())
    ).toBeLessThan(5000);

    const [confirmation] = await smtp.waitFor((m) => m.envelopeTo.includes(email));
    const stated = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    }).format(promised);
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(promised);
    expect(confirmation.parsed?.text).toContain(`by ${stated.replace(',', '')} at ${time} (Paris time) at the latest`);
  });
});

describe('reminders', () => {
  it('sends one reminder to the routed team and the escalation address, once', async () => {
    const row = await storeRequest({ requestedModel: 'ito', expectedResponseBy: new Date(Date.now() + HOUR_MS) });
    const sweepAt = new Date(Date.now() + 2 * HOUR_MS);
    const first = await appReminders().sweep({ now: sweepAt });
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    const [mail] = await smtp.waitFor((m) => m.parsed?.subject?.includes(row.reference as string) === true);
    expect(mail.parsed?.subject).toBe(`[Relance ITO] ${row.reference} — réponse promise dépassée`);
    expect(mail.envelopeTo.sort()).toEqual(
      ['direction@rouge-hexagone.test', ESCALATION, 'ito-lead@rouge-hexagone.test', 'ito@rouge-hexagone.test'].sort()
    );
    expect(mail.parsed?.text).toContain('(heure de Paris)');
    // No requester contact data in the reminder: the sales notification has it.
    expect(mail.parsed?.text).not.toContain(row.email as string);

    const stored = (await requests().findOne({ where: { id: row.id } })) as QuoteRequestRow;
    expect(new Date(stored.remindedAt as string).toISOString()).toBe(sweepAt.toISOString());
    await appReminders().sweep({ now: new Date(sweepAt.getTime() + HOUR_MS) });
    await outbox().idle();
    await sleep(300);
    expect(await remindersOf(row.id)).toHaveLength(1);
    expect(reminderMails(row.reference as string)).toHaveLength(1);
  });

  it('reminds neither spam, nor answered, nor anonymised requests, nor promises broken over a week ago', async () => {
    const due = new Date(Date.now() + HOUR_MS);
    const spam = await storeRequest({ stage: 'spam', expectedResponseBy: due });
    const answered = await storeRequest({ expectedResponseBy: due });
    await getStrapi()
      .documents(QR)
      .update({ documentId: answered.documentId, data: { stage: 'qualified' } });
    const anonymised = await storeRequest({ expectedResponseBy: due, anonymizedAt: new Date() });
    const longAgo = await storeRequest({ expectedResponseBy: new Date(Date.now() - 8 * DAY_MS) });
    const control = await storeRequest({ expectedResponseBy: due });

    await appReminders().sweep({ now: new Date(Date.now() + 2 * HOUR_MS) });
    await smtp.waitFor((m) => m.parsed?.subject?.includes(control.reference as string) === true);
    await outbox().idle();
    for (const row of [spam, answered, anonymised, longAgo]) {
      expect([row.reference, (await remindersOf(row.id)).length]).toEqual([row.reference, 0]);
      expect(reminderMails(row.reference as string)).toHaveLength(0);
    }
    expect(await remindersOf(control.id)).toHaveLength(1);
  });

  it('never reminds twice when two instances sweep at the same time', async () => {
    const due = new Date(Date.now() + HOUR_MS);
    const rows: QuoteRequestRow[] = [];
    for (let i = 0; i < 25; i += 1) rows.push(await storeRequest({ requestedModel: 'kpo', expectedResponseBy: due }));
    const instanceA = createSlaReminders({ strapi: getStrapi() });
    const instanceB = createSlaReminders({ strapi: getStrapi() });
    const now = new Date(Date.now() + 2 * HOUR_MS);
    const [a, b] = await Promise.all([instanceA.sweep({ now, batchSize: 4 }), instanceB.sweep({ now, batchSize: 4 })]);
    expect(a.reminded + b.reminded).toBe(25);
    for (const row of rows) expect((await remindersOf(row.id)).length).toBe(1);

    await smtp.waitFor((m) => m.parsed?.subject?.startsWith('[Relance KPO]') === true, 25);
    await outbox().idle();
    await sleep(300);
    for (const row of rows) expect(reminderMails(row.reference as string)).toHaveLength(1);
  });

  it('runs by itself on Strapi cron (QUOTE_SLA_SWEEP_INTERVAL_MS)', async () => {
    const row = await storeRequest({ requestedModel: 'bpo', expectedResponseBy: new Date(Date.now() - 60_000) });
    const [mail] = await smtp.waitFor((m) => m.parsed?.subject?.includes(row.reference as string) === true, 1, 10_000);
    expect(mail.envelopeTo).toContain('bpo@rouge-hexagone.test');
    const stored = (await requests().findOne({ where: { id: row.id } })) as QuoteRequestRow;
    expect(stored.remindedAt).toBeTruthy();
  });
});

describe('first response', () => {
  it('is also measured in business minutes', async () => {
    // Received on a Friday three to four weeks ago: weekends and nights do not count.
    const friday = new Date(Date.now() - 21 * DAY_MS);
    while (new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short' }).format(friday) !== 'Fri') {
      friday.setTime(friday.getTime() - DAY_MS);
    }
    const row = await storeRequest({ createdAt: friday, expectedResponseBy: new Date(friday.getTime() + DAY_MS) });
    const admin = await adminToken('sales');
    await api()
      .put(`/content-manager/collection-types/${QR}/${row.documentId}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ stage: 'contacted' })
      .expect(200);
    const stored = (await requests().findOne({ where: { id: row.id } })) as QuoteRequestRow;
    expect(stored.firstResponseAt).toBeTruthy();
    const expected = businessMinutesBetween(
      calendarOf(DEFAULT_SALES_DESK),
      new Date(stored.createdAt as string),
      new Date(stored.firstResponseAt as string)
    );
    expect(stored.firstResponseBusinessMinutes).toBe(expected);
    const wallClockMinutes =
      (new Date(stored.firstResponseAt as string).getTime() - new Date(stored.createdAt as string).getTime()) / 60_000;
    expect(expected).toBeLessThan(wallClockMinutes - 48 * 60);
  });
});

interface PublicStats {
  medianFirstResponseMinutes: number | null;
  withinPromiseRate: number | null;
  sampleSize: number;
  windowDays: number;
}

describe('GET /api/quote-stats', () => {
  const answered = async (minutes: number, kept: boolean, daysAgo = 5, stage = 'contacted') => {
    const createdAt = new Date(Date.now() - daysAgo * DAY_MS);
    const firstResponseAt = new Date(createdAt.getTime() + HOUR_MS);
    return storeRequest({
      createdAt,
      stage,
      firstResponseAt,
      firstResponseBusinessMinutes: minutes,
      expectedResponseBy: new Date(firstResponseAt.getTime() + (kept ? 1 : -1) * 60_000),
    });
  };

  it('is public, cached like content, carries no personal data, and holds the figures back below 10', async () => {
    // Start from an empty table of decided requests in the window.
    await requests().deleteMany({ where: { id: { $gt: 0 } } });
    await answered(30, true);
    await answered(300, false);
    await answered(1, true, 200); // outside the 90-day window
    await storeRequest({ stage: 'spam', createdAt: new Date(Date.now() - DAY_MS), expectedResponseBy: new Date(0) });
    const res = await api().get('/api/quote-stats').expect(200);
    expect(restData<PublicStats>(res)).toEqual({
      medianFirstResponseMinutes: null,
      withinPromiseRate: null,
      sampleSize: 2,
      windowDays: 90,
    });
    expect(res.headers['cache-control']).toBe('public, max-age=30');
    expect(res.headers.etag).toBeTruthy();
    await api().get('/api/quote-stats').set('If-None-Match', String(res.headers.etag)).expect(304);
    expect(Object.keys(res.body as object)).toEqual(['data']);
  });

  it('gives the median in business minutes and the share kept from 10 decided requests', async () => {
    // 10 answered (8 in time) + 1 unanswered past its promise (counts as broken) + 1 not yet due (left out).
    const minutes = [20, 40, 60, 80, 95, 95, 120, 200, 400, 600];
    for (let i = 0; i < minutes.length; i += 1) await answered(minutes[i], i < 8, 3, i % 2 ? 'won' : 'qualified');
    await storeRequest({
      createdAt: new Date(Date.now() - 10 * DAY_MS),
      expectedResponseBy: new Date(Date.now() - 9 * DAY_MS),
    });
    await storeRequest({ createdAt: new Date(), expectedResponseBy: new Date(Date.now() + HOUR_MS) });
    const stats = restData<PublicStats>(await api().get('/api/quote-stats').expect(200));
    // 13 decided: the 2 above, 10 answered, 1 overdue (its business minutes so far, > 95).
    expect(stats.sampleSize).toBe(13);
    expect(stats.windowDays).toBe(90);
    expect(stats.medianFirstResponseMinutes).toBe(95);
    // Kept: 30 (above) + 8 here, out of 13.
    expect(stats.withinPromiseRate).toBe(Math.round((9 / 13) * 100) / 100);

    const gql = await api().post('/graphql').send({
      query: '{ quoteStats { medianFirstResponseMinutes withinPromiseRate sampleSize windowDays } }',
    });
    expect(gql.status).toBe(200);
    expect(graphqlBody<{ quoteStats: PublicStats }>(gql).data?.quoteStats).toEqual(stats);
  });

  it('are computed at most once per QUOTE_STATS_TTL_MS on an instance', async () => {
    const config = getStrapi().config;
    config.set('quotes.stats.ttlMs', 60_000);
    try {
      const first = restData<PublicStats>(await api().get('/api/quote-stats').expect(200));
      await answered(10, true);
      const cached = restData<PublicStats>(await api().get('/api/quote-stats').expect(200));
      expect(cached).toEqual(first);
      // Once expired, a reader still gets the last figures at once while they are computed again.
      config.set('quotes.stats.ttlMs', 1);
      await sleep(5);
      expect(restData<PublicStats>(await api().get('/api/quote-stats').expect(200))).toEqual(first);
      await sleep(200);
      config.set('quotes.stats.ttlMs', 60_000);
      expect(restData<PublicStats>(await api().get('/api/quote-stats').expect(200)).sampleSize).toBe(
        first.sampleSize + 1
      );
      config.set('quotes.stats.ttlMs', 0);
      const fresh = restData<PublicStats>(await api().get('/api/quote-stats').expect(200));
      expect(fresh.sampleSize).toBe(first.sampleSize + 1);
    } finally {
      config.set('quotes.stats.ttlMs', 0);
    }
  });
});

interface Dashboard {
  openByModel: Record<'bpo' | 'ito' | 'kpo' | 'undecided', number>;
  overdue: number;
  medianFirstResponseBusinessMinutes: number | null;
  withinPromiseRate: number | null;
  sampleSize: number;
  windowDays: number;
  asOf: string;
  mailQueue: {
    waiting: Record<'sales' | 'reminder' | 'alert' | 'confirmation', number>;
    oldestSalesWaitingSince: string | null;
    oldestSalesWaitingSeconds: number | null;
  };
}

describe('GET /api/quote-requests/dashboard', () => {
  const dashboard = (token: string, path = '/api/quote-requests/dashboard') =>
    api().get(path).set('Authorization', `Bearer ${token}`);

  it('counts open requests by model, overdue ones and the last 30 days for Sales and Super Admin', async () => {
    const sales = await adminToken('sales');
    const before = restData<Dashboard>(await dashboard(sales).expect(200));
    await storeRequest({ requestedModel: 'bpo' });
    await storeRequest({ requestedModel: 'bpo', stage: 'proposal' });
    await storeRequest({ requestedModel: 'ito', stage: 'qualified' });
    await storeRequest({ requestedModel: 'kpo', stage: 'won' });
    await storeRequest({ requestedModel: 'kpo', stage: 'spam', expectedResponseBy: new Date(Date.now() - HOUR_MS) });
    await storeRequest({ requestedModel: 'undecided', expectedResponseBy: new Date(Date.now() - 10 * DAY_MS) });
    await storeRequest({ requestedModel: 'undecided', anonymizedAt: new Date() });

    const res = await dashboard(sales).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const after = restData<Dashboard>(res);
    expect(Object.keys(after).sort()).toEqual(
      [
        'asOf',
        'mailQueue',
        'medianFirstResponseBusinessMinutes',
        'openByModel',
        'overdue',
        'routing',
        'sampleSize',
        'windowDays',
        'withinPromiseRate',
      ].sort()
    );
    expect({
      bpo: after.openByModel.bpo - before.openByModel.bpo,
      ito: after.openByModel.ito - before.openByModel.ito,
      kpo: after.openByModel.kpo - before.openByModel.kpo,
      undecided: after.openByModel.undecided - before.openByModel.undecided,
    }).toEqual({ bpo: 2, ito: 1, kpo: 0, undecided: 1 });
    expect(after.overdue - before.overdue).toBe(1);
    expect(after.windowDays).toBe(30);
    expect(after.sampleSize).toBeGreaterThan(0);
    expect(typeof after.medianFirstResponseBusinessMinutes).toBe('number');
    expect(after.withinPromiseRate).toBeGreaterThanOrEqual(0);
    expect(after.withinPromiseRate).toBeLessThanOrEqual(1);

    const superAdmin = await adminToken('strapi-super-admin');
    expect(restData<Dashboard>(await dashboard(superAdmin).expect(200)).overdue).toBe(after.overdue);
  });

  it('counts the mails waiting in the outbox by kind and gives the age of the oldest waiting sales mail', async () => {
    const sales = await adminToken('sales');
    // The app's dispatcher would send the rows below before the dashboard is read.
    await outbox().stop();
    const notifications = getStrapi().db.query(QN);
    const created: number[] = [];
    try {
      const before = restData<Dashboard>(await dashboard(sales).expect(200)).mailQueue;
      expect(before.waiting).toEqual({ sales: 0, reminder: 0, alert: 0, confirmation: 0 });
      expect(before.oldestSalesWaitingSince).toBeNull();
      expect(before.oldestSalesWaitingSeconds).toBeNull();

      const owner = await storeRequest();
      const rows: [NotificationRow['kind'], NotificationRow['deliveryStatus']][] = [
        ['sales', 'pending'],
        ['sales', 'sending'],
        ['sales', 'pending'],
        ['sales', 'sent'],
        ['sales', 'failed'],
        ['confirmation', 'pending'],
        ['confirmation', 'pending'],
        ['confirmation', 'partial'],
        ['reminder', 'pending'],
        ['alert', 'sending'],
      ];
      for (const [kind, deliveryStatus] of rows) {
        const row = (await notifications.create({
          data: {
            documentId: createId(),
            publishedAt: new Date(),
            quoteRequestId: Number(owner.id),
            reference: owner.reference,
            kind,
            deliveryStatus,
            recipients: [],
            cc: [],
            attempts: 0,
            // Pending in backoff: waiting all the same.
            nextAttemptAt: new Date(Date.now() + HOUR_MS),
          },
        })) as { id: number };
        created.push(row.id);
      }
      // The first sales mail was queued two hours ago (a sent or failed one, older still, does not count).
      const twoHoursAgo = new Date(Date.now() - 2 * HOUR_MS);
      await notifications.updateMany({ where: { id: created[0] }, data: { createdAt: twoHoursAgo } });
      await notifications.updateMany({
        where: { id: { $in: [created[3], created[4]] } },
        data: { createdAt: new Date(Date.now() - 5 * HOUR_MS) },
      });

      const after = restData<Dashboard>(await dashboard(sales).expect(200));
      expect(after.mailQueue.waiting).toEqual({ sales: 3, reminder: 1, alert: 1, confirmation: 2 });
      expect(after.mailQueue.oldestSalesWaitingSince).toBe(twoHoursAgo.toISOString());
      const expectedAge = Math.round((new Date(after.asOf).getTime() - twoHoursAgo.getTime()) / 1000);
      expect(after.mailQueue.oldestSalesWaitingSeconds).toBe(expectedAge);
      expect(expectedAge).toBeGreaterThanOrEqual(2 * 3600);

      // Once sent, it no longer waits: the next oldest is the age shown.
      await notifications.updateMany({ where: { id: created[0] }, data: { deliveryStatus: 'sent' } });
      const later = restData<Dashboard>(await dashboard(sales).expect(200)).mailQueue;
      expect(later.waiting.sales).toBe(2);
      expect(later.oldestSalesWaitingSeconds).toBeLessThan(60);
    } finally {
      await notifications.deleteMany({ where: { id: { $in: created } } });
      (getStrapi().service(QN) as unknown as { start(): void }).start();
    }
  });

  it('answers 401 without an admin session and 403 to other roles, whatever the spelling of the path', async () => {
    const editor = await adminToken('strapi-editor');
    const author = await adminToken('strapi-author');
    const sales = await adminToken('sales');
    const token = await apiToken('full-access');
    const spellings = [
      '/api/quote-requests/dashboard',
      '/api/quote-requests/dashboard/',
      '/api/Quote-Requests/DASHBOARD',
      '/API/quote-requests/Dashboard/',
    ];
    for (const path of spellings) {
      expect([path, (await api().get(path)).status]).toEqual([path, 401]);
      expect([path, (await dashboard('not-a-token', path)).status]).toEqual([path, 401]);
      expect([path, (await dashboard(token, path)).status]).toEqual([path, 401]);
      expect([path, (await api().get(path).set('Authorization', `bearer ${editor}`)).status]).toEqual([path, 403]);
      expect([path, (await dashboard(author, path)).status]).toEqual([path, 403]);
      const allowed = await dashboard(sales, path);
      expect([path, allowed.status]).toEqual([path, 200]);
    }
    const forbidden = await dashboard(editor);
    expect(restError(forbidden).name).toBe('ForbiddenError');
    // Nothing of the dashboard leaks through the public cache or GraphQL either.
    const gql = await api().post('/graphql').send({ query: '{ quoteRequests { reference } }' });
    expect(gql.status).toBe(400);
  });
});

describe('Sales manager (sales-manager)', () => {
  const ROUTING = 'api::quote-routing.quote-routing';
  const PRIVACY_LOG = 'api::privacy-log.privacy-log';
  const dashboard = (token: string) =>
    api().get('/api/quote-requests/dashboard').set('Authorization', `Bearer ${token}`);
  interface RoutingHelp {
    routing: { canEdit: boolean; askNames: string[] };
  }

  it('does what Sales do, and fills in the routing and the sales desk Sales may only read', async () => {
    const manager = await adminToken('sales-manager');
    const sales = await adminToken('sales');
    const routingUrl = `/content-manager/single-types/${ROUTING}`;
    const deskUrl = `/content-manager/single-types/${DESK}`;
    const before = (await api().get(routingUrl).set('Authorization', `Bearer ${manager}`).expect(200)).body as {
      data: Record<string, unknown>;
    };
    const bpoAddresses = 'manager.bpo@rouge-hexagone.test';
    await api()
      .put(routingUrl)
      .set('Authorization', `Bearer ${manager}`)
      .send({ ...before.data, bpoAddresses })
      .expect(200);
    expect((await getStrapi().documents(ROUTING).findFirst({})) as Record<string, unknown>).toMatchObject({
      bpoAddresses,
    });
    await api()
      .put(deskUrl)
      .set('Authorization', `Bearer ${manager}`)
      .send({ businessHours: 'lun-ven 9h-18h' })
      .expect(200);
    expect((await salesDesk().getDesk()).settings.businessHours).toBe('lun-ven 9h-18h');
    await api()
      .put(deskUrl)
      .set('Authorization', `Bearer ${manager}`)
      .send({ businessHours: 'mon-fri 09:00-18:00' })
      .expect(200);

    // Sales read the routing but save neither; the privacy log stays Super Admin only.
    await api().get(routingUrl).set('Authorization', `Bearer ${sales}`).expect(200);
    for (const [url, body] of [
      [routingUrl, { ...before.data, bpoAddresses: 'evil@attacker.test' }],
      [deskUrl, { slaHours: 99 }],
    ] as const) {
      const res = await api().put(url).set('Authorization', `Bearer ${sales}`).send(body);
      expect([url, res.status]).toEqual([url, 403]);
    }
    expect(((await getStrapi().documents(ROUTING).findFirst({})) as Record<string, unknown>).bpoAddresses).toBe(
      bpoAddresses
    );
    for (const token of [manager, sales]) {
      const res = await api()
        .get(`/content-manager/collection-types/${PRIVACY_LOG}`)
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(403);
    }
  });

  it('is who the dashboard sends Sales to; whoever can save the routing gets the link instead', async () => {
    const manager = await adminToken('sales-manager');
    const sales = await adminToken('sales');
    const superAdmin = await adminToken('strapi-super-admin');
    const forSales = restData<RoutingHelp>(await dashboard(sales).expect(200)).routing;
    expect(forSales.canEdit).toBe(false);
    // adminToken names its users "Test <role code>": the managers, by name, never by address.
    expect(forSales.askNames).toContain('Test sales-manager');
    expect(forSales.askNames.join(' ')).not.toContain('@');
    expect(restData<RoutingHelp>(await dashboard(manager).expect(200)).routing).toEqual({
      canEdit: true,
      askNames: [],
    });
    expect(restData<RoutingHelp>(await dashboard(superAdmin).expect(200)).routing.canEdit).toBe(true);
  });
});
