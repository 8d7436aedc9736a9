/**
 * Sales mail first (issue 18): the outbox claims sales notifications, reminders and alerts before
 * confirmations, in queue order within each class, and confirmations keep one mail in
 * CONFIRMATION_SHARE while sales mail waits. Watched at the real SMTP sink: with one send at a time the
 * order of arrival is the order of the claims.
 */
import createOutbox from '../../src/api/quote-notification/services/quote-notification';
import { CONFIRMATION_SHARE } from '../../src/api/quote-notification/domain/claim-priority';
import { smtp } from '../helpers/context';
import { getStrapi, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { submitQuote } from '../helpers/submission';

const QN = 'api::quote-notification.quote-notification';

// The app's own dispatcher stays off: the scenarios build a backlog first, then drain it with
// dispatchers made here. One mail at a time, so the sink sees the claim order.
useStrapi({
  ...INTEGRATION_ENV,
  QUOTE_RATE_LIMIT_MAX: '1000',
  EMAIL_OUTBOX_ENABLED: 'false',
  EMAIL_OUTBOX_CONCURRENCY: '1',
});

type Kind = 'sales' | 'confirmation' | 'alert' | 'reminder';

const submit = async (company: string): Promise<{ reference: string; id: number }> => {
  const reference = await submitQuote({ company });
  const row = (await getStrapi()
    .db.query('api::quote-request.quote-request')
    .findOne({ where: { reference }, select: ['id'] })) as { id: number };
  return { reference, id: row.id };
};

/** Queues `count` more pending mails of `kind` for a stored request, as the application writes them. */
const queue = async (owner: { reference: string; id: number }, kind: Kind, count: number): Promise<void> => {
  const now = new Date();
  await getStrapi()
    .db.query(QN)
    .createMany({
      data: Array.from({ length: count }, (_, i) => ({
        documentId: `priority-${kind}-${owner.id}-${i}-${Math.random().toString(36).slice(2, 8)}`,
        publishedAt: now,
        quoteRequestId: owner.id,
        reference: owner.reference,
        kind,
        deliveryStatus: 'pending',
        recipients: [],
        cc: [],
        attempts: 0,
        nextAttemptAt: now,
      })),
    });
};

/** The mails of these requests in the order the sink received them: kind and outbox row id. */
const arrivals = (references: string[]): { kind: string; id: number }[] =>
  smtp.messages
    .map((m) => /<(DEV-[\d-]+)\.(\w+)\.(\d+)@/.exec(m.messageId))
    .filter((match): match is RegExpExecArray => match !== null && references.includes(match[1]))
    .map((match) => ({ kind: match[2], id: Number(match[3]) }));

const pendingCount = async (references: string[]): Promise<number> =>
  getStrapi()
    .db.query(QN)
    .count({ where: { reference: { $in: references }, deliveryStatus: { $in: ['pending', 'sending'] } } });

let batchSize = 0;
beforeEach(() => {
  batchSize = getStrapi().config.get<number>('quotes.outbox.batchSize');
});
afterEach(() => {
  getStrapi().config.set('quotes.outbox.batchSize', batchSize);
});

describe('outbox claim order', () => {
  it('sends a sales notification before the confirmations queued before it, each class first-in first-out', async () => {
    getStrapi().config.set('quotes.outbox.batchSize', 1);
    const first = await submit('Priorité Première SA');
    await queue(first, 'confirmation', 12);
    const second = await submit('Priorité Seconde SA');
    const references = [first.reference, second.reference];

    const outbox = createOutbox({ strapi: getStrapi() });
    await outbox.dispatchPendingNotifications();
    expect(await pendingCount(references)).toBe(0);

    const order = arrivals(references);
    expect(order).toHaveLength(16);
    // Strictly by id the second sales mail would have been the 15th; it is the second.
    expect(order.slice(0, 2).map((m) => m.kind)).toEqual(['sales', 'sales']);
    const confirmations = order.filter((m) => m.kind === 'confirmation').map((m) => m.id);
    expect(confirmations).toEqual([...confirmations].sort((a, b) => a - b));
    expect(order.map((m) => m.id).slice(0, 2)).toEqual(
      order
        .filter((m) => m.kind === 'sales')
        .map((m) => m.id)
        .sort((a, b) => a - b)
    );
  });

  it('treats reminders and alerts like sales notifications', async () => {
    getStrapi().config.set('quotes.outbox.batchSize', 1);
    const owner = await submit('Priorité Relance SA');
    await queue(owner, 'confirmation', 6);
    await queue(owner, 'reminder', 1);
    const outbox = createOutbox({ strapi: getStrapi() });
    await outbox.dispatchPendingNotifications();
    const order = arrivals([owner.reference]).map((m) => m.kind);
    expect(order.slice(0, 2)).toEqual(['sales', 'reminder']);
    expect(order.filter((kind) => kind === 'confirmation')).toHaveLength(7);
  });

  it('still sends one confirmation in CONFIRMATION_SHARE while sales mail keeps coming (batches of 1)', async () => {
    getStrapi().config.set('quotes.outbox.batchSize', 1);
    const owner = await submit('Priorité Flot SA');
    await queue(owner, 'confirmation', 4);
    const waitingSales = () =>
      getStrapi()
        .db.query(QN)
        .count({ where: { reference: owner.reference, kind: 'sales', deliveryStatus: 'pending' } });
    // A continuous stream: sales mail is topped up whenever fewer than 10 wait, 60 in all, so the
    // dispatcher never finds the urgent queue empty until the stream ends.
    await queue(owner, 'sales', 10);
    let added = 10;
    const outbox = createOutbox({ strapi: getStrapi() });
    const draining = outbox.dispatchPendingNotifications();
    let done = false;
    void draining.finally(() => {
      done = true;
    });
    while (!done && added < 60) {
      if ((await waitingSales()) < 10) {
        await queue(owner, 'sales', 10);
        added += 10;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await draining;
    await outbox.dispatchPendingNotifications();

    const order = arrivals([owner.reference]);
    expect(order).toHaveLength(1 + 5 + added);
    const confirmationsAt = order.flatMap((m, i) => (m.kind === 'confirmation' ? [i + 1] : []));
    const lastSales = Math.max(...order.flatMap((m, i) => (m.kind === 'sales' ? [i + 1] : [])));
    // All five confirmations (the request's own and the 4 queued) went out while sales mail still
    // waited, exactly one mail in CONFIRMATION_SHARE: strictly by id they would have been 2nd to 6th,
    // with sales first and nothing else they would wait for the end of the stream.
    expect(Math.max(...confirmationsAt)).toBeLessThan(lastSales);
    expect(confirmationsAt).toEqual([1, 2, 3, 4, 5].map((n) => n * CONFIRMATION_SHARE));
  });

  it('gives confirmations one slot in CONFIRMATION_SHARE of a full batch', async () => {
    getStrapi().config.set('quotes.outbox.batchSize', 20);
    const owner = await submit('Priorité Lot SA');
    await queue(owner, 'confirmation', 10);
    await queue(owner, 'sales', 30);
    const outbox = createOutbox({ strapi: getStrapi() });
    await outbox.dispatchPendingNotifications();
    const order = arrivals([owner.reference]).map((m) => m.kind);
    expect(order).toHaveLength(42);
    // First claim: 16 sales, then the 4 oldest confirmations; strictly by id, 11 confirmations first.
    expect(order.slice(0, 20).filter((kind) => kind === 'confirmation')).toHaveLength(20 / CONFIRMATION_SHARE);
    expect(order.slice(0, 16).every((kind) => kind === 'sales')).toBe(true);
  });

  it('keeps the order with two dispatchers on one database, each mail once', async () => {
    getStrapi().config.set('quotes.outbox.batchSize', 2);
    const owner = await submit('Priorité Deux SA');
    await queue(owner, 'confirmation', 20);
    await queue(owner, 'sales', 20);
    const a = createOutbox({ strapi: getStrapi() });
    const b = createOutbox({ strapi: getStrapi() });
    await Promise.all([a.dispatchPendingNotifications(), b.dispatchPendingNotifications()]);
    const order = arrivals([owner.reference]);
    expect(order).toHaveLength(42);
    expect(new Set(order.map((m) => m.id)).size).toBe(42);
    // Strictly by id the first 21 mails would hold 21 confirmations; with priority at most one in five.
    const early = order.slice(0, 20).filter((m) => m.kind === 'confirmation').length;
    expect(early).toBeLessThanOrEqual(20 / CONFIRMATION_SHARE + 2);
    expect(early).toBeGreaterThanOrEqual(1);
  });
});
