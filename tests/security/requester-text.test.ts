/**
 * Issue 16, items 8: what a requester writes and the company then sends. The confirmation goes to any
 * address typed in the form, from the company's own address, so it must carry no link the requester
 * wrote; and single-line fields (the sales subject is built from them) refuse invisible format
 * characters, which make a text read differently from what it holds. Each test sends the hostile
 * submission to the real app (REST and GraphQL) and reads what the real SMTP sink received.
 */
import { nextClientIp, smtp } from '../helpers/context';
import type { ErrorBody, GraphQLBody, ValidationDetails } from '../helpers/http';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';

useStrapi({
  EMAIL_FROM: 'Rouge Hexagone <devis@rouge-hexagone.test>',
  QUOTE_ROUTING_BPO: 'bpo@rouge-hexagone.test',
  QUOTE_ROUTING_FALLBACK: 'commercial@rouge-hexagone.test',
  // The dispatcher is driven by the tests, so what was sent is known exactly.
  EMAIL_OUTBOX_ENABLED: 'false',
  QUOTE_RATE_LIMIT_MAX: '0',
});

const outbox = () =>
  getStrapi().service(QN) as unknown as { dispatchPendingNotifications(): Promise<{ sent: number }> };

const countRequests = (): Promise<number> => getStrapi().db.query(QR).count({});

const submission = (data: Record<string, unknown>): Record<string, unknown> => ({
  fullName: 'Camille Martin',
  email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
  company: 'Transports Martin',
  requestedModel: 'bpo',
  message: 'Nous souhaitons externaliser notre service client.',
  consent: true,
  ...data,
});

const submitRest = (data: Record<string, unknown>): Promise<Response> =>
  fetch(`${httpServer()}/api/quote-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': nextClientIp() },
    body: JSON.stringify({ data: submission(data) }),
  });

const MUTATION = `mutation Submit($data: QuoteRequestSubmissionInput!) {
  submitQuoteRequest(data: $data) { reference }
}`;

const submitGraphql = async (data: Record<string, unknown>): Promise<GraphQLBody<unknown, ValidationDetails>> => {
  const res = await fetch(`${httpServer()}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': nextClientIp() },
    body: JSON.stringify({ query: MUTATION, variables: { data: submission(data) } }),
  });
  return (await res.json()) as GraphQLBody<unknown, ValidationDetails>;
};

/** Sends what is pending and returns the confirmation the sink received for `email`. */
const confirmationTo = async (email: string) => {
  smtp.messages.splice(0);
  await outbox().dispatchPendingNotifications();
  const mail = smtp.messages.find((m) => m.envelopeTo.includes(email))?.parsed;
  if (!mail) throw new Error(`no confirmation mail to ${email}`);
  return { subject: mail.subject ?? '', text: mail.text ?? '', html: String(mail.html) };
};

describe('the confirmation carries no link the requester wrote', () => {
  it.each([
    ['fr', 'Bonjour,'],
    ['en', 'Hello,'],
  ])('a URL as first word (%s): greeted without a name, no trace of the link', async (locale, greeting) => {
    const email = `link.${locale}.${Date.now()}@client.test`;
    const res = await submitRest({ email, locale, fullName: 'https://evil.example/reset-password Bob' });
    expect(res.status).toBe(201);
    const mail = await confirmationTo(email);
    expect(mail.text.split('\n')[0]).toBe(greeting);
    expect(mail.html).toContain(`<p>${greeting}</p>`);
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toContain('evil.example');
      expect(part).not.toContain('reset-password');
    }
  });

  it.each(['evil.example Bob', 'eve@evil.example Bob', 'www.evil.example', 'R2-D2.io Bob'])(
    'no domain, address or digit in the greeting: "%s"',
    async (fullName) => {
      const email = `domain.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@client.test`;
      expect((await submitRest({ email, fullName, locale: 'en' })).status).toBe(201);
      const mail = await confirmationTo(email);
      expect(mail.text.split('\n')[0]).toBe('Hello,');
      expect(`${mail.text}${mail.html}`).not.toContain('evil');
    }
  );

  it('greets a plain name by its first word (letters, apostrophes, hyphens)', async () => {
    const email = `plain.${Date.now()}@client.test`;
    expect((await submitRest({ email, fullName: "Marie-Hélène D'Arcy" })).status).toBe(201);
    const mail = await confirmationTo(email);
    expect(mail.text.split('\n')[0]).toBe('Bonjour Marie-Hélène,');
  });
});

describe('single-line fields refuse Unicode format characters (general category Cf)', () => {
  const FORMAT_CHARACTERS: [string, string][] = [
    ['U+200E left-to-right mark', '\u200E'],
    ['U+200F right-to-left mark', '\u200F'],
    ['U+061C Arabic letter mark', '\u061C'],
    ['U+FEFF byte order mark', '\uFEFF'],
    ['U+200B zero-width space', '\u200B'],
    ['U+2060 word joiner', '\u2060'],
    ['U+202E right-to-left override', '\u202E'],
    ['U+00AD soft hyphen', '\u00AD'],
  ];

  it.each(FORMAT_CHARACTERS)('REST: %s answers 400 on the field, stores and sends nothing', async (_name, c) => {
    const before = await countRequests();
    for (const field of ['fullName', 'company', 'jobTitle']) {
      const res = await submitRest({ [field]: `Rouge${c} Hexagone` });
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody<ValidationDetails>;
      expect(body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
      expect(body.error.details.errors.map((e) => e.path[0])).toEqual([field]);
    }
    expect(await countRequests()).toBe(before);
    smtp.messages.splice(0);
    await outbox().dispatchPendingNotifications();
    expect(smtp.messages.filter((m) => (m.parsed?.subject ?? '').includes('Rouge'))).toHaveLength(0);
  });

  it.each(FORMAT_CHARACTERS)('GraphQL: %s answers the same ValidationError, stores nothing', async (_name, c) => {
    const before = await countRequests();
    const { data, errors } = await submitGraphql({ company: `Rouge${c} Hexagone` });
    expect(data).toBeNull();
    const error = errors?.[0].extensions?.error;
    expect(error?.name).toBe('ValidationError');
    expect(error?.details.errors.map((e) => e.path[0])).toEqual(['company']);
    expect(await countRequests()).toBe(before);
  });

  it('still accepts the same text without the mark, and the sales subject carries it as written', async () => {
    const res = await submitRest({ company: 'Rouge Hexagone' });
    expect(res.status).toBe(201);
    smtp.messages.splice(0);
    await outbox().dispatchPendingNotifications();
    const sales = smtp.messages.find((m) => m.envelopeTo.includes('bpo@rouge-hexagone.test'));
    expect(sales?.parsed?.subject).toMatch(/^\[BPO\] Demande de devis DEV-\d{4}-\d{6} — Rouge Hexagone$/);
  });
});
