/**
 * Retention (QUOTE_RETENTION_DAYS, QUOTE_SPAM_RETENTION_DAYS): the sweep anonymises exactly the requests
 * whose last activity is older than the period, keeps what the sales desk counts, strips their
 * notifications, deletes old spam with its notifications, and records what it did in the privacy log.
 */
import request from 'supertest';
import { nextClientIp } from '../helpers/context';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';
import { getService } from '../../src/utils/get-service';
import { ANONYMISED_EMAIL, ANONYMISED_TEXT, KEPT_REQUEST_FIELDS } from '../../src/api/privacy-log/domain/anonymise';
import type { QuoteNotificationRow, QuoteRequestRow } from '../../src/api/quote-request/rows';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';
const LOG = 'api::privacy-log.privacy-log';
const DAY_MS = 24 * 60 * 60 * 1000;
const api = () => request(httpServer());

useStrapi();

/** The reference of a 201 receipt. */
const referenceOf = (res: { body: unknown }): string => {
  const body = res.body as { data?: { reference?: unknown } } | null;
  if (typeof body?.data?.reference !== 'string') throw new Error('no reference in the receipt');
  return body.data.reference;
};

const submit = async (data: Record<string, unknown> = {}): Promise<QuoteRequestRow> => {
  const res = await api()
    .post('/api/quote-requests')
    .set('X-Forwarded-For', nextClientIp())
    .set('User-Agent', 'RetentionTest/1.0')
    .send({
      data: {
        fullName: 'Retention Person',
        email: `retention.${Math.random().toString(36).slice(2, 8)}@client.test`,
        phone: '+33 1 23 45 67 89',
        company: 'Old Co',
        jobTitle: 'Buyer',
        requestedModel: 'ito',
        scope: 'partial',
        approach: 'strategic',
        message: 'A request that will grow old.',
        sourceUrl: 'https://www.example.test/devis',
        consent: true,
        ...data,
      },
    })
    .expect(201);
  return (await getStrapi()
    .db.query(QR)
    .findOne({ where: { reference: referenceOf(res) } })) as QuoteRequestRow;
};

const load = async (id: number): Promise<QuoteRequestRow | null> =>
  (await getStrapi().db.query(QR).findOne({ where: { id } })) as QuoteRequestRow | null;

const notificationsOf = async (id: number): Promise<QuoteNotificationRow[]> =>
  (await getStrapi()
    .db.query(QN)
    .findMany({ where: { quoteRequestId: id }, orderBy: { id: 'asc' } })) as QuoteNotificationRow[];

/** Moves a request's last activity into the past (what years of waiting would do). */
const age = async (id: number, days: number, now = Date.now()): Promise<void> => {
  await getStrapi()
    .db.query(QR)
    .update({ where: { id }, data: { lastActivityAt: new Date(now - days * DAY_MS) } });
};

/** The outbox delivers the sales notification and the confirmation of a fresh submission. */
const delivered = async (id: number): Promise<void> => {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const rows = await notificationsOf(id);
    if (rows.length > 0 && rows.every((row) => row.deliveryStatus === 'sent')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`notifications of request ${id} not delivered`);
};

beforeAll(async () => {
  // The sweep that runs at start-up (an empty database here) is over before the scenarios begin.
  await getService('privacy-retention').idle();
});

describe('last activity', () => {
  it('is the creation time for a new request, then moves with a stage change or a new note only', async () => {
    const row = await submit();
    expect(row.lastActivityAt).toBeTruthy();
    expect(Math.abs(new Date(row.lastActivityAt ?? 0).getTime() - new Date(row.createdAt).getTime())).toBeLessThan(
      2000
    );
    const documents = getStrapi().documents(QR);

    await age(row.id, 10);
    // What the Content Manager sends on save: every field, stage and notes unchanged.
    await documents.update({
      documentId: row.documentId,
      data: { stage: 'new', internalNotes: '', company: 'Old Co' },
    });
    const untouched = await load(row.id);
    expect(Date.now() - new Date(untouched?.lastActivityAt ?? 0).getTime()).toBeGreaterThan(9 * DAY_MS);

    await documents.update({ documentId: row.documentId, data: { stage: 'qualified' } });
    const staged = await load(row.id);
    expect(Date.now() - new Date(staged?.lastActivityAt ?? 0).getTime()).toBeLessThan(60000);

    await age(row.id, 10);
    await documents.update({ documentId: row.documentId, data: { internalNotes: 'Called back, wants a demo.' } });
    const noted = await load(row.id);
    expect(Date.now() - new Date(noted?.lastActivityAt ?? 0).getTime()).toBeLessThan(60000);
  });

  it('is backfilled from the last update for requests stored before it existed', async () => {
    const row = await submit();
    await getStrapi().db.getConnection('quote_requests').where('id', row.id).update({ last_activity_at: null });
    const report = await getService('privacy-retention').sweep();
    expect(report.backfilled).toBeGreaterThanOrEqual(1);
    const after = await load(row.id);
    expect(new Date(after?.lastActivityAt ?? 0).getTime()).toBe(new Date(after?.updatedAt ?? 1).getTime());
    expect(after?.anonymizedAt).toBeNull();
  });
});

describe('normalised address', () => {
  it('is given to requests stored before it existed, so erasure and access find them', async () => {
    const row = await submit({ email: 'Legacy.Person@Client.test' });
    expect(row.emailKey).toBe('legacy.person@client.test');
    await getStrapi().db.getConnection('quote_requests').where('id', row.id).update({ email_key: null });
    expect(await getService('privacy').ensureEmailKeys(2)).toBeGreaterThanOrEqual(1);
    expect((await load(row.id))?.emailKey).toBe('legacy.person@client.test');
    // An admin correcting the address moves the key with it.
    await getStrapi()
      .documents(QR)
      .update({ documentId: row.documentId, data: { email: 'LEGACY@client.test' } });
    expect((await load(row.id))?.emailKey).toBe('legacy@client.test');
  });
});

describe('retention sweep', () => {
  it('anonymises exactly the requests inactive for longer than QUOTE_RETENTION_DAYS, and keeps their statistics', async () => {
    const now = Date.now();
    const old = await submit({ requestedModel: 'kpo', fullName: 'Ancient Person' });
    const borderline = await submit({ requestedModel: 'kpo' });
    const recent = await submit({ requestedModel: 'kpo' });
    await delivered(old.id);
    await getStrapi()
      .db.query(QR)
      .update({ where: { id: old.id }, data: { internalNotes: 'Old notes about the person', stage: 'lost' } });
    await age(old.id, 1096, now);
    await age(borderline.id, 1094, now);
    await age(recent.id, 30, now);
    const before = (await load(old.id)) as QuoteRequestRow;
    const kpoBefore = await getStrapi()
      .db.query(QR)
      .count({ where: { requestedModel: 'kpo' } });

    const report = await getService('privacy-retention').sweep({ now: new Date(now), batchSize: 2 });
    expect(report.anonymised.requests).toBe(1);

    const after = (await load(old.id)) as QuoteRequestRow;
    expect(after.anonymizedAt).toBeTruthy();
    expect(after).toMatchObject({
      fullName: ANONYMISED_TEXT,
      email: ANONYMISED_EMAIL,
      company: ANONYMISED_TEXT,
      message: ANONYMISED_TEXT,
      phone: null,
      jobTitle: null,
      internalNotes: null,
      sourceUrl: null,
      userAgent: null,
      ipHash: null,
      payloadHash: null,
      emailKey: null,
    });
    for (const field of KEPT_REQUEST_FIELDS) {
      if (field === 'updatedAt') continue;
      expect([field, after[field]]).toEqual([field, before[field]]);
    }
    // Nothing personal is left anywhere in the row.
    expect(JSON.stringify(after)).not.toMatch(/Ancient|retention\.|Old Co|Buyer|RetentionTest|example\.test/);

    const mails = await notificationsOf(old.id);
    expect(mails.length).toBe(2);
    for (const mail of mails) {
      expect(mail).toMatchObject({ deliveryStatus: 'sent', recipients: [], cc: [], rejectedRecipients: [], lastError: null });
    }

    for (const untouched of [borderline, recent]) {
      const row = (await load(untouched.id)) as QuoteRequestRow;
      expect(row.anonymizedAt).toBeNull();
      expect(row.email).toBe(untouched.email);
      expect(row.fullName).toBe('Retention Person');
    }
    // The sales desk still counts the anonymised request.
    expect(
      await getStrapi()
        .db.query(QR)
        .count({ where: { requestedModel: 'kpo' } })
    ).toBe(kpoBefore);

    const log = (await getStrapi()
      .db.query(LOG)
      .findMany({ where: { action: 'retention' }, orderBy: { id: 'desc' }, limit: 1 })) as {
      actor: string;
      requestCount: number;
      subjectHash: string | null;
    }[];
    expect(log[0]).toMatchObject({ actor: 'system', requestCount: 1, subjectHash: null });

    // A second sweep finds nothing more to do.
    const again = await getService('privacy-retention').sweep({ now: new Date(now) });
    expect(again.anonymised.requests).toBe(0);
  });

  it('claims each row once when several sweeps run at the same moment (several instances)', async () => {
    const now = Date.now();
    const rows = await Promise.all([submit(), submit(), submit()]);
    for (const row of rows) await age(row.id, 2000, now);
    const privacy = getService('privacy');
    const ids = rows.map((row) => row.id);
    const guard = { lastActivityAt: { $lt: new Date(now - 1095 * DAY_MS) } };
    const counts = await Promise.all([privacy.anonymiseRequests(ids, guard), privacy.anonymiseRequests(ids, guard)]);
    expect(counts[0].requests + counts[1].requests).toBe(3);
  });

  it('leaves a request alone that became active between the batch read and its claim', async () => {
    const now = Date.now();
    const row = await submit();
    await age(row.id, 2000, now);
    // A salesperson adds a note just before the claim: the conditional UPDATE no longer matches.
    await getStrapi()
      .documents(QR)
      .update({ documentId: row.documentId, data: { internalNotes: 'Still talking.' } });
    const count = await getService('privacy').anonymiseRequests([row.id], {
      lastActivityAt: { $lt: new Date(now - 1095 * DAY_MS) },
    });
    expect(count.requests).toBe(0);
    expect((await load(row.id))?.anonymizedAt).toBeNull();
  });

  it('deletes spam (with its notifications) QUOTE_SPAM_RETENTION_DAYS after its last activity, and only spam', async () => {
    const now = Date.now();
    const honeypot = await submit({ _gotcha: 'http://spam.test' });
    expect(honeypot.stage).toBe('spam');
    const markedLate = await submit();
    await delivered(markedLate.id);
    await getStrapi()
      .documents(QR)
      .update({ documentId: markedLate.documentId, data: { stage: 'spam' } });
    const freshSpam = await submit({ _gotcha: 'http://spam.test' });
    const oldButReal = await submit();
    await age(honeypot.id, 31, now);
    await age(markedLate.id, 40, now);
    await age(freshSpam.id, 29, now);
    await age(oldButReal.id, 31, now);

    const report = await getService('privacy-retention').sweep({ now: new Date(now) });
    expect(report.spamDeleted).toBe(2);
    expect(report.spamNotificationsDeleted).toBe(2);
    expect(await load(honeypot.id)).toBeNull();
    expect(await load(markedLate.id)).toBeNull();
    expect(await notificationsOf(markedLate.id)).toEqual([]);
    expect(await load(freshSpam.id)).not.toBeNull();
    expect((await load(oldButReal.id))?.email).toBe(oldButReal.email);
  });
});
