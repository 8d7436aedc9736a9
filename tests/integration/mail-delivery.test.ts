/**
 * Mail delivery is never silently half-sent: recipients refused by the server, permanent and temporary
 * SMTP errors, the alert to the sales team, fencing of outbox claims between instances, `routedTo`, and
 * the start-up warning about models nobody would be mailed for. Against the real SMTP sink.
 */
import { AsyncLocalStorage } from 'async_hooks';
import { winston } from '@strapi/logger';
import type { Data } from '@strapi/strapi';
import request from 'supertest';
import createOutbox, { type DispatchReport } from '../../src/api/quote-notification/services/quote-notification';
import { nextClientIp, smtp } from '../helpers/context';
import { restData } from '../helpers/http';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';
const ROUTING = 'api::quote-routing.quote-routing';
const ALERTS = 'alerts@rouge-hexagone.test';

type QuoteRequestRow = Data.ContentType<typeof QR>;
type NotificationRow = Data.ContentType<typeof QN>;
type Outbox = ReturnType<typeof createOutbox>;
type ReceivedMail = (typeof smtp.messages)[number];

/** Everything the app logs, from its first line (the start-up warning is logged during the boot). */
const logs: { level: string; message: string }[] = [];
beforeAll(() => {
  jest.spyOn(winston.transports.Console.prototype, 'log').mockImplementation((info: unknown, next: unknown) => {
    if (typeof info === 'object' && info !== null) {
      logs.push({
        level: 'level' in info ? String(info.level) : '',
        message: 'message' in info ? String(info.message) : '',
      });
    }
    // winston-transport's `log(info, callback)`: the callback takes no argument.
    if (typeof next === 'function') (next as () => void)();
  });
});

// No address for kpo (and none for undecided) and no fallback: the start-up warning names them.
useStrapi({
  ...INTEGRATION_ENV,
  QUOTE_ROUTING_KPO: '',
  QUOTE_ROUTING_FALLBACK: '',
  QUOTE_ALERT_EMAIL: ALERTS,
  // The slow-server scenario waits 3 s for the server's answer: keep nodemailer's socket timeout above it.
  SMTP_TIMEOUT_MS: '10000',
  // The lease scenario needs a batch longer than a lease: 8 mails over 5 connections take two rounds.
  EMAIL_OUTBOX_CONCURRENCY: '5',
  SMTP_MAX_CONNECTIONS: '5',
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The app's own dispatcher (it also runs on its timer during these tests). */
const appOutbox = () => getStrapi().service(QN) as Outbox;

const submit = async (fields: Record<string, unknown>): Promise<string> => {
  const res = await request(httpServer())
    .post('/api/quote-requests')
    .set('X-Forwarded-For', nextClientIp())
    .send({
      data: {
        fullName: 'Camille Martin',
        email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
        company: 'ACME',
        requestedModel: 'bpo',
        message: 'Nous souhaitons externaliser notre paie (250 salariés).',
        consent: true,
        ...fields,
      },
    });
  expect(res.status).toBe(201);
  return restData<{ reference: string }>(res).reference;
};

const findRequest = async (reference: string): Promise<QuoteRequestRow & { id: number }> => {
  const row = (await getStrapi().db.query(QR).findOne({ where: { reference } })) as
    | (QuoteRequestRow & { id: number })
    | null;
  if (!row) throw new Error(`no stored quote request ${reference}`);
  return row;
};

const notificationsOf = async (reference: string): Promise<(NotificationRow & { id: number })[]> =>
  (await getStrapi()
    .db.query(QN)
    .findMany({ where: { reference }, orderBy: { id: 'asc' } })) as (NotificationRow & { id: number })[];

const notificationOf = async (reference: string, kind: 'sales' | 'confirmation' | 'alert') => {
  const row = (await notificationsOf(reference)).find((n) => n.kind === kind);
  if (!row) throw new Error(`no ${kind} notification for ${reference}`);
  return row;
};

/** Polls until `probe` returns something, or fails with `what` after `timeoutMs`. */
const eventually = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
};

/** The sales notification once it left `pending`/`sending` for good. */
const finalSales = (reference: string, status: NotificationRow['deliveryStatus']) =>
  eventually(`the sales notification of ${reference} to be ${status}`, async () => {
    const row = await notificationOf(reference, 'sales');
    return row.deliveryStatus === status ? row : undefined;
  });

/** A header the app sets (X-Quote-Reference), as text; '' when the mail has none. */
const header = (mail: ReceivedMail, name: string): string => {
  const value = mail.parsed?.headers.get(name);
  return typeof value === 'string' ? value : '';
};
const alertMailsFor = (reference: string) =>
  smtp.messages.filter((m) => header(m, 'x-quote-reference') === reference && m.messageId.includes('.alert.'));
const salesMailsFor = (reference: string) =>
  smtp.messages.filter((m) => header(m, 'x-quote-reference') === reference && m.messageId.includes('.sales.'));

/** One address list of the routing (one address per line), as an admin edits it. */
type RoutingLists = Partial<Record<'bpoAddresses' | 'kpoAddresses' | 'fallbackAddresses', string>>;

const setRouting = async (data: RoutingLists): Promise<void> => {
  const documents = getStrapi().documents(ROUTING);
  const current = await documents.findFirst({ fields: ['documentId'] });
  if (!current) throw new Error('no Quote routing document');
  await documents.update({ documentId: current.documentId, data });
};

afterEach(() => {
  smtp.options.rejectRecipient = undefined;
  smtp.options.rejectMessage = undefined;
  smtp.options.delayMs = 0;
});

describe('routing with no address for a model and no fallback', () => {
  it('is named in a warning at start; the request is still accepted, stored, and mailed once an address is set', async () => {
    const warning = logs.find((l) => l.level.includes('warn') && l.message.includes('Quote routing has no address'));
    expect(warning?.message).toContain('no address for kpo, undecided and no fallback');

    const reference = await submit({ requestedModel: 'kpo', company: 'Sans Routage SA' });
    const stored = await findRequest(reference);
    expect(stored).toMatchObject({ requestedModel: 'kpo', stage: 'new' });
    // Nobody to mail yet: the sales notification waits (retried) instead of going anywhere.
    const waiting = await eventually('a failed attempt without recipient', async () => {
      const row = await notificationOf(reference, 'sales');
      return row.lastError ? row : undefined;
    });
    expect(waiting.deliveryStatus).not.toBe('sent');
    expect(waiting.lastError).toContain('no sales recipient configured');
    expect(salesMailsFor(reference)).toHaveLength(0);

    // The routing in force when the mail is sent decides, and routedTo records it.
    await setRouting({ kpoAddresses: 'kpo-new@rouge-hexagone.test' });
    try {
      const sent = await finalSales(reference, 'sent');
      expect(sent.recipients).toEqual(['kpo-new@rouge-hexagone.test']);
      const [mail] = await smtp.waitFor((m) => salesMailsFor(reference).includes(m));
      expect(mail.envelopeTo.sort()).toEqual(['direction@rouge-hexagone.test', 'kpo-new@rouge-hexagone.test']);
      expect((await findRequest(reference)).routedTo).toEqual([
        'kpo-new@rouge-hexagone.test',
        'direction@rouge-hexagone.test',
      ]);
    } finally {
      await setRouting({ kpoAddresses: '' });
    }
  });
});

describe('routedTo', () => {
  it('records the addresses the sales mail was sent to, from the routing in force at send time', async () => {
    const outbox = appOutbox();
    await outbox.stop();
    let reference = '';
    try {
      reference = await submit({ requestedModel: 'bpo', company: 'Routage Tardif SA' });
      expect((await findRequest(reference)).routedTo).toEqual([
        'bpo@rouge-hexagone.test',
        'direction@rouge-hexagone.test',
      ]);
      await setRouting({ bpoAddresses: 'bpo-interim@rouge-hexagone.test' });
      // A stopped dispatcher runs no pass: another instance sends.
      await createOutbox({ strapi: getStrapi() }).dispatchPendingNotifications();
    } finally {
      await setRouting({ bpoAddresses: 'bpo@rouge-hexagone.test' });
      outbox.start();
    }
    const [mail] = salesMailsFor(reference);
    expect(mail.envelopeTo.sort()).toEqual(['bpo-interim@rouge-hexagone.test', 'direction@rouge-hexagone.test']);
    expect((await findRequest(reference)).routedTo).toEqual([
      'bpo-interim@rouge-hexagone.test',
      'direction@rouge-hexagone.test',
    ]);
  });
});

describe('recipients refused by the mail server', () => {
  it('marks the sales notification partial with the refused addresses, and sends one alert without requester data', async () => {
    smtp.options.rejectRecipient = (address) =>
      address === 'ito-lead@rouge-hexagone.test'
        ? { code: 550, message: '5.1.1 <ito-lead@rouge-hexagone.test>: Recipient address rejected' }
        : undefined;
    const requester = {
      fullName: 'Jeanne Partielle',
      email: 'jeanne.partielle@client.test',
      company: 'Partielle SARL',
      phone: '+33 1 98 76 54 32',
    };
    const reference = await submit({ ...requester, requestedModel: 'ito' });

    const sales = await finalSales(reference, 'partial');
    expect(sales.rejectedRecipients).toEqual(['ito-lead@rouge-hexagone.test']);
    expect(sales.lastError).toContain('ito-lead@rouge-hexagone.test');
    expect(sales.lastError).toContain('550 5.1.1');
    expect(sales.attempts).toBe(1);
    const [delivered, ...again] = salesMailsFor(reference);
    expect(again).toHaveLength(0);
    expect(delivered.envelopeTo.sort()).toEqual(['direction@rouge-hexagone.test', 'ito@rouge-hexagone.test']);

    const [alert] = await smtp.waitFor((m) => alertMailsFor(reference).includes(m));
    expect(alert.envelopeTo).toEqual([ALERTS]);
    expect(alert.parsed?.subject).toBe(`[Alerte] ${reference} : e-mail commercial remis en partie`);
    const text = alert.parsed?.text ?? '';
    expect(text).toContain(`Référence : ${reference}`);
    expect(text).toContain('refusé pour : ito-lead@rouge-hexagone.test');
    expect(text).toContain('550 5.1.1');
    const everything = `${alert.raw}\n${text}`;
    for (const value of Object.values(requester)) expect(everything).not.toContain(value);
    expect(everything).not.toContain('externaliser notre paie');

    // Once: more passes send no second alert.
    await appOutbox().dispatchPendingNotifications();
    await sleep(300);
    expect(alertMailsFor(reference)).toHaveLength(1);
    expect(
      await getStrapi()
        .db.query(QN)
        .count({ where: { alertFor: sales.id } })
    ).toBe(1);
    expect((await notificationOf(reference, 'alert')).deliveryStatus).toBe('sent');

    const stored = await findRequest(reference);
    expect(stored.notificationStatus).toBe('partial');
    expect(stored.routedTo).toEqual([
      'ito@rouge-hexagone.test',
      'ito-lead@rouge-hexagone.test',
      'direction@rouge-hexagone.test',
    ]);
  });

  it('lets Sales read the refused recipients (role permissions cover the new field)', async () => {
    const permission = (await getStrapi()
      .db.query('admin::permission')
      .findOne({
        where: { action: 'plugin::content-manager.explorer.read', subject: QN, role: { code: 'sales' } },
      })) as { properties?: { fields?: string[] } } | null;
    expect(permission?.properties?.fields).toEqual(expect.arrayContaining(['deliveryStatus', 'rejectedRecipients']));
  });
});

describe('SMTP errors', () => {
  it('fails at once on a permanent refusal (5xx at DATA), keeps the server answer, and alerts once, even after a retry', async () => {
    smtp.options.rejectMessage = (mail) =>
      mail.messageId.includes('.sales.') && (mail.parsed?.subject ?? '').includes('Refus Permanent SA')
        ? { code: 554, message: '5.7.1 Message rejected by policy' }
        : undefined;
    const reference = await submit({ company: 'Refus Permanent SA' });

    const sales = await finalSales(reference, 'failed');
    expect(sales.attempts).toBe(1);
    expect(sales.lastError).toContain('554 5.7.1 Message rejected by policy');
    expect(smtp.refused.filter((m) => header(m, 'x-quote-reference') === reference)).toHaveLength(1);
    expect(salesMailsFor(reference)).toHaveLength(0);
    // The confirmation to the requester is a separate mail and went out.
    expect((await notificationOf(reference, 'confirmation')).deliveryStatus).toBe('sent');

    const [alert] = await smtp.waitFor((m) => alertMailsFor(reference).includes(m));
    expect(alert.envelopeTo).toEqual([ALERTS]);
    expect(alert.parsed?.subject).toBe(`[Alerte] ${reference} : e-mail commercial non remis`);
    expect(alert.parsed?.text).toContain('n’a pas été remis (abandon après 1 tentative)');
    expect(alert.parsed?.text).toContain('554 5.7.1 Message rejected by policy');

    // Sales retry it; the server still refuses: failed again, but no second alert.
    await appOutbox().retry(String(sales.documentId));
    await eventually('the retried notification to be refused again', () =>
      Promise.resolve(
        smtp.refused.filter((m) => header(m, 'x-quote-reference') === reference).length === 2 ? true : undefined
      )
    );
    await finalSales(reference, 'failed');
    await appOutbox().dispatchPendingNotifications();
    await sleep(300);
    expect(alertMailsFor(reference)).toHaveLength(1);
    expect(
      await getStrapi()
        .db.query(QN)
        .count({ where: { alertFor: sales.id } })
    ).toBe(1);
  });

  it('retries a temporary refusal (4xx) with backoff, then sends, without an alert', async () => {
    let refusals = 0;
    smtp.options.rejectMessage = (mail) => {
      if (!mail.messageId.includes('.sales.') || !(mail.parsed?.subject ?? '').includes('Refus Temporaire SA')) {
        return undefined;
      }
      refusals += 1;
      return refusals === 1 ? { code: 451, message: '4.3.0 Try again later' } : undefined;
    };
    const reference = await submit({ company: 'Refus Temporaire SA' });

    const sales = await finalSales(reference, 'sent');
    expect(sales.attempts).toBe(2);
    expect(sales.lastError).toBeNull();
    expect(refusals).toBe(2);
    expect(salesMailsFor(reference)).toHaveLength(1);
    expect(logs.some((l) => l.message.includes(`sales mail for ${reference} attempt 1 failed`))).toBe(true);
    expect(
      await getStrapi()
        .db.query(QN)
        .count({ where: { alertFor: sales.id } })
    ).toBe(0);
  });

  it('sends the alert to the routing fallback when QUOTE_ALERT_EMAIL is empty', async () => {
    const config = getStrapi().config;
    config.set('quotes.alertEmail', '');
    await setRouting({ fallbackAddresses: 'fallback@rouge-hexagone.test' });
    try {
      smtp.options.rejectMessage = (mail) =>
        mail.messageId.includes('.sales.') && (mail.parsed?.subject ?? '').includes('Alerte Repli SA')
          ? { code: 550, message: '5.7.1 Relaying denied' }
          : undefined;
      const reference = await submit({ company: 'Alerte Repli SA' });
      await finalSales(reference, 'failed');
      const [alert] = await smtp.waitFor((m) => alertMailsFor(reference).includes(m));
      expect(alert.envelopeTo).toEqual(['fallback@rouge-hexagone.test']);
    } finally {
      config.set('quotes.alertEmail', ALERTS);
      await setRouting({ fallbackAddresses: '' });
    }
  });
});

describe('fencing of outbox claims between instances', () => {
  /** Which dispatcher (A or B) is sending: the email service is shared, the async context is not. */
  const dispatcher = new AsyncLocalStorage<'A' | 'B'>();
  const sends: { by: 'A' | 'B' | undefined; messageId: string }[] = [];

  let restoreSend: (() => void) | undefined;
  let leaseMs = 0;

  beforeEach(async () => {
    sends.splice(0);
    const email = getStrapi().service('plugin::email.email') as { send(options: Record<string, unknown>): unknown };
    const send = email.send.bind(email);
    const spy = jest.spyOn(email, 'send').mockImplementation((options) => {
      sends.push({ by: dispatcher.getStore(), messageId: String(options.messageId) });
      return send(options);
    });
    restoreSend = () => spy.mockRestore();
    leaseMs = getStrapi().config.get<number>('quotes.outbox.leaseMs');
    // Two dispatchers made in the test; the app's own stays out of the way.
    await appOutbox().stop();
  });

  afterEach(() => {
    restoreSend?.();
    getStrapi().config.set('quotes.outbox.leaseMs', leaseMs);
    appOutbox().start();
  });

  /** Row id from a Message-ID `<DEV-2026-000001.sales.12@domain>`. */
  const rowIdOf = (messageId: string): number => Number(/\.(\d+)@/.exec(messageId)?.[1]);

  it('renews the lease of a batch slower than the lease: every mail once, each marked by the instance that sent it', async () => {
    const shortLeaseMs = 2000;
    getStrapi().config.set('quotes.outbox.leaseMs', shortLeaseMs);
    smtp.options.delayMs = 3000;
    const references: string[] = [];
    for (let i = 0; i < 4; i += 1) references.push(await submit({ company: `Clôture ${i} SA` }));
    const rows = (await Promise.all(references.map(notificationsOf))).flat();
    expect(rows).toHaveLength(8);

    const a = createOutbox({ strapi: getStrapi() });
    const b = createOutbox({ strapi: getStrapi() });
    const allSettled = async () =>
      (await getStrapi()
        .db.query(QN)
        .count({ where: { id: { $in: rows.map((r) => r.id) }, deliveryStatus: 'sent' } })) === rows.length;
    const deadline = Date.now() + 40000;
    /** Each dispatcher polls like the interval does, until every row is sent. */
    const poll = (name: 'A' | 'B', outbox: Outbox) =>
      dispatcher.run(name, async () => {
        const reports: DispatchReport[] = [];
        while (Date.now() < deadline) {
          reports.push(await outbox.dispatchPendingNotifications());
          if (await allSettled()) break;
          await sleep(100);
        }
        return reports;
      });
    const started = Date.now();
    const [reportsA, reportsB] = await Promise.all([poll('A', a), poll('B', b)]);
    const elapsed = Date.now() - started;
    // The scenario is real: the batch took longer than a lease (8 mails, 5 connections, 3 s each).
    expect(elapsed).toBeGreaterThan(shortLeaseMs * 2);
    expect(await allSettled()).toBe(true);

    const ours = new Set(rows.map((r) => r.id));
    const received = smtp.messages.filter((m) => ours.has(rowIdOf(m.messageId)));
    expect(received).toHaveLength(8);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(8);
    const attempted = sends.filter((s) => ours.has(rowIdOf(s.messageId)));
    expect(attempted).toHaveLength(8);

    const settledBy = (reports: DispatchReport[]) => new Set(reports.flatMap((r) => r.settledIds));
    const marked = { A: settledBy(reportsA), B: settledBy(reportsB) };
    for (const send of attempted) {
      const id = rowIdOf(send.messageId);
      expect(send.by).toBeDefined();
      expect(marked[send.by === 'A' ? 'A' : 'B'].has(id)).toBe(true);
      expect(marked[send.by === 'A' ? 'B' : 'A'].has(id)).toBe(false);
    }
    expect([...reportsA, ...reportsB].reduce((sum, r) => sum + r.lost, 0)).toBe(0);
    expect([...reportsA, ...reportsB].reduce((sum, r) => sum + r.sent, 0)).toBe(8);
  });

  it('records nothing for a row whose claim another instance took over mid-send, and logs the lost claim', async () => {
    smtp.options.delayMs = 1500;
    const reference = await submit({ company: 'Claim Perdu SA' });
    const a = createOutbox({ strapi: getStrapi() });
    const pass = dispatcher.run('A', () => a.dispatchPendingNotifications());

    const sales = await eventually('the sales row to be claimed', async () => {
      const row = await notificationOf(reference, 'sales');
      return row.deliveryStatus === 'sending' && row.lockedBy ? row : undefined;
    });
    // Another instance takes the row over (as after an expired lease) while A waits for the server.
    await getStrapi()
      .db.query(QN)
      .update({
        where: { id: sales.id },
        data: { lockedBy: 'other-instance:1', lockedUntil: new Date(Date.now() + 60000) },
      });
    const report = await pass;

    expect(report.lost).toBe(1);
    expect(report.settledIds).not.toContain(sales.id);
    expect(report.sent).toBe(1); // the confirmation, still A's
    const after = await notificationOf(reference, 'sales');
    expect(after).toMatchObject({ deliveryStatus: 'sending', lockedBy: 'other-instance:1', attempts: 0 });
    expect(logs.some((l) => l.message.includes(`claim lost on notification ${sales.id}`))).toBe(true);

    // The other instance's outcome, so nothing resends it later.
    await getStrapi()
      .db.query(QN)
      .update({ where: { id: sales.id }, data: { deliveryStatus: 'sent', lockedBy: null, lockedUntil: null } });
  });
});
