import Database from 'better-sqlite3';
import fs from 'fs';
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import { adminApi, createFirstAdmin, launchBrowser, screenshot, startApp, type E2eApp } from './helpers';

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const EDITOR = { email: 'eddie@rouge-hexagone.test', password: 'Ed1tor-Passw0rd!' };
const SALES = { email: 'sam@rouge-hexagone.test', password: 'Sa1es-Passw0rd!' };

let app: E2eApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  const api = adminApi(app.url);
  const token = await apiToken(ADMIN);
  await api.createUser(token, { ...EDITOR, roleCode: 'strapi-editor' });
  await api.createUser(token, { ...SALES, roleCode: 'sales' });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB' });
  return { context, page: await context.newPage() };
};

/** Closes the admin's guided tour and announcement banners if they show up. */
const dismissTours = async (page: Page) => {
  for (const name of ['Skip', 'Close']) {
    const button = page.getByRole('button', { name, exact: true });
    if (
      await button
        .first()
        .isVisible()
        .catch(() => false)
    )
      await button
        .first()
        .click()
        .catch(() => undefined);
  }
};

/**
 * Strapi limits admin sign-ins (5 per address and IP within minutes), as it should: each user signs in
 * through the form once, later pages reuse the session (its refresh cookie) and API calls reuse a token.
 */
const sessionCookies = new Map<string, Cookie[]>();
const apiTokens = new Map<string, string>();

const logIn = async (page: Page, user: { email: string; password: string }) => {
  const cookies = sessionCookies.get(user.email);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto(`${app.url}/admin`);
  } else {
    await page.goto(`${app.url}/admin/auth/login`);
    await page.fill('input[name="email"]', user.email);
    await page.fill('input[name="password"]', user.password);
    await page.click('button[type="submit"]');
  }
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 30000 });
  if (!cookies) sessionCookies.set(user.email, await page.context().cookies());
};

const apiToken = async (user: { email: string; password: string }): Promise<string> => {
  const known = apiTokens.get(user.email);
  if (known) return known;
  const token = await adminApi(app.url).login(user.email, user.password);
  apiTokens.set(user.email, token);
  return token;
};

/** Opens a category's French edit view as the editor and returns its summary field. */
const openCategoryInFrench = async (page: Page, acronym: string, listScreenshot?: string) => {
  await logIn(page, EDITOR);
  await page.goto(
    `${app.url}/admin/content-manager/collection-types/api::outsourcing-category.outsourcing-category?plugins[i18n][locale]=fr`
  );
  await page.getByText(acronym, { exact: true }).first().waitFor();
  await dismissTours(page);
  if (listScreenshot) await screenshot(page, listScreenshot);
  await page.getByText(acronym, { exact: true }).first().click();
  const summary = page.locator('textarea[name="summary"]');
  await summary.waitFor();
  await dismissTours(page);
  return summary;
};

describe('admin panel', () => {
  it('an administrator created with `strapi admin:create-user` logs in', async () => {
    const { context, page } = await newPage();
    await logIn(page, ADMIN);
    await page
      .getByRole('link', { name: /Content Manager/i })
      .first()
      .waitFor();
    expect(new URL(page.url()).pathname.startsWith('/admin')).toBe(true);
    // Strapi's guided tour is switched off (its popover would open on every Content Manager page).
    const tour: unknown = await page.evaluate("window.localStorage.getItem('STRAPI_GUIDED_TOUR')");
    expect(typeof tour).toBe('string');
    expect((JSON.parse(typeof tour === 'string' ? tour : '{}') as { enabled?: boolean }).enabled).toBe(false);
    await screenshot(page, '01-admin-home');
    await context.close();
  });

  it('an editor changes the BPO summary in French, publishes, and the REST API serves it', async () => {
    const { context, page } = await newPage();
    const summary = await openCategoryInFrench(page, 'BPO', '02-editor-category-list');
    // The card's place is set on the overview only: a category has no order field of its own.
    expect(await page.locator('input[name="displayOrder"]').count()).toBe(0);
    const text = 'Externalisation des processus métiers récurrents, revue par la rédaction.';
    await summary.fill(text);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page
      .getByText(/Published|Success/i)
      .first()
      .waitFor({ timeout: 20000 });
    await screenshot(page, '03-editor-published');

    let summaryOverRest = '';
    for (let i = 0; i < 20 && summaryOverRest !== text; i += 1) {
      const res = await fetch(`${app.url}/api/outsourcing-categories?filters[code][$eq]=bpo&locale=fr`);
      summaryOverRest = ((await res.json()) as { data: { summary: string }[] }).data[0].summary;
      if (summaryOverRest !== text) await page.waitForTimeout(500);
    }
    expect(summaryOverRest).toBe(text);
    await context.close();
  });
});

describe('the admin in French', () => {
  it('an editor who chooses French sees the overview fields with French labels and help texts naming the page sections', async () => {
    const api = adminApi(app.url);
    const token = await apiToken(EDITOR);
    const me = await api.call('PUT', '/admin/users/me', token, { preferedLanguage: 'fr' });
    expect(me.status).toBe(200);

    try {
      const { context, page } = await newPage();
      await logIn(page, EDITOR);
      await page.goto(
        `${app.url}/admin/content-manager/single-types/api::outsourcing-overview.outsourcing-overview?plugins[i18n][locale]=fr`
      );
      await page.locator('label', { hasText: 'Titre de la page' }).first().waitFor();
      await dismissTours(page);
      // Field labels, without the required-field mark.
      const labels = (await page.locator('label').allInnerTexts()).map((text) => text.replace(/\*$/, '').trim());
      expect(labels).toEqual(
        expect.arrayContaining(['Titre de la page', 'Introduction', 'Section « Catégories »', 'Intertitre'])
      );
      for (const english of ['Page title', 'Categories section', 'Heading']) expect(labels).not.toContain(english);
      expect(await page.getByText(/Grand titre de l’/).count()).toBeGreaterThan(0);
      // The categories' list is where the cards' order is set, and its help says so.
      expect(await page.getByText(/dans l’ordre de cette liste/).count()).toBeGreaterThan(0);
      // Raw attribute names are not shown, and the interface itself is French.
      expect(await page.getByText('categoriesSection', { exact: true }).count()).toBe(0);
      await page.getByText('Enregistrer', { exact: true }).first().waitFor();
      await screenshot(page, '16-editor-overview-fr');
      await context.close();
    } finally {
      // The other tests drive this editor's admin in English.
      await api.call('PUT', '/admin/users/me', token, { preferedLanguage: 'en' });
    }
  });
});

describe('quote routing in the admin panel', () => {
  it('refuses a bad address with an error naming it on its field, and saves a good list', async () => {
    const { context, page } = await newPage();
    await logIn(page, ADMIN);
    await page.goto(`${app.url}/admin/content-manager/single-types/api::quote-routing.quote-routing`);
    const bpo = page.locator('textarea[name="bpoAddresses"]');
    await bpo.waitFor();
    await dismissTours(page);
    const before = await bpo.inputValue();

    await bpo.fill('bpo-team@rouge-hexagone.test\nnot-an-address');
    const refused = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('quote-routing'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect((await refused).status()).toBe(400);
    await page.getByText('« not-an-address » n’est pas une adresse e-mail valide').first().waitFor();
    await screenshot(page, '18-routing-refused');

    await bpo.fill(`${before}\nBPO-Team@Rouge-Hexagone.test`.trim());
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('quote-routing'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect((await saved).status()).toBe(200);
    await context.close();

    // Stored lower-cased, one address per line, and used for the next BPO request.
    const token = await apiToken(ADMIN);
    const stored = await adminApi(app.url).call(
      'GET',
      '/content-manager/single-types/api::quote-routing.quote-routing',
      token
    );
    expect(String((stored.body.data as { bpoAddresses?: string }).bpoAddresses).split('\n')).toContain(
      'bpo-team@rouge-hexagone.test'
    );
  });
});

describe('sales in the admin panel', () => {
  it('a sales user sees the tags in the quote request list and moves a request to "contacted"', async () => {
    const submitted = await fetch(`${app.url}/api/quote-requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        data: {
          fullName: 'Claire Dubois',
          email: 'claire@client.test',
          company: 'Dubois Logistique',
          requestedModel: 'bpo',
          scope: 'total',
          message: 'Nous voulons externaliser toute la paie.',
          consent: true,
        },
      }),
    });
    expect(submitted.status).toBe(201);
    const { reference } = ((await submitted.json()) as { data: { reference: string } }).data;

    const { context, page } = await newPage();
    await logIn(page, SALES);
    await page.goto(`${app.url}/admin/content-manager/collection-types/api::quote-request.quote-request`);
    const row = page.getByRole('row', { name: new RegExp(reference) });
    await row.waitFor();
    await dismissTours(page);
    // Choice values and tags read as words in the interface language (here English), not as stored.
    expect(await row.innerText()).toContain('Model: BPO, Scope: Total');
    expect(await row.innerText()).toContain('Dubois Logistique');
    expect(await row.innerText()).toMatch(/\bNew\b/);
    await screenshot(page, '04-sales-quote-list');

    await row.getByText(reference).click();
    const stage = page.getByRole('combobox', { name: /Stage/ });
    await stage.waitFor();
    await dismissTours(page);
    // Sales may edit the stage and notes only.
    expect(await page.locator('input[name="company"]').isDisabled()).toBe(true);
    await stage.click();
    await page.getByRole('option', { name: 'Contacted', exact: true }).click();
    await page.locator('textarea[name="internalNotes"]').fill('Rappel prévu jeudi.');
    const saved = page.waitForResponse(
      (r) =>
        r.request().method() === 'PUT' &&
        r.url().includes('/content-manager/collection-types/api::quote-request.quote-request/'),
      { timeout: 20000 }
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const response = await saved;
    await screenshot(page, '05-sales-contacted');
    expect(response.status()).toBe(200);
    // After the save the form shows the stored stage, and so does the list.
    expect(await stage.innerText()).toMatch(/contacted/i);
    await page.goto(`${app.url}/admin/content-manager/collection-types/api::quote-request.quote-request`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/contacted/i);
    await screenshot(page, '06-sales-list-after');
    await context.close();

    // The change is stored: the sales CSV export lists it as contacted, with its first-response time.
    const token = await apiToken(SALES);
    const csv = await fetch(`${app.url}/api/quote-requests/export?stage=contacted`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(csv.status).toBe(200);
    const line = (await csv.text()).split('\r\n').find((l) => l.startsWith(reference));
    expect(line).toBeDefined();
    expect(line).toContain(',contacted,bpo,');
    expect(line).toContain('Rappel prévu jeudi.');
    expect(line).toMatch(/,\d{4}-\d{2}-\d{2}T[^,]+,sent|,\d{4}-\d{2}-\d{2}T[^,]+,pending/);
  });
});

/** Submits a quote request as the example form does and returns its reference. */
const submitQuote = async (data: Record<string, unknown>): Promise<string> => {
  const res = await fetch(`${app.url}/api/quote-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { scope: 'partial', consent: true, ...data } }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { data: { reference: string } }).data.reference;
};

const QUOTE_LIST = '/admin/content-manager/collection-types/api::quote-request.quote-request';

describe('quote requests: export button and personal data', () => {
  it('Sales downloads the CSV of the filtered list from the Export button; an Editor has neither list nor button', async () => {
    const ito = await submitQuote({
      fullName: 'Inès Tran',
      email: 'ines@client.test',
      company: 'Tran Systèmes',
      requestedModel: 'ito',
      message: 'Infogérance de notre parc et support de niveau 1.',
    });
    const kpo = await submitQuote({
      fullName: 'Karl Petit',
      email: 'karl@client.test',
      company: 'Petit Études',
      requestedModel: 'kpo',
      message: 'Analyse de données de marché chaque trimestre.',
    });

    const { context, page } = await newPage();
    await logIn(page, SALES);
    await page.goto(`${app.url}${QUOTE_LIST}?filters[$and][0][requestedModel][$eq]=ito&page=1&pageSize=10`);
    await page.getByRole('row', { name: new RegExp(ito) }).waitFor();
    await dismissTours(page);
    expect(await page.getByRole('row', { name: new RegExp(kpo) }).count()).toBe(0);
    const button = page.getByRole('button', { name: 'Export CSV' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^quote-requests-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await new Response(await download.createReadStream()).text();
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^reference,/);
    expect(lines.some((line) => line.startsWith(`${ito},`))).toBe(true);
    expect(lines.some((line) => line.startsWith(`${kpo},`))).toBe(false);
    expect(lines.slice(1).every((line) => line.includes(',ito,'))).toBe(true);
    await screenshot(page, '12-sales-export-button');
    await context.close();

    const editor = await newPage();
    await logIn(editor.page, EDITOR);
    await editor.page.goto(`${app.url}${QUOTE_LIST}`);
    await editor.page
      .getByText(/don't have the permissions|not have the permission|permission/i)
      .first()
      .waitFor();
    expect(await editor.page.getByRole('button', { name: 'Export CSV' }).count()).toBe(0);
    await editor.context.close();
  });

  it('a Super Admin exports then erases the personal data of a request; Sales does not get the panel', async () => {
    const email = 'paul.martin@client.test';
    const reference = await submitQuote({
      fullName: 'Paul Martin',
      email,
      company: 'Martin Conseil',
      requestedModel: 'bpo',
      message: 'Externaliser la comptabilité fournisseurs.',
    });
    const openRequest = async (page: Page) => {
      await page.goto(`${app.url}${QUOTE_LIST}`);
      const row = page.getByRole('row', { name: new RegExp(reference) });
      await row.waitFor();
      await dismissTours(page);
      await row.getByText(reference).click();
      await page.locator('input[name="company"]').waitFor();
      await dismissTours(page);
    };

    const sales = await newPage();
    await logIn(sales.page, SALES);
    await openRequest(sales.page);
    expect(await sales.page.getByRole('button', { name: 'Erase personal data' }).count()).toBe(0);
    expect(await sales.page.getByRole('button', { name: /Export personal data/ }).count()).toBe(0);
    await sales.context.close();

    const { context, page } = await newPage();
    await logIn(page, ADMIN);
    await openRequest(page);
    await page.getByText('Personal data', { exact: true }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export personal data (JSON)' }).click(),
    ]);
    // The file is for Paul, who wrote in French: French, values in words, what it holds said.
    expect(download.suggestedFilename()).toMatch(/^donnees-personnelles-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await new Response(await download.createReadStream()).text()) as Record<
      string,
      unknown
    > & { 'demandes de devis': Record<string, unknown>[] };
    expect(exported['demandes de devis'].map((r) => [r['référence'], r['adresse e-mail']])).toEqual([
      [reference, email],
    ]);
    expect(exported['demandes de devis'][0]['modèle demandé']).toBe('BPO');
    expect(JSON.stringify(exported['à propos de ce fichier'])).toMatch(/notes internes/);
    await screenshot(page, '13-super-admin-personal-data');

    await page.getByRole('button', { name: 'Erase personal data' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/erased for good/);
    const erased = page.waitForResponse((r) => r.url().endsWith('/erase-personal-data'));
    await dialog.getByRole('button', { name: 'Erase', exact: true }).click();
    expect((await erased).status()).toBe(200);
    // The page comes back on the anonymised request, and says it was done.
    await page.getByText(/Personal data erased on /).waitFor({ timeout: 30000 });
    await page.getByText('Personal data erased: 1 request anonymised.').waitFor();
    // The form reads the document again: the person's data is gone from it.
    expect(await page.locator('input[name="company"]').inputValue()).not.toContain('Martin');
    expect(await page.locator('input[name="email"]').inputValue()).not.toContain('paul.martin');
    await context.close();

    // Stored: the request keeps its reference and model, and no longer the person's address.
    const token = await apiToken(ADMIN);
    const csv = await (
      await fetch(`${app.url}/api/quote-requests/export`, { headers: { Authorization: `Bearer ${token}` } })
    ).text();
    const line = csv.split('\r\n').find((l) => l.startsWith(`${reference},`));
    expect(line).toContain(',bpo,');
    expect(csv).not.toContain(email);
  });
});

describe('sales desk widget on the admin home page', () => {
  const widgetFigure = async (page: Page, testId: string): Promise<string> =>
    (await page.getByTestId(testId).locator('p').innerText()).trim();

  it('Sales sees open requests by model and the overdue ones, linked to the list; an Editor has no widget', async () => {
    const { context, page } = await newPage();
    await logIn(page, SALES);
    await page.goto(`${app.url}/admin`);
    await page.getByText('Sales desk', { exact: true }).waitFor();
    await page.getByTestId('open-kpo').waitFor();
    await dismissTours(page);
    const kpoBefore = Number(await widgetFigure(page, 'open-kpo'));
    const overdueBefore = Number(await widgetFigure(page, 'overdue'));

    const late = await submitQuote({
      fullName: 'Léa Retard',
      email: 'lea@client.test',
      company: 'Retard & Fils',
      requestedModel: 'kpo',
      message: 'Études documentaires pour notre service juridique.',
    });
    await submitQuote({
      fullName: 'Kim Ponctuel',
      email: 'kim@client.test',
      company: 'Ponctuel SA',
      requestedModel: 'kpo',
      message: 'Analyses de marché ponctuelles, deux par an.',
    });
    // The first one's promised answer time has passed (as if submitted days ago).
    const db = new Database(app.env.DATABASE_FILENAME);
    try {
      const past = Date.now() - 3 * 24 * 3600 * 1000;
      db.prepare('UPDATE quote_requests SET expected_response_by = ? WHERE reference = ?').run(past, late);
    } finally {
      db.close();
    }

    await page.reload();
    await page.getByTestId('open-kpo').waitFor();
    expect(Number(await widgetFigure(page, 'open-kpo'))).toBe(kpoBefore + 2);
    expect(Number(await widgetFigure(page, 'overdue'))).toBe(overdueBefore + 1);
    await page.getByTestId('open-kpo').scrollIntoViewIfNeeded();
    await screenshot(page, '15-sales-desk-widget');
    await page.getByTestId('overdue-link').click();
    // What Sales waits for: the list's address, then its heading; only then look for the row (the widget on
    // the page being left may show the same reference).
    await page.waitForURL((url) => url.pathname.includes('/collection-types/api::quote-request.quote-request'));
    await page.getByRole('heading', { level: 1, name: /Quote request/i }).waitFor();
    await page.getByRole('row', { name: new RegExp(late) }).waitFor();
    expect(new URL(page.url()).searchParams.toString()).toContain('expectedResponseBy');
    await context.close();

    const editor = await newPage();
    await logIn(editor.page, EDITOR);
    await editor.page.goto(`${app.url}/admin`);
    await editor.page
      .getByRole('link', { name: /Content Manager/i })
      .first()
      .waitFor();
    await editor.page.waitForTimeout(2000);
    expect(await editor.page.getByText('Sales desk', { exact: true }).count()).toBe(0);
    expect(await editor.page.getByTestId('open-kpo').count()).toBe(0);
    await editor.context.close();
  });
});

describe('notifications in the admin panel', () => {
  it('Sales retries a failed notification; it is sent again, to the addresses the routing gives', async () => {
    const reference = await submitQuote({
      fullName: 'Rita Renvoi',
      email: 'rita@client.test',
      company: 'Renvoi SARL',
      requestedModel: 'kpo',
      message: 'Veille documentaire et synthèses mensuelles.',
    });
    // The mail server refused it for good (as the outbox records a 5xx), written to the app's database.
    const db = new Database(app.env.DATABASE_FILENAME);
    let documentId = '';
    try {
      for (let i = 0; i < 100 && !documentId; i += 1) {
        const row = db
          .prepare(
            `SELECT n.document_id AS documentId FROM quote_notifications n JOIN quote_requests r ON r.id = n.quote_request_id
             WHERE r.reference = ? AND n.kind = 'sales' AND n.delivery_status = 'sent'`
          )
          .get(reference) as { documentId: string } | undefined;
        if (row) documentId = row.documentId;
        else await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(documentId).not.toBe('');
      db.prepare(
        `UPDATE quote_notifications SET delivery_status = 'failed', last_error = '550 5.1.1 mailbox unavailable', sent_at = NULL WHERE document_id = ?`
      ).run(documentId);
    } finally {
      db.close();
    }

    const { context, page } = await newPage();
    await logIn(page, SALES);
    await page.goto(
      `${app.url}/admin/content-manager/collection-types/api::quote-notification.quote-notification/${documentId}`
    );
    const retry = page.getByRole('button', { name: 'Retry', exact: true });
    await retry.first().waitFor();
    await dismissTours(page);
    await screenshot(page, '14-sales-failed-notification');
    const queued = page.waitForResponse((r) => r.url().endsWith(`/api/quote-notifications/${documentId}/retry`));
    await retry.first().click();
    expect((await queued).status()).toBe(200);
    // The button waits for the outbox's verdict, then the page reads the notification again (it reloads)
    // and says what came of it: no Retry on a notification that is no longer failed.
    await page.getByText('Sent again.').waitFor({ timeout: 30000 });
    expect(await retry.count()).toBe(0);
    await page.waitForLoadState('load');
    await page.goto(`${app.url}/admin/content-manager/collection-types/api::quote-notification.quote-notification`);
    await page.getByRole('row').nth(1).waitFor();
    await screenshot(page, '17-notification-list');
    await context.close();

    const token = await apiToken(SALES);
    let status = '';
    for (let i = 0; i < 60 && status !== 'sent'; i += 1) {
      const res = await adminApi(app.url).call(
        'GET',
        `/content-manager/collection-types/api::quote-notification.quote-notification/${documentId}`,
        token
      );
      status = String((res.body.data as { deliveryStatus?: string } | undefined)?.deliveryStatus);
      if (status !== 'sent') await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe('sent');
  });
});

describe('page loads', () => {
  it('loading the admin and the example page logs no error and answers no 5xx (favicon included)', async () => {
    const logged = () => fs.readFileSync(app.log, 'utf8');
    const before = logged().length;
    const { context, page } = await newPage();
    const failures: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${app.url}/admin/auth/login`);
    await page.locator('input[name="email"]').waitFor();
    await logIn(page, ADMIN);
    await page
      .getByRole('link', { name: /Content Manager/i })
      .first()
      .waitFor();
    await page.goto(`${app.url}/example/`);
    await page.getByTestId('category-bpo').waitFor();
    for (const icon of ['/favicon.ico', '/favicon.png']) {
      const res = await fetch(`${app.url}${icon}`);
      expect([icon, res.status]).toEqual([icon, 200]);
    }
    await page.waitForTimeout(500);
    await context.close();

    expect(failures).toEqual([]);
    // The server logs (winston, coloured): no line at the error level, no stack trace.
    const added = logged()
      .slice(before)
      .split(String.fromCharCode(27))
      .join('')
      .replace(/\[\d+m/g, '');
    expect(added).not.toMatch(/\berror:/);
    expect(added).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(logged().length).toBeGreaterThan(0);
  });
});

describe('example frontend (/example/)', () => {
  it('renders the overview, the categories and the comparisons in French and in English', async () => {
    const { context, page } = await newPage();
    await page.goto(`${app.url}/example/`);
    await page.getByTestId('category-bpo').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Les types d’externalisation');
    expect(await page.getByTestId('category-ito').innerText()).toContain('Délégation des fonctions informatiques');
    expect(await page.getByTestId('category-kpo').innerText()).toContain('KPO – Knowledge Process Outsourcing');
    expect(await page.getByTestId('comparison-externalisation-totale-ou-partielle').innerText()).toContain('Partielle');
    expect(await page.getByTestId('factors').locator('li').count()).toBe(4);
    expect(await page.getByTestId('cta-promise').innerText()).toBe('Réponse en moyenne sous quelques heures.');
    await screenshot(page, '07-example-fr');

    await page.getByTestId('lang-en').click();
    await page.waitForURL(/locale=en/);
    await page.getByTestId('category-bpo').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Types of outsourcing');
    expect(await page.getByTestId('category-bpo').innerText()).toContain('Outsourcing of recurring business processes');
    expect(await page.getByTestId('cta-promise').innerText()).toBe('We usually reply within a few hours.');
    await screenshot(page, '08-example-en');
    await context.close();
  });

  it('shows each field error from the 400 body next to its field, then the reference after a valid submission', async () => {
    const { context, page } = await newPage();
    await page.goto(`${app.url}/example/?locale=en`);
    await page.getByTestId('category-bpo').waitFor();
    await page.fill('input[name="email"]', 'not-an-email');
    await page.fill('textarea[name="message"]', 'short');
    await page.getByTestId('submit').click();
    const errorOf = (field: string) => page.locator(`[data-error-for="${field}"]`);
    await errorOf('email').filter({ hasText: /.+/ }).waitFor();
    expect(await errorOf('email').innerText()).toBe('Invalid email address.');
    // An address whose domain has no dot is refused with the same message.
    await page.fill('input[name="email"]', 'jordan@client');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/quote-requests') && r.status() === 400);
    await page.getByTestId('submit').click();
    await refused;
    expect(await errorOf('email').innerText()).toBe('Invalid email address.');
    expect(await errorOf('fullName').innerText()).toBe('This field is required.');
    expect(await errorOf('company').innerText()).toBe('This field is required.');
    expect(await errorOf('message').innerText()).toBe('This field must be at least 10 characters long.');
    expect(await errorOf('consent').innerText()).toBe('Your consent is required to process your request.');
    expect(await errorOf('phone').innerText()).toBe('');
    expect(await page.locator('input[name="email"]').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '09-example-errors');

    await page.fill('input[name="fullName"]', 'Jordan Lee');
    await page.fill('input[name="email"]', 'jordan@client.test');
    await page.fill('input[name="company"]', 'Lee Analytics');
    await page.selectOption('select[name="requestedModel"]', 'kpo');
    await page.selectOption('select[name="approach"]', 'strategic');
    await page.fill('textarea[name="message"]', 'We need a partner for data analysis and technical writing.');
    await page.check('input[name="consent"]');
    await page.getByTestId('submit').click();
    await page.getByTestId('reference').waitFor();
    expect(await page.getByTestId('reference').innerText()).toMatch(/^DEV-\d{4}-\d{6}$/);
    // The promise as the mail states it: the desk's zone, named, no seconds.
    expect(await page.locator('#quote-receipt').innerText()).toMatch(
      /Expect an answer by \w+ \d{1,2} \w+ at \d{2}:\d{2} \(Paris time\)\./
    );
    expect(await errorOf('email').innerText()).toBe('');
    await screenshot(page, '10-example-receipt');
    await context.close();
  });
});

describe('preview', () => {
  it('opens a draft of a category in the frontend from the content manager', async () => {
    const { context, page } = await newPage();
    const summary = await openCategoryInFrench(page, 'KPO');
    const draft = 'Brouillon : analyse de données et rédaction technique, relu avant publication.';
    await summary.fill(draft);
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PUT' && r.url().includes('/content-manager/collection-types/')
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect((await saved).status()).toBe(200);

    await page
      .getByRole('link', { name: /Open preview/i })
      .or(page.getByRole('button', { name: /Open preview/i }))
      .first()
      .click();
    const frame = page.frameLocator('iframe').first();
    await frame.getByTestId('category-kpo').waitFor({ timeout: 30000 });
    expect(await frame.getByTestId('preview-banner').innerText()).toMatch(/brouillon|draft/i);
    expect(await frame.getByTestId('category-kpo').innerText()).toContain(draft);
    await screenshot(page, '11-preview-draft');

    // The draft is not public.
    const published = await fetch(`${app.url}/api/outsourcing-categories?filters[code][$eq]=kpo&locale=fr`);
    expect(((await published.json()) as { data: { summary: string }[] }).data[0].summary).not.toBe(draft);
    await context.close();
  });
});
