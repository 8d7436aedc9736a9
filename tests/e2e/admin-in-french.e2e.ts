/**
 * The admin speaks French to a French admin: on the pages a Super Admin, an Editor and a Sales user visit,
 * no message is missing from the French translations (react-intl logs MISSING_TRANSLATION for each) and no
 * choice value shows raw; the same pages in English are in English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminApi, createFirstAdmin, launchBrowser, screenshot, startApp, type E2eApp } from './helpers';

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const EDITOR = { email: 'eddie@rouge-hexagone.test', password: 'Ed1tor-Passw0rd!' };
const SALES = { email: 'sam@rouge-hexagone.test', password: 'Sa1es-Passw0rd!' };
type User = typeof ADMIN;

// Pages load slowly on a shared 2-core machine: a role's tour of every page takes minutes.
jest.setTimeout(600000);

const TYPES = {
  overview: {
    uid: 'api::outsourcing-overview.outsourcing-overview',
    single: true,
    fr: "Vue d'ensemble",
    en: 'Outsourcing overview',
  },
  category: {
    uid: 'api::outsourcing-category.outsourcing-category',
    single: false,
    fr: 'Catégorie',
    en: 'Outsourcing category',
  },
  comparison: {
    uid: 'api::comparison-page.comparison-page',
    single: false,
    fr: 'Page de comparaison',
    en: 'Comparison page',
  },
  site: { uid: 'api::site.site', single: true, fr: 'Identité du site', en: 'Site' },
  request: { uid: 'api::quote-request.quote-request', single: false, fr: 'Demande de devis', en: 'Quote request' },
  notification: {
    uid: 'api::quote-notification.quote-notification',
    single: false,
    fr: 'E-mail de devis',
    en: 'Quote notification',
  },
  routing: { uid: 'api::quote-routing.quote-routing', single: true, fr: 'Routage des', en: 'Quote routing' },
  desk: { uid: 'api::sales-desk.sales-desk', single: true, fr: 'Bureau commercial', en: 'Sales desk' },
  privacyLog: {
    uid: 'api::privacy-log.privacy-log',
    single: false,
    fr: 'Journal de confidentialité',
    en: 'Privacy log',
  },
  consent: { uid: 'api::privacy-log.consent-text', single: false, fr: 'Texte de consentement', en: 'Consent text' },
} as const;
type TypeName = keyof typeof TYPES;

/** Raw choice values (stage, model, scope, approach, delivery status, kind) and raw derived tags. */
const RAW_VALUES =
  'new|contacted|qualified|proposal|won|lost|spam|bpo|ito|kpo|undecided|total|partial|tactical|strategic|pending|sending|sent|failed|skipped|sales|confirmation|alert|reminder|erase|export|retention|cli|admin|system|fr|en';
/** A cell or a select showing a stored value as it is, or a derived tag as stored (`model:bpo`). */
const RAW_CHOICE = new RegExp(`^(${RAW_VALUES})$|\\b(model|scope|approach):(${RAW_VALUES})\\b`);

let app: E2eApp;
let browser: Browser;
const tokens = new Map<string, string>();

beforeAll(async () => {
  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  const api = adminApi(app.url);
  tokens.set(ADMIN.email, await api.login(ADMIN.email, ADMIN.password));
  await api.createUser(tokens.get(ADMIN.email) ?? '', { ...EDITOR, roleCode: 'strapi-editor' });
  await api.createUser(tokens.get(ADMIN.email) ?? '', { ...SALES, roleCode: 'sales' });
  for (const user of [EDITOR, SALES]) tokens.set(user.email, await api.login(user.email, user.password));
  // A request with a model, a scope and an approach: its tags and its mails fill the lists.
  const submitted = await fetch(`${app.url}/api/quote-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      data: {
        fullName: 'Claire Dubois',
        email: 'claire@client.test',
        company: 'Dubois Logistique',
        requestedModel: 'bpo',
        scope: 'partial',
        approach: 'strategic',
        message: 'Nous voulons externaliser une partie de la paie.',
        consent: true,
      },
    }),
  });
  expect(submitted.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const setLanguage = async (user: User, language: 'fr' | 'en') => {
  const res = await adminApi(app.url).call('PUT', '/admin/users/me', tokens.get(user.email), {
    preferedLanguage: language,
  });
  expect(res.status).toBe(200);
};

/** The first document of a collection type, as the list shows it (for its edit view), if there is one. */
const firstDocumentId = async (uid: string): Promise<string | undefined> => {
  const res = await adminApi(app.url).call(
    'GET',
    `/content-manager/collection-types/${uid}?page=1&pageSize=1&locale=fr`,
    tokens.get(ADMIN.email)
  );
  expect(res.status).toBe(200);
  return ((res.body as { results?: { documentId: string }[] }).results ?? [])[0]?.documentId;
};

interface Visit {
  /** Messages react-intl reported missing, by page. */
  missing: string[];
  /** Raw choice values seen in table cells and select boxes, by page. */
  raw: string[];
}

const signIn = async (user: User, language: string): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: language });
  const page = await context.newPage();
  await page.goto(`${app.url}/admin/auth/login`);
  await page.fill('input[name="email"]', user.email);
  await page.fill('input[name="password"]', user.password);
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 30000 });
  return { context, page };
};

/**
 * The pages of a type: its list (waited for by its title, the type's name) and an edit view (waited for
 * by its heading, the document's title).
 */
const pagesOf = async (name: TypeName): Promise<{ path: string; heading?: TypeName }[]> => {
  const type = TYPES[name];
  const localised = ['overview', 'category', 'comparison', 'site'].includes(name);
  const locale = localised ? '?plugins[i18n][locale]=fr' : '';
  if (type.single) return [{ path: `/admin/content-manager/single-types/${type.uid}${locale}` }];
  const base = `/admin/content-manager/collection-types/${type.uid}`;
  const documentId = await firstDocumentId(type.uid);
  return [
    { path: `${base}${locale}`, heading: name },
    ...(documentId ? [{ path: `${base}/${documentId}${locale}` }] : []),
  ];
};

/** The message id of a react-intl MISSING_TRANSLATION report. */
const missingId = (text: string): string => /Missing message: "([^"]+)"/.exec(text)?.[1] ?? text.slice(0, 120);

/** Visits the pages as the user, in the user's interface language, collecting what a reader would notice. */
const visit = async (user: User, language: 'fr' | 'en', names: TypeName[], extra: string[]): Promise<Visit> => {
  const targets = [
    ...extra.map((path) => ({ path, heading: undefined })),
    ...(await Promise.all(names.map(pagesOf))).flat(),
  ];
  await setLanguage(user, language);
  const { context, page } = await signIn(user, language === 'fr' ? 'fr-FR' : 'en-GB');
  const found: Visit = { missing: [], raw: [] };
  let where = '';
  page.on('console', (message) => {
    const text = message.text();
    if (!text.includes('MISSING_TRANSLATION')) return;
    const report = `${missingId(text)} (${where})`;
    if (!found.missing.some((seen) => seen.startsWith(`${missingId(text)} (`))) found.missing.push(report);
  });
  for (const target of targets) {
    where = target.path;
    await page.goto(`${app.url}${target.path}`);
    await page.locator('h1').first().waitFor();
    if (target.heading) await page.locator('h1', { hasText: TYPES[target.heading][language] }).first().waitFor();
    await page.waitForLoadState('networkidle');
    // Table cells by column (a slug is an address, not a choice: its column is left out), then selects.
    const shown: string[] = [];
    for (const table of await page.locator('table').all()) {
      const headers = await table.locator('thead th').allInnerTexts();
      for (const row of await table.locator('tbody tr').all()) {
        const texts = await row.locator('td').allInnerTexts();
        texts.forEach((text, i) => {
          if (!/\bslug\b/i.test(headers[i] ?? '')) shown.push(text.trim());
        });
      }
    }
    shown.push(...(await page.locator('[role="combobox"]').allInnerTexts()).map((text) => text.trim()));
    for (const text of shown) if (RAW_CHOICE.test(text)) found.raw.push(`${where}: ${text}`);
    if (language === 'fr' && target.heading) await screenshot(page, `fr-${user.email.split('@')[0]}-${target.heading}`);
  }
  await context.close();
  return found;
};

describe('the admin in French', () => {
  it('a French Super Admin sees every page without a missing message or a raw choice value', async () => {
    const seen = await visit(ADMIN, 'fr', Object.keys(TYPES) as TypeName[], ['/admin', '/admin/plugins/upload']);
    expect(seen.missing).toEqual([]);
    expect(seen.raw).toEqual([]);
  });

  it('a French Editor sees the site pages in French', async () => {
    const seen = await visit(
      EDITOR,
      'fr',
      ['overview', 'category', 'comparison', 'site'],
      ['/admin', '/admin/plugins/upload']
    );
    expect(seen.missing).toEqual([]);
    expect(seen.raw).toEqual([]);
  });

  it('a French Sales user sees the requests, mails, routing and desk in French', async () => {
    const seen = await visit(SALES, 'fr', ['request', 'notification', 'routing'], ['/admin']);
    expect(seen.missing).toEqual([]);
    expect(seen.raw).toEqual([]);
  });

  it('offers no "Créer une nouvelle entrée" on the privacy log (a log the application writes), as it does on requests', async () => {
    await setLanguage(ADMIN, 'fr');
    const { context, page } = await signIn(ADMIN, 'fr-FR');
    const create = page.locator('a, button', { hasText: 'Créer une nouvelle entrée' });
    await page.goto(`${app.url}/admin/content-manager/collection-types/${TYPES.request.uid}`);
    await page.locator('h1', { hasText: TYPES.request.fr }).waitFor();
    await create.first().waitFor();
    await page.goto(`${app.url}/admin/content-manager/collection-types/${TYPES.privacyLog.uid}`);
    await page.locator('h1', { hasText: TYPES.privacyLog.fr }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await create.count()).toBe(0);
    await context.close();
  });

  it('the same pages in English are in English', async () => {
    await setLanguage(SALES, 'en');
    const { context, page } = await signIn(SALES, 'en-GB');
    await page.goto(`${app.url}/admin/content-manager/collection-types/${TYPES.request.uid}`);
    await page.locator('h1', { hasText: 'Quote request' }).first().waitFor();
    await page.waitForLoadState('networkidle');
    const text = await page.locator('main').first().innerText();
    expect(text).toMatch(/Model: BPO, Scope: Partial, Approach: Strategic\s+New/);
    expect(text).not.toMatch(/Demande de devis|Modèle : |Nouvelle/);
    await page.goto(`${app.url}/admin`);
    await page.getByText('Mails waiting to be sent').first().waitFor();
    await context.close();
  });
});
