/**
 * The people's paths on a French-default install, in Chromium: a newcomer's first page is French; a sales
 * person whose request waits for a routing address is told whom to ask, and the Sales manager they name
 * fills the routing in from the same widget, after which the mail goes out.
 */
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
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
const MANAGER = { email: 'maud@rouge-hexagone.test', password: 'Manag3r-Passw0rd!' };
type User = typeof ADMIN;

jest.setTimeout(300000);

let app: E2eApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  const api = adminApi(app.url);
  const token = await api.login(ADMIN.email, ADMIN.password);
  await api.createUser(token, { ...SALES, roleCode: 'sales' });
  await api.createUser(token, { ...MANAGER, roleCode: 'sales-manager' });
  // Both work in French (the install's default; these tests' server gives English to new users).
  for (const user of [SALES, MANAGER]) {
    const own = await api.login(user.email, user.password);
    expect((await api.call('PUT', '/admin/users/me', own, { preferedLanguage: 'fr' })).status).toBe(200);
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const signIn = (user: User): Promise<Page> => signInAs(browser, app.url, user, 'fr-FR');

describe('a newcomer', () => {
  it('is greeted in French on the sign-in page of a French-default install', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${app.url}/admin/auth/login`);
    await page.getByRole('heading', { name: 'Bienvenue !' }).waitFor();
    expect(await page.getByRole('button', { name: 'Se connecter' }).count()).toBe(1);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/Welcome|Log in to your Strapi account|Remember me|\bLogin\b/);
    await screenshot(page, 'newcomer-sign-in-fr');
    await context.close();
  });
});

describe('a request no routing address covers', () => {
  it('Sales are told whom to ask; the Sales manager fills the routing in from the widget and the mail goes out', async () => {
    // The routing has no address for BPO (nor a fallback): this BPO request's sales mail waits.
    const api = adminApi(app.url);
    const token = await api.login(ADMIN.email, ADMIN.password);
    const routing = await api.call('GET', '/content-manager/single-types/api::quote-routing.quote-routing', token);
    expect(routing.status).toBe(200);
    const cleared = await api.call('PUT', '/content-manager/single-types/api::quote-routing.quote-routing', token, {
      ...(routing.body.data ?? {}),
      bpoAddresses: '',
      fallbackAddresses: '',
    });
    expect(cleared.status).toBe(200);
    const reference = await submitQuoteRequest(app.url);

    const sales = await signIn(SALES);
    await sales.goto(`${app.url}/admin`);
    const notice = sales.getByTestId('unrouted-notice');
    await notice.waitFor({ timeout: 60000 });
    expect(await notice.innerText()).toMatch(/aucune adresse pour .*BPO/);
    // No announcement of Strapi's own news above the desk.
    expect(await sales.getByText(/Introducing the new Media Library/).count()).toBe(0);
    // Sales may not save the routing: no link to a form they cannot save, the manager's name instead.
    expect(await sales.getByTestId('unrouted-routing-link').count()).toBe(0);
    expect(await sales.getByTestId('unrouted-ask').innerText()).toBe(
      'Demandez à Test sales-manager de compléter le routage.'
    );
    await screenshot(sales, 'sales-unrouted-ask-manager-fr');
    await sales.context().close();

    const manager = await signIn(MANAGER);
    await manager.goto(`${app.url}/admin`);
    await manager.getByTestId('unrouted-routing-link').click();
    await manager.waitForURL((url) => url.pathname.includes('/single-types/api::quote-routing.quote-routing'));
    const bpo = manager.locator('[name="bpoAddresses"]');
    await bpo.waitFor();
    await bpo.fill('equipe.bpo@rouge-hexagone.test');
    const saved = manager.waitForResponse(
      (res) => res.request().method() === 'PUT' && res.url().includes('api::quote-routing.quote-routing')
    );
    await manager.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    expect((await saved).status()).toBe(200);
    await screenshot(manager, 'sales-manager-routing-saved-fr');
    await manager.context().close();

    // The outbox sends the waiting mail to the address the manager typed (mails are .eml files here).
    const mailDir = app.env.EMAIL_FILE_DIR;
    let delivered = false;
    for (let i = 0; i < 60 && !delivered; i += 1) {
      const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir) : [];
      delivered = files.some((file) => {
        const mail = fs.readFileSync(path.join(mailDir, file), 'utf8');
        return mail.includes('equipe.bpo@rouge-hexagone.test') && mail.includes(reference);
      });
      if (!delivered) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(delivered).toBe(true);
  });
});

describe('a prospect', () => {
  it('sees how long the message may be while typing, before anything is sent', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${app.url}/example/?locale=fr`);
    const counter = page.getByTestId('message-counter');
    await page.locator('#field-message').waitFor();
    expect(await counter.innerText()).toMatch(/^0 \/ 5\s000 caractères$/);
    // 5,200 characters pasted: said at once, not after a refused submission.
    await page.locator('#field-message').fill('x'.repeat(5200));
    expect(await counter.innerText()).toMatch(/^5\s200 caractères : 200 de trop \(5\s000 au plus\)$/);
    expect(await counter.getAttribute('class')).toContain('over');
    await page.locator('#field-message').fill('Nous voulons externaliser la paie.');
    expect(await counter.getAttribute('class')).not.toContain('over');
    await screenshot(page, 'prospect-message-counter-fr');
    await context.close();
  });
});
