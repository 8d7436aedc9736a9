/**
 * The admin's details in French, in Chromium, as each person meets them: the pages before signing in
 * (first administrator, sign-in, invited user's registration) French with English on request; role names
 * and the role picker; the settings menu; the home page's recent entries (their language, a consent text
 * by its date); the locale switcher; the media dialog (and no refused settings request for the Editor);
 * the SEO switch's help; the sales desk widget whole in its card; read-only dates without a clear button.
 * Every page is visited with an ear on the console: an error there fails the test.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
const EDITOR = { email: 'eddie@rouge-hexagone.test', password: 'Ed1tor-Passw0rd!' };
const SALES = { email: 'sam@rouge-hexagone.test', password: 'Sa1es-Passw0rd!' };
type User = typeof ADMIN;

/** A page with an SEO block (its switch and its share image) in both languages. */
const PAGE_UID = 'api::comparison-page.comparison-page';
const REQUEST_UID = 'api::quote-request.quote-request';
const ROUTING_UID = 'api::quote-routing.quote-routing';
/** A 1×1 PNG, for the media dialog's selection. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64'
);

jest.setTimeout(600000);

let app: E2eApp;
let browser: Browser;
const tokens = new Map<string, string>();

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
}, 600000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/**
 * Console errors of Strapi 5.54's own, on every edit view of any install, that this suite does not judge:
 * the Community edition's admin asks for the AI features' routes, which only the Enterprise edition
 * registers (404); React warns about an empty email field (Strapi's email input passes `null`) and about
 * a prop the media library's "from the computer" form hands to a DOM element.
 */
const STRAPI_OWN_ERRORS = [
  /status of 404 .*\/admin\/ai-feature-config$/,
  /status of 404 .*\/i18n\/ai-localization-jobs\//,
  /^Warning: `value` prop on `%s` should not be null/,
  /^Warning: React does not recognize the `%s` prop on a DOM element/,
];

/** What a page wrote to the console as errors (failed requests included) and its uncaught exceptions. */
const watchConsole = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('console', (message) => {
    const text = `${message.text()} ${message.location().url}`;
    if (message.type() === 'error' && !STRAPI_OWN_ERRORS.some((known) => known.test(text.split('\n')[0])))
      errors.push(text);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
};

const newContext = (locale = 'fr-FR'): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width: 1440, height: 1000 }, locale });

/** Picks a language in the language box of the pages before signing in. */
const pickInterfaceLanguage = async (page: Page, current: RegExp, language: string) => {
  await page.getByRole('combobox', { name: current }).click();
  await page.getByRole('option', { name: language }).click();
};

const setLanguage = async (user: User, language: 'fr' | 'en') => {
  const res = await adminApi(app.url).call('PUT', '/admin/users/me', tokens.get(user.email), {
    preferedLanguage: language,
  });
  expect(res.status).toBe(200);
};

const signIn = (user: User, locale = 'fr-FR'): Promise<Page> => signInAs(browser, app.url, user, locale);

describe('before signing in', () => {
  it('the first administrator registers on a French page, in English when they pick it', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${app.url}/admin`);
    await page.waitForURL(/\/admin\/auth\/register-admin/);
    await page.getByRole('heading', { name: 'Bienvenue !' }).waitFor();
    expect(await page.getByRole('button', { name: 'Prêt à commencer' }).count()).toBe(1);
    expect(await page.locator('body').innerText()).not.toMatch(/Welcome|Credentials|Let's start|First name/);
    await screenshot(page, 'polish-first-admin-fr');
    await pickInterfaceLanguage(page, /Langue de l'interface/, 'English');
    await page.getByRole('heading', { name: 'Welcome to Strapi!' }).waitFor();
    expect(await page.getByRole('button', { name: "Let's start" }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('once there are users', () => {
  beforeAll(async () => {
    // The operator's way (the tests' way) to the first administrator, then the other people, in French.
    createFirstAdmin(app.env, ADMIN);
    const api = adminApi(app.url);
    tokens.set(ADMIN.email, await api.login(ADMIN.email, ADMIN.password));
    await api.createUser(tokens.get(ADMIN.email) ?? '', { ...EDITOR, roleCode: 'strapi-editor' });
    await api.createUser(tokens.get(ADMIN.email) ?? '', { ...SALES, roleCode: 'sales' });
    for (const user of [EDITOR, SALES]) tokens.set(user.email, await api.login(user.email, user.password));
    for (const user of [ADMIN, EDITOR, SALES]) await setLanguage(user, 'fr');
  }, 600000);

  it('the sign-in page is French, and English when the person picks it', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${app.url}/admin/auth/login`);
    await page.getByRole('heading', { name: 'Bienvenue !' }).waitFor();
    expect(await page.getByText('Se souvenir de moi').count()).toBe(1);
    await pickInterfaceLanguage(page, /Langue de l'interface/, 'English');
    await page.getByRole('heading', { name: 'Welcome to Strapi!' }).waitFor();
    expect(await page.getByText('Remember me').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("an invited user's registration page is French, and English when they pick it", async () => {
    const api = adminApi(app.url);
    const roles = await api.call('GET', '/admin/roles', tokens.get(ADMIN.email));
    const editor = (roles.body.data as unknown as { id: number; code: string }[]).find(
      (role) => role.code === 'strapi-editor'
    );
    const created = await api.call('POST', '/admin/users', tokens.get(ADMIN.email), {
      firstname: 'Nina',
      lastname: 'Nouvelle',
      email: 'nina@rouge-hexagone.test',
      roles: [editor?.id],
    });
    expect(created.status).toBe(201);
    const registrationToken = (created.body.data as { registrationToken: string }).registrationToken;
    const context = await newContext();
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${app.url}/admin/auth/register?registrationToken=${registrationToken}`);
    await page.getByRole('heading', { name: 'Bienvenue !' }).waitFor();
    expect(await page.getByRole('button', { name: 'Prêt à commencer' }).count()).toBe(1);
    expect(await page.locator('body').innerText()).not.toMatch(/Welcome|Credentials|Let's start|Password/);
    await screenshot(page, 'polish-invited-registration-fr');
    await pickInterfaceLanguage(page, /Langue de l'interface/, 'English');
    await page.getByRole('heading', { name: 'Welcome to Strapi!' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('signed in, in French', () => {
  it('roles are named in French in the list, the users list, the role picker and the profile; in English for an English user', async () => {
    const page = await signIn(ADMIN);
    const errors = watchConsole(page);
    await page.goto(`${app.url}/admin/settings/roles`);
    await page.getByRole('heading', { name: 'Rôles' }).waitFor();
    await page.getByText('Responsable commercial').first().waitFor();
    const roles = await page.locator('main table').innerText();
    for (const name of ['Super Admin', 'Éditeur', 'Auteur', 'Commercial', 'Responsable commercial'])
      expect(roles).toContain(name);
    expect(roles).toContain('Gère les contenus qu’il a créés.');
    expect(roles).not.toMatch(/\b(Editor|Author|Sales|Sales manager)\b|Editors can|Authors can|Reads and/);
    await screenshot(page, 'polish-roles-fr');

    await page.goto(`${app.url}/admin/settings/users`);
    await page.getByRole('heading', { name: 'Utilisateurs' }).waitFor();
    await page.getByText(SALES.email).waitFor();
    const users = await page.locator('main table').innerText();
    expect(users).toContain('Éditeur');
    expect(users).toContain('Commercial');
    expect(users).not.toMatch(/\b(Editor|Sales)\b/);
    // The role picker of the invitation form.
    await page.getByRole('button', { name: /nouvel utilisateur/i }).click();
    await page.getByRole('combobox', { name: /Rôles/ }).click();
    const options = await page.getByRole('option').allInnerTexts();
    expect(options.map((text) => text.trim()).sort()).toEqual(
      ['Auteur', 'Commercial', 'Responsable commercial', 'Super Admin', 'Éditeur'].sort()
    );
    await screenshot(page, 'polish-role-picker-fr');
    expect(errors).toEqual([]);
    await page.context().close();

    // The Editor's own role on their home page's profile card.
    const editorPage = await signIn(EDITOR);
    await editorPage.goto(`${app.url}/admin`);
    await editorPage.getByText(EDITOR.email).first().waitFor();
    // The profile card writes the role in capitals (the test user's last name is the role's code).
    const home = (await editorPage.locator('#main-content').innerText()).replaceAll('strapi-editor', '');
    expect(home).toMatch(/Éditeur/i);
    expect(home).not.toMatch(/\bEditor\b/i);
    await editorPage.context().close();

    await setLanguage(ADMIN, 'en');
    const english = await signIn(ADMIN, 'en-GB');
    await english.goto(`${app.url}/admin/settings/roles`);
    await english.getByRole('heading', { name: 'Roles' }).waitFor();
    await english.getByText('Sales manager').first().waitFor();
    const englishRoles = await english.locator('main table').innerText();
    for (const name of ['Editor', 'Author', 'Sales']) expect(englishRoles).toContain(name);
    expect(englishRoles).not.toMatch(/Éditeur|Auteur|Commercial/);
    await english.context().close();
    await setLanguage(ADMIN, 'fr');
  });

  it('the settings menu reads in French, with no message missing on its pages', async () => {
    const page = await signIn(ADMIN);
    const errors = watchConsole(page);
    const missing: string[] = [];
    page.on('console', (message) => {
      const id = /Missing message: "([^"]+)"/.exec(message.text())?.[1];
      if (id && !missing.includes(id)) missing.push(id);
    });
    await page.goto(`${app.url}/admin/settings`);
    const menu = page.getByRole('navigation').filter({ hasText: "Jetons d'administration" });
    await menu.waitFor();
    const text = await menu.innerText();
    expect(text).toMatch(/Paramètres généraux/i);
    expect(text).not.toMatch(/Admin Tokens|plugin|Paramètre globaux|Users & Permissions|aministration/i);
    await screenshot(page, 'polish-settings-menu-fr');
    for (const path of ['/admin/settings/roles', '/admin/settings/users', '/admin/settings/admin-tokens']) {
      await page.goto(`${app.url}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    expect(missing).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the home page names the language of each recent entry and a consent text by its date', async () => {
    // A request: its consent text is among the entries edited last.
    await submitQuoteRequest(app.url);
    const page = await signIn(ADMIN);
    const errors = watchConsole(page);
    await page.goto(`${app.url}/admin`);
    await page.getByText('Dernières entrées éditées').first().waitFor();
    await page
      .getByText(/Phrase de consentement du \d{1,2} \S+ \d{4}/)
      .first()
      .waitFor();
    // No ISO instant.
    expect(await page.locator('#main-content').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);

    // Then the Site's two languages, both « Rouge Hexagone », edited last.
    const api = adminApi(app.url);
    for (const locale of ['en', 'fr']) {
      const path = `/content-manager/single-types/api::site.site?locale=${locale}`;
      const data = (await api.call('GET', path, tokens.get(ADMIN.email))).body.data ?? {};
      const saved = await api.call('PUT', path, tokens.get(ADMIN.email), {
        companyName: data.companyName,
        mailSignature: data.mailSignature,
        contactText: `${locale} ${Date.now()}`,
      });
      expect(saved.status).toBe(200);
    }
    await page.goto(`${app.url}/admin`);
    await page.getByText('Rouge Hexagone (anglais)').first().waitFor();
    const text = await page.locator('#main-content').innerText();
    expect(text).toMatch(/Rouge Hexagone \(français\)/);
    // No title without its language.
    expect(text).not.toMatch(/Rouge Hexagone\s*\n/);
    await screenshot(page, 'polish-home-recent-fr');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the locale switcher says « Français (fr) », « Anglais (en) » and « Publié »; the SEO switch explains itself', async () => {
    const list = await adminApi(app.url).call(
      'GET',
      `/content-manager/collection-types/${PAGE_UID}?page=1&pageSize=1&locale=fr`,
      tokens.get(ADMIN.email)
    );
    const documentId = (list.body as { results: { documentId: string }[] }).results[0].documentId;
    const page = await signIn(EDITOR);
    const errors = watchConsole(page);
    await page.goto(
      `${app.url}/admin/content-manager/collection-types/${PAGE_UID}/${documentId}?plugins[i18n][locale]=fr`
    );
    await page.locator('h1').first().waitFor();
    const switcher = page.getByRole('combobox', { name: /Langues/ });
    await switcher.waitFor();
    expect(await switcher.innerText()).toMatch(/Français \(fr\)/);
    await switcher.click();
    const options = (await page.getByRole('option').allInnerTexts()).join('\n');
    expect(options).toMatch(/Français \(fr\)/);
    expect(options).toMatch(/Anglais \(en\)/);
    expect(options).toMatch(/Publié/);
    expect(options).not.toMatch(/French|English|Published|Draft|Modified/);
    await screenshot(page, 'polish-locale-switcher-fr');
    await page.keyboard.press('Escape');
    const main = await page.locator('#main-content').innerText();
    expect(main).toContain(
      'Quand ce réglage est activé, la page n’apparaît pas dans les résultats des moteurs de recherche.'
    );
    expect(main).not.toContain('Coché');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a save announces no « schémas chargés » again: the Content Manager loads its models once, said in correct French', async () => {
    const page = await signIn(EDITOR);
    const errors = watchConsole(page);
    await page.goto(`${app.url}/admin/content-manager/single-types/api::site.site?plugins[i18n][locale]=fr`);
    await page.getByText('Texte de contact').first().waitFor();
    const status = page.locator('#live-region-status');
    expect(await status.textContent()).toBe('Les modèles de contenu sont chargés.');
    const reloads: string[] = [];
    page.on('request', (request) => {
      if (/\/content-manager\/init\b/.test(request.url())) reloads.push(request.url());
    });
    const field = page.locator('textarea[name="contactText"]');
    await field.fill(`Écrivez-nous, nous répondons sous 24 h (${Date.now()}).`);
    const saved = page.waitForResponse(
      (response) => response.request().method() === 'PUT' && response.url().includes('api::site.site')
    );
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    expect((await saved).status()).toBe(200);
    await page.waitForLoadState('networkidle');
    expect(reloads).toEqual([]);
    expect(await page.locator('body').innerText()).not.toMatch(/schéma/i);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the media dialog is French for the Editor, who is not refused a settings request', async () => {
    const form = new FormData();
    form.append('files', new Blob([PNG], { type: 'image/png' }), 'pastille.png');
    const uploaded = await fetch(`${app.url}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.get(EDITOR.email) ?? ''}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const list = await adminApi(app.url).call(
      'GET',
      `/content-manager/collection-types/${PAGE_UID}?page=1&pageSize=1&locale=fr`,
      tokens.get(ADMIN.email)
    );
    const documentId = (list.body as { results: { documentId: string }[] }).results[0].documentId;
    const page = await signIn(EDITOR);
    const errors = watchConsole(page);
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 403) refused.push(response.url());
    });
    await page.goto(
      `${app.url}/admin/content-manager/collection-types/${PAGE_UID}/${documentId}?plugins[i18n][locale]=fr`
    );
    await page.locator('h1').first().waitFor();
    await page
      .getByText(/Cliquer pour ajouter un média/)
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Ajouter un dossier' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Fermer la fenêtre' }).count()).toBe(1);
    await dialog.getByText('pastille').first().waitFor();
    const text = await dialog.innerText();
    expect(text).not.toMatch(/Add folder|Close modal/);
    // Adding a file from the computer: the file waits, with a button to take it out of the upload.
    await dialog.getByRole('button', { name: 'Ajouter plus de médias' }).click();
    await page.locator('input[type="file"]').setInputFiles({ name: 'carte.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Retirer de la sélection' }).first().waitFor();
    // Hidden names included (a button's name may be a visually hidden span).
    expect(await page.locator('body').textContent()).not.toMatch(/Close modal|Remove from selection|Add folder/);
    await screenshot(page, 'polish-media-dialog-fr');
    await page.waitForLoadState('networkidle');
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("Sales see the whole sales desk widget, the routing notice included; a request's read-only dates have no clear button", async () => {
    // The routing has no address for BPO: the widget shows its notice above the figures.
    const api = adminApi(app.url);
    const token = tokens.get(ADMIN.email);
    const routing = await api.call('GET', `/content-manager/single-types/${ROUTING_UID}`, token);
    const cleared = await api.call('PUT', `/content-manager/single-types/${ROUTING_UID}`, token, {
      ...(routing.body.data ?? {}),
      bpoAddresses: '',
      fallbackAddresses: '',
    });
    expect(cleared.status).toBe(200);
    await submitQuoteRequest(app.url, { email: 'lea@client.test' });
    const page = await signIn(SALES);
    const errors = watchConsole(page);
    await page.goto(`${app.url}/admin`);
    await page.getByTestId('unrouted-notice').waitFor();
    await page.getByTestId('mail-queue-oldest-sales').waitFor();
    // The widget's body (Strapi's scroll box) holds it all: nothing below its bottom edge.
    const overflow = await page
      .getByTestId('sales-desk-widget')
      .evaluate((widget: { closest(selector: string): { scrollHeight: number; clientHeight: number } | null }) => {
        const body = widget.closest('main');
        return body ? body.scrollHeight - body.clientHeight : Number.NaN;
      });
    expect(overflow).toBeLessThanOrEqual(1);
    await page
      .getByTestId('sales-desk-widget')
      .screenshot({ path: `${__dirname}/artifacts/polish-sales-widget-fr.png` });

    const requests = await api.call(
      'GET',
      `/content-manager/collection-types/${REQUEST_UID}?page=1&pageSize=1`,
      tokens.get(SALES.email)
    );
    const documentId = (requests.body as { results: { documentId: string }[] }).results[0].documentId;
    await page.goto(`${app.url}/admin/content-manager/collection-types/${REQUEST_UID}/${documentId}`);
    await page.getByText('Réponse attendue le').first().waitFor();
    // The dates are there, filled in, and cannot be cleared.
    const dateFields = page.locator('[role="group"]').filter({ has: page.locator('input[value]:not([value=""])') });
    expect(await dateFields.count()).toBeGreaterThan(0);
    expect(await page.locator('main button[aria-label^="Effacer"], main button[aria-label^="Clear"]').count()).toBe(0);
    await screenshot(page, 'polish-request-dates-fr');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
