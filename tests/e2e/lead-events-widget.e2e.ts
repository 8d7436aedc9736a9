/**
 * The CRM's lead events as the sales team sees them, in Chromium: while the CRM's inbound address refuses
 * deliveries, a Sales user's home page shows the requests' events waiting, and how long the oldest has; once
 * the CRM takes them again (verified with the `standardwebhooks` library, as a CRM's receiver does), the same
 * page shows none waiting.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import {
  adminApi,
  createFirstAdmin,
  launchBrowser,
  screenshot,
  signIn as signInAs,
  startApp,
  submitQuoteRequest,
  type E2eApp,
} from './helpers';

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const SALES = { email: 'sam@rouge-hexagone.test', password: 'Sa1es-Passw0rd!' };
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

jest.setTimeout(300000);

let app: E2eApp;
let browser: Browser;
let crm: http.Server;
let refusing = true;
/** Event types the CRM took (signature verified), in arrival order. */
const received: { type: string; reference: string }[] = [];

beforeAll(async () => {
  const webhook = new Webhook(SECRET);
  crm = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (refusing) {
        res.writeHead(503).end();
        return;
      }
      try {
        const headers = Object.fromEntries(
          Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : []))
        );
        const event = webhook.verify(Buffer.concat(chunks).toString('utf8'), headers) as {
          type: string;
          data: { reference: string };
        };
        received.push({ type: event.type, reference: event.data.reference });
        res.writeHead(204).end();
      } catch {
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  app = await startApp({
    ADMIN_DEFAULT_LOCALE: 'fr',
    LEAD_WEBHOOK_URL: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/crm/inbound`,
    LEAD_WEBHOOK_SECRET: SECRET,
    LEAD_WEBHOOK_INTERVAL_MS: '200',
    LEAD_WEBHOOK_RETRY_BASE_MS: '200',
    LEAD_WEBHOOK_RETRY_MAX_MS: '500',
  });
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  const api = adminApi(app.url);
  await api.createUser(await api.login(ADMIN.email, ADMIN.password), { ...SALES, roleCode: 'sales' });
  const own = await api.login(SALES.email, SALES.password);
  expect((await api.call('PUT', '/admin/users/me', own, { preferedLanguage: 'fr' })).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (crm) await new Promise<void>((resolve) => crm.close(() => resolve()));
});

/** The home page's lead-event figures, once the desk widget has drawn them. */
const leadFigures = async (page: Page) => {
  await page.goto(`${app.url}/admin`);
  await page.getByText('Événements de prospects pour le CRM').waitFor({ timeout: 60000 });
  const waiting = await page.getByTestId('lead-events-waiting').innerText();
  const failed = await page.getByTestId('lead-events-failed').innerText();
  const oldest = await page.getByTestId('lead-events-oldest').innerText();
  return { waiting, failed, oldest };
};

it('Sales see the CRM backlog while it refuses deliveries, and none once it takes them again', async () => {
  const references = [
    await submitQuoteRequest(app.url, { requestedModel: 'ito', email: 'lea@client.test' }),
    await submitQuoteRequest(app.url, { requestedModel: 'kpo', email: 'marc@client.test' }),
  ];
  const sales = await signInAs(browser, app.url, SALES, 'fr-FR');

  const down = await leadFigures(sales);
  expect(down.waiting).toMatch(/^En attente\s+2$/);
  expect(down.failed).toMatch(/^En échec\s+0$/);
  expect(down.oldest).toMatch(/^Le plus ancien événement de prospect attend depuis /);
  // The admin scrolls inside its own container: bring the desk widget's lead figures into the picture.
  await sales.getByTestId('lead-events-oldest').scrollIntoViewIfNeeded();
  await screenshot(sales, 'sales-lead-events-waiting-fr');

  refusing = false;
  for (let i = 0; i < 100 && received.length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 200));
  expect(received).toEqual(references.map((reference) => ({ type: 'quote_request.created', reference })));

  const back = await leadFigures(sales);
  expect(back.waiting).toMatch(/^En attente\s+0$/);
  expect(back.oldest).toBe('Aucun événement de prospect en attente.');
  await sales.context().close();
});
