import fs from 'fs';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { adminApi, createFirstAdmin, launchBrowser, screenshot, startApp, type E2eApp } from './helpers';

/**
 * The example page a visitor and an editor see: the quote form's error summary and its accessibility
 * (axe-core in Chromium), and the admin's preview of a draft showing the whole page of the document.
 */
const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const CATEGORY = 'api::outsourcing-category.outsourcing-category';
const QUOTE = 'api::quote-request.quote-request';
const COMPARISON = 'api::comparison-page.comparison-page';
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let app: E2eApp;
let browser: Browser;
let adminToken: string;

beforeAll(async () => {
  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  adminToken = await adminApi(app.url).login(ADMIN.email, ADMIN.password);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const newPage = async (locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> => {
  // The server's Content-Security-Policy refuses inline scripts: axe-core is injected as one.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale, bypassCSP: true });
  return { context, page: await context.newPage() };
};

type Violation = Pick<AxeResults['violations'][number], 'id' | 'impact' | 'help'> & { targets: string[] };

/** Runs axe-core on the page as it is now; every rule axe runs by default (WCAG A/AA and best practices). */
const axeViolations = async (page: Page): Promise<Violation[]> => {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run(): Promise<AxeResults> } };
    const results = await axe.run();
    // axe found rules to evaluate: an empty list below means checked and clean, not skipped.
    if (results.passes.length < 10) throw new Error(`axe-core evaluated only ${results.passes.length} rules`);
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
};

/** The addresses the links a locator matches point to, in page order. */
const hrefs = async (links: Locator): Promise<(string | null)[]> =>
  Promise.all((await links.all()).map((link) => link.getAttribute('href')));

const openExample = async (page: Page, query = '') => {
  await page.goto(`${app.url}/example/${query}`);
  await page.getByTestId('category-bpo').waitFor();
  await page.getByTestId('cta-promise').filter({ hasText: /.+/ }).waitFor();
};

/** Quote requests stored for an address, read as the admin panel reads them. */
const storedRequests = async (email: string) => {
  const res = await adminApi(app.url).call(
    'GET',
    `/content-manager/collection-types/${QUOTE}?page=1&pageSize=10&filters[$and][0][email][$eq]=${encodeURIComponent(email)}`,
    adminToken
  );
  expect(res.status).toBe(200);
  return (res.body as unknown as { results: { requestedModel: string }[] }).results;
};

describe('example page: accessibility and the quote form', () => {
  it('has no axe-core violation in French and in English', async () => {
    const { context, page } = await newPage('fr-FR');
    await openExample(page);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await axeViolations(page)).toEqual([]);

    await openExample(page, '?locale=en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('preselects no model; a refused submit moves focus to a summary linking each field, fields carry aria-invalid and aria-describedby', async () => {
    const email = 'noemie.nomodel@client.test';
    const { context, page } = await newPage('fr-FR');
    await openExample(page);
    const model = page.locator('select[name="requestedModel"]');
    expect(await model.inputValue()).toBe('');
    expect(await model.locator('option').first().innerText()).toBe('— Choisir —');
    expect(await model.getAttribute('required')).not.toBeNull();

    // Everything filled but the model: the visitor is not routed to BPO by default, the field is refused.
    await page.fill('input[name="fullName"]', 'Noémie Martin');
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="company"]', 'Martin Services');
    await page.fill('textarea[name="message"]', 'Nous cherchons un prestataire pour la saisie des factures.');
    await page.check('input[name="consent"]');
    await page.getByTestId('submit').click();

    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await page.locator(':focus').getAttribute('id')).toBe('error-summary');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.locator('h3').innerText()).toBe('Votre demande n’a pas été envoyée : 1 champ à corriger');
    const links = summary.locator('a');
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute('href')).toBe('#field-requestedModel');
    expect(await links.first().innerText()).toBe('Modèle souhaité : Ce champ est obligatoire.');
    expect(await model.getAttribute('aria-invalid')).toBe('true');
    expect(await model.getAttribute('aria-describedby')).toBe('error-requestedModel');
    expect(await page.locator('#error-requestedModel').innerText()).toBe('Ce champ est obligatoire.');
    expect(await page.locator('[data-error-for="requestedModel"]').getAttribute('id')).toBe('error-requestedModel');
    expect(await page.locator('input[name="email"]').getAttribute('aria-invalid')).toBeNull();
    expect(await storedRequests(email)).toEqual([]);
    await screenshot(page, 'a11y-01-model-missing-fr');
    expect(await axeViolations(page)).toEqual([]);

    // The summary's link takes the visitor to the field.
    await links.first().click();
    expect(await page.locator(':focus').getAttribute('name')).toBe('requestedModel');

    await model.selectOption('ito');
    await page.getByTestId('submit').click();
    await page.getByTestId('reference').waitFor();
    // A valid submit clears every message and mark.
    expect(await summary.isHidden()).toBe(true);
    expect(await page.locator('[aria-invalid]').count()).toBe(0);
    expect(await page.locator('[aria-describedby^="error-"]').count()).toBe(0);
    expect(await page.locator('[data-error-for="requestedModel"]').innerText()).toBe('');
    expect((await storedRequests(email)).map((r) => r.requestedModel)).toEqual(['ito']);
    await context.close();
  });

  it('lists every refused field of an empty English submit, in page order, each described by its message', async () => {
    const { context, page } = await newPage();
    await openExample(page, '?locale=en');
    await page.fill('input[name="email"]', 'not-an-email');
    await page.getByTestId('submit').click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await page.locator(':focus').getAttribute('id')).toBe('error-summary');

    const fields = ['fullName', 'email', 'company', 'requestedModel', 'message', 'consent'];
    expect(await hrefs(summary.locator('a'))).toEqual(fields.map((f) => `#field-${f}`));
    expect(await summary.locator('h3').innerText()).toBe('Your request was not sent: 6 fields to correct');
    expect(await summary.locator('a[href="#field-email"]').innerText()).toBe('Email: Invalid email address.');
    expect(await summary.locator('a[href="#field-consent"]').innerText()).toBe(
      'Consent: Your consent is required to process your request.'
    );
    for (const field of fields) {
      const control = page.locator(`[name="${field}"]`);
      expect(await control.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await control.getAttribute('aria-describedby');
      expect(describedBy).toBe(`error-${field}`);
      const message = await page.locator(`#${describedBy}`).innerText();
      expect(message.length).toBeGreaterThan(0);
      expect(await summary.locator(`a[href="#field-${field}"]`).innerText()).toContain(message);
    }
    for (const field of ['jobTitle', 'phone', 'scope', 'approach']) {
      expect(await page.locator(`[name="${field}"]`).getAttribute('aria-invalid')).toBeNull();
    }
    await screenshot(page, 'a11y-02-empty-submit-en');
    expect(await axeViolations(page)).toEqual([]);

    await summary.locator('a[href="#field-consent"]').click();
    expect(await page.locator(':focus').getAttribute('name')).toBe('consent');
    await context.close();
  });

  it('turns the "→ …" labels into links to the section that details each category and comparison', async () => {
    const { context, page } = await newPage('fr-FR');
    await openExample(page);
    const bpo = page.getByTestId('category-bpo').getByRole('link', { name: 'Découvrir le BPO' });
    expect(await bpo.getAttribute('href')).toBe('#category-bpo');
    await bpo.click();
    await page.waitForURL(/#category-bpo$/);
    const detail = page.locator('#category-bpo');
    expect(await detail.getAttribute('data-testid')).toBe('category-detail-bpo');
    // The category's rich-text body, as elements: its list of processes.
    expect(await detail.getByTestId('category-body').locator('li').allInnerTexts()).toEqual([
      'paie',
      'facturation',
      'relation client',
      'gestion administrative',
      'logistique',
    ]);
    expect(await detail.isVisible()).toBe(true);

    const comparison = page.getByRole('link', { name: 'Comparer externalisation totale et partielle' });
    expect(await comparison.getAttribute('href')).toBe('#comparison-externalisation-totale-ou-partielle');
    await comparison.click();
    const table = page.locator('#comparison-externalisation-totale-ou-partielle table');
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['Critère', 'Totale', 'Partielle']);
    await context.close();
  });
});

interface CategoryDocument {
  documentId: string;
  code: string;
  body: unknown;
  seo: Record<string, unknown> & { metaTitle: string };
  [key: string]: unknown;
}

/** The French KPO document as the content manager reads it. */
const readKpo = async (): Promise<CategoryDocument> => {
  const api = adminApi(app.url);
  const list = await api.call(
    'GET',
    `/content-manager/collection-types/${CATEGORY}?page=1&pageSize=10&locale=fr&filters[$and][0][code][$eq]=kpo`,
    adminToken
  );
  expect(list.status).toBe(200);
  const { documentId } = (list.body as unknown as { results: { documentId: string }[] }).results[0];
  const one = await api.call(
    'GET',
    `/content-manager/collection-types/${CATEGORY}/${documentId}?locale=fr`,
    adminToken
  );
  expect(one.status).toBe(200);
  return one.body.data as unknown as CategoryDocument;
};

const previewFrame = async (page: Page): Promise<Frame> => {
  for (let i = 0; i < 100; i += 1) {
    const frame = page.frames().find((f) => f.url().includes('/example/') && f.url().includes('type=category'));
    if (frame) return frame;
    await page.waitForTimeout(200);
  }
  throw new Error('no preview frame');
};

describe('preview of a draft category', () => {
  it("shows the draft's rich-text body, its examples and its SEO title, on this server's own port", async () => {
    expect(new URL(app.url).port).not.toBe('1337');
    const kpo = await readKpo();
    const publishedTitle = kpo.seo.metaTitle;
    const draftTitle = 'KPO : analyse et rédaction (brouillon)';
    const hostile = '<img src=x onerror="document.title=1">';
    const body = [
      { type: 'heading', level: 2, children: [{ type: 'text', text: 'Ce que nous prenons en charge' }] },
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Brouillon : ' },
          { type: 'text', text: 'veille documentaire', bold: true },
          { type: 'text', text: ` et synthèses. ${hostile}` },
          { type: 'link', url: 'https://example.org/kpo', children: [{ type: 'text', text: 'notre méthode' }] },
        ],
      },
      {
        type: 'list',
        format: 'ordered',
        children: [
          { type: 'list-item', children: [{ type: 'text', text: 'cadrage' }] },
          { type: 'list-item', children: [{ type: 'text', text: 'livraison' }] },
        ],
      },
    ];
    // The same call the content manager's Save makes: the draft changes, the published version does not.
    const saved = await adminApi(app.url).call(
      'PUT',
      `/content-manager/collection-types/${CATEGORY}/${kpo.documentId}?locale=fr`,
      adminToken,
      { ...kpo, body, seo: { ...kpo.seo, metaTitle: draftTitle } }
    );
    expect(saved.status).toBe(200);

    const { context, page } = await newPage();
    await page.goto(`${app.url}/admin/auth/login`);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 30000 });
    await page.goto(
      `${app.url}/admin/content-manager/collection-types/${CATEGORY}/${kpo.documentId}?plugins[i18n][locale]=fr`
    );
    await page
      .getByRole('link', { name: /Open preview|Ouvrir l.aperçu/i })
      .or(page.getByRole('button', { name: /Open preview|Ouvrir l.aperçu/i }))
      .first()
      .click();

    const frame = await previewFrame(page);
    expect(new URL(frame.url()).origin).toBe(new URL(app.url).origin);
    const detail = frame.getByTestId('category-detail-kpo');
    await detail.waitFor({ timeout: 30000 });
    const rich = detail.getByTestId('category-body');
    expect(await rich.locator('h4').innerText()).toBe('Ce que nous prenons en charge');
    expect(await rich.locator('strong').innerText()).toBe('veille documentaire');
    expect(await rich.locator('ol li').allInnerTexts()).toEqual(['cadrage', 'livraison']);
    // Editor text is text: no element comes out of it. (The content manager refuses `javascript:` links.)
    expect(await rich.innerText()).toContain(hostile);
    expect(await rich.locator('img').count()).toBe(0);
    expect(await hrefs(rich.locator('a'))).toEqual(['https://example.org/kpo']);
    expect(await detail.locator('.examples li').count()).toBeGreaterThan(0);

    expect(await frame.getByTestId('preview-banner').innerText()).toMatch(/brouillon/i);
    expect(await frame.getByTestId('seo-title').innerText()).toBe(draftTitle);
    expect(await frame.getByTestId('seo-description').innerText()).toBe(kpo.seo.metaDescription);
    expect(await frame.title()).toBe(draftTitle);
    // The card's label leads to the detailed section.
    const more = frame.getByTestId('category-kpo').getByRole('link', { name: 'Explorer le KPO' });
    expect(await more.getAttribute('href')).toBe('#category-kpo');
    await screenshot(page, 'preview-01-draft-category');

    // Opened on its own, the preview page has no accessibility violation either.
    const direct = await newPage();
    await direct.page.goto(frame.url());
    await direct.page.getByTestId('category-detail-kpo').waitFor();
    expect(await axeViolations(direct.page)).toEqual([]);
    await direct.page.getByTestId('category-kpo').getByRole('link', { name: 'Explorer le KPO' }).click();
    await direct.page.waitForURL(/#category-kpo$/);
    await direct.context.close();
    await context.close();

    // The draft stays private: the public API still serves the published SEO title.
    const published = await fetch(`${app.url}/api/outsourcing-categories?filters[code][$eq]=kpo&locale=fr`);
    const [publishedKpo] = ((await published.json()) as { data: { seo: { metaTitle: string }; body: unknown }[] }).data;
    expect(publishedKpo.seo.metaTitle).toBe(publishedTitle);
    expect(JSON.stringify(publishedKpo.body)).not.toContain('veille documentaire');
  });

  it('previews a comparison page in English: its table, its SEO, the link to its detailed section', async () => {
    const api = adminApi(app.url);
    const list = await api.call(
      'GET',
      `/content-manager/collection-types/${COMPARISON}?page=1&pageSize=10&locale=en&sort=displayOrder:ASC`,
      adminToken
    );
    expect(list.status).toBe(200);
    const [first] = (list.body as unknown as { results: { documentId: string; slug: string; title: string }[] })
      .results;
    const url = await api.call(
      'GET',
      `/content-manager/preview/url/${COMPARISON}?documentId=${first.documentId}&locale=en&status=draft`,
      adminToken
    );
    expect(url.status).toBe(200);

    const { context, page } = await newPage();
    await page.goto((url.body.data as unknown as { url: string }).url);
    const detail = page.locator(`#comparison-${first.slug}`);
    await detail.locator('table').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe(first.title);
    expect(await page.getByTestId('seo-title').innerText()).toBe(await page.title());
    expect(await hrefs(page.getByTestId(`comparison-${first.slug}`).locator('a'))).toEqual([
      `#comparison-${first.slug}`,
    ]);
    expect(await detail.locator('tbody tr').count()).toBeGreaterThan(0);
    // A single comparison page has no quote form.
    expect(await page.locator('#quote').isHidden()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('previews the overview with its SEO box and every detailed section', async () => {
    const api = adminApi(app.url);
    const overview = await api.call(
      'GET',
      '/content-manager/single-types/api::outsourcing-overview.outsourcing-overview?locale=fr',
      adminToken
    );
    expect(overview.status).toBe(200);
    const { documentId } = overview.body.data as unknown as { documentId: string };
    const url = await api.call(
      'GET',
      `/content-manager/preview/url/api::outsourcing-overview.outsourcing-overview?documentId=${documentId}&locale=fr&status=draft`,
      adminToken
    );
    expect(url.status).toBe(200);
    const previewUrl = (url.body.data as unknown as { url: string }).url;

    const { context, page } = await newPage();
    await page.goto(previewUrl);
    await page.getByTestId('seo-preview').waitFor();
    expect(await page.getByTestId('seo-title').innerText()).toBe('Les types d’externalisation : BPO, ITO, KPO');
    expect(await page.title()).toBe('Les types d’externalisation : BPO, ITO, KPO');
    for (const code of ['bpo', 'ito', 'kpo']) {
      expect(await page.locator(`#category-${code} [data-testid="category-body"] li`).count()).toBeGreaterThan(0);
      // The seed's bodies list the examples: each shows once in the detail (bullets), not again as chips.
      expect([code, await page.locator(`#category-${code} .examples li`).count()]).toEqual([code, 0]);
    }
    expect(await page.locator('#category-bpo [data-testid="category-body"] li').allInnerTexts()).toContain('paie');
    expect(await page.locator('[data-testid="details"] table').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
