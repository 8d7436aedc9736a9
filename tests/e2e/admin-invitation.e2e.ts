/**
 * A Super Admin invites a colleague from Settings → Users, in French: the invitation reaches the colleague's
 * mailbox (a real SMTP server in this process), "Renvoyer l'invitation" mails a new link, and the colleague
 * opens that link, chooses a password on the French sign-up page and lands on the admin's home.
 */
import type { Browser } from 'playwright-core';
import { SmtpSink } from '../../scripts/lib/smtp-sink';
import { adminApi, createFirstAdmin, launchBrowser, screenshot, signIn, startApp, type E2eApp } from './helpers';

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const INVITED = { email: 'ines.nouvelle@rouge-hexagone.test', password: 'Nouvelle-Passw0rd!' };

jest.setTimeout(300000);

const smtp = new SmtpSink();
let app: E2eApp;
let browser: Browser;

beforeAll(async () => {
  const smtpPort = await smtp.start();
  app = await startApp((port) => ({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    SMTP_SECURE: 'false',
    ADMIN_URL: `http://127.0.0.1:${port}/admin`,
    // A French-default install, as delivered.
    ADMIN_DEFAULT_LOCALE: 'fr',
  }));
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await smtp.stop();
});

const linkIn = (text: string): string => {
  const match = /http:\/\/127\.0\.0\.1:\d+\/admin\/auth\/register\?registrationToken=[0-9a-f]+/.exec(text);
  if (!match) throw new Error(`no registration link in: ${text}`);
  return match[0];
};

it('a Super Admin invites a colleague by mail, resends the invitation, and the colleague signs up in French', async () => {
  // The first administrator works in French (the install's default).
  const token = await adminApi(app.url).login(ADMIN.email, ADMIN.password);
  const me = await adminApi(app.url).call('GET', '/admin/users/me', token);
  expect(me.body.data?.preferedLanguage).toBe('fr');

  const admin = await signIn(browser, app.url, ADMIN, 'fr-FR');
  await admin.goto(`${app.url}/admin/settings/users`);
  await admin.getByRole('button', { name: /Inviter un nouvel utilisateur|Créer un nouvel utilisateur/i }).click();
  await admin.getByLabel('Prénom').fill('Inès');
  await admin.getByLabel('Nom', { exact: true }).fill('Nouvelle');
  await admin.getByLabel(/^E-?mail/).fill(INVITED.email);
  await admin.getByRole('combobox', { name: /Rôles de l'utilisateur/ }).click();
  await admin.getByRole('option', { name: /Editor|Éditeur|Rédacteur/ }).click();
  await admin.keyboard.press('Escape');
  const created = admin.waitForResponse(
    (res) => res.request().method() === 'POST' && res.url().endsWith('/admin/users')
  );
  await admin.getByRole('button', { name: /Créer l'utilisateur|Inviter l'utilisateur/ }).click();
  expect((await created).status()).toBe(201);
  await admin.getByRole('button', { name: 'Terminer' }).click();

  // The invitation is in the colleague's mailbox, in French, with the link and until when it works.
  const [first] = await smtp.waitFor((mail) => mail.envelopeTo.includes(INVITED.email), 1, 60000);
  expect(first.parsed?.subject).toMatch(/^Invitation à l’administration du site /);
  expect(first.parsed?.text).toContain('Ce lien est valable jusqu’au');
  const firstLink = linkIn(first.parsed?.text ?? '');

  // The user's page offers to send it again; the new mail carries a new link.
  await admin.getByText(INVITED.email).click();
  await admin.waitForURL((url) => /\/admin\/settings\/users\/\d+$/.test(url.pathname));
  await admin
    .getByText(/Cet utilisateur ne s’est pas encore inscrit\. Son lien d’inscription est valable jusqu’au /)
    .waitFor();
  await admin.getByRole('button', { name: 'Renvoyer l’invitation' }).click();
  await admin.getByRole('status').filter({ hasText: 'Invitation renvoyée par e-mail' }).waitFor();
  await screenshot(admin, 'super-admin-resend-invitation-fr');
  const mails = await smtp.waitFor((mail) => mail.envelopeTo.includes(INVITED.email), 2, 60000);
  const link = linkIn(mails[1].parsed?.text ?? '');
  expect(link).not.toBe(firstLink);
  await admin.context().close();

  // The colleague opens the link in a French browser and chooses a password.
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR' });
  const colleague = await context.newPage();
  await colleague.goto(link);
  // The page fills the invited address in once it has read the invitation: what the person waits for.
  const email = colleague.locator('input[name="email"]');
  for (let i = 0; i < 100 && (await email.inputValue()) !== INVITED.email; i += 1) await colleague.waitForTimeout(200);
  expect(await email.inputValue()).toBe(INVITED.email);
  await colleague.locator('input[name="password"]').fill(INVITED.password);
  await colleague.locator('input[name="confirmPassword"]').fill(INVITED.password);
  await screenshot(colleague, 'invited-user-sign-up-fr');
  await colleague.locator('button[type="submit"]').click();
  await colleague.waitForURL((url) => url.pathname.replace(/\/$/, '') === '/admin', { timeout: 60000 });
  await colleague.getByRole('heading', { name: /Bonjour Inès/ }).waitFor();
  await context.close();

  // The first link stopped working when the invitation was resent.
  const refused = await adminApi(app.url).call(
    'GET',
    `/admin/registration-info?registrationToken=${new URL(firstLink).searchParams.get('registrationToken') ?? ''}`
  );
  expect(refused.status).toBe(400);
});
