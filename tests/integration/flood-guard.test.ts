/**
 * Sales mail first under a flood (issue 18): while the sales mail this instance's outbox claimed has
 * waited past QUOTE_SALES_MAIL_MAX_DELAY_MS, submissions wait before being stored (none is refused), and
 * they run at full speed again once the outbox has caught up. Played with a real SMTP sink made slow,
 * so the claimed sales mail waits, and a limit of 300 ms.
 */
import { smtp } from '../helpers/context';
import { capturedLog } from '../helpers/log-capture';
import { getStrapi, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { submitQuote } from '../helpers/submission';

const LIMIT_MS = 300;

useStrapi({
  ...INTEGRATION_ENV,
  QUOTE_RATE_LIMIT_MAX: '1000',
  QUOTE_SALES_MAIL_MAX_DELAY_MS: String(LIMIT_MS),
  EMAIL_OUTBOX_CONCURRENCY: '1',
});

interface Outbox {
  urgentMailDelayMs(): number;
  idle(): Promise<void>;
  wake(): void;
}
const outbox = (): Outbox => getStrapi().service('api::quote-notification.quote-notification') as unknown as Outbox;

const submit = async (company: string): Promise<{ reference: string; ms: number }> => {
  const started = Date.now();
  const reference = await submitQuote({
    company,
    requestedModel: 'ito',
    message: 'Nous souhaitons externaliser notre support informatique.',
  });
  return { reference, ms: Date.now() - started };
};

const waitUntil = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

afterEach(() => {
  smtp.options.delayMs = 0;
});

it('slows submissions while the claimed sales mail waits past the limit, refusing none, then lets them go', async () => {
  // The sink takes 1.5 s per mail: the first request's sales mail, claimed at once, waits past the limit.
  smtp.options.delayMs = 1500;
  const log = await capturedLog(async () => {
    const first = await submit('Flood Guard One');
    await waitUntil(() => outbox().urgentMailDelayMs() > LIMIT_MS);

    const slowed = await submit('Flood Guard Two');
    // Stored all the same, after the pause (50 ms) that left the event loop to the outbox.
    expect(slowed.ms).toBeGreaterThanOrEqual(45);
    const stored = (await getStrapi()
      .db.query('api::quote-request.quote-request')
      .findMany({ where: { reference: { $in: [first.reference, slowed.reference] } }, select: ['reference'] })) as {
      reference: string;
    }[];
    expect(stored).toHaveLength(2);

    // The sink is fast again: once the outbox has sent everything, its last claim finds no sales mail.
    smtp.options.delayMs = 0;
    await smtp.waitFor(
      (m) =>
        m.parsed?.subject?.includes(slowed.reference) === true && !m.envelopeTo.some((to) => to.startsWith('camille'))
    );
    outbox().wake();
    await outbox().idle();
    await waitUntil(() => outbox().urgentMailDelayMs() === 0);
    await submit('Flood Guard Three');
  });
  expect(log).toMatch(
    /warn: \[quote\] sales mail waited [\d.]+ s \(limit 0\.3 s\): submissions slowed until the outbox catches up/
  );
  expect(log).toContain('info: [quote] sales mail back under half its limit: submissions at full speed');
  expect(log.indexOf('submissions slowed')).toBeLessThan(log.indexOf('submissions at full speed'));
});
