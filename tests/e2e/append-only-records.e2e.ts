/**
 * Issue 26, item 9, in the admin: a Super Admin opens a consent text and a privacy-log row and is offered
 * neither an edit nor a delete (the server refuses both; tests/security/append-only-privacy-records.test.ts).
 */
import type { Browser, Page } from 'playwright-core';
import {
  adminApi,
  createFirstAdmin,
  launchBrowser,
  screenshot,
  signIn,
  startApp,
  submitQuoteRequest,
  type E2eApp,
} from './helpers';

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const CONSENT_TEXT = 'api::privacy-log.consent-text';
const PRIVACY_LOG = 'api::privacy-log.privacy-log';
const QR = 'api::quote-request.quote-request';

let app: E2eApp;
let browser: Browser;
let token = '';

const firstDocumentId = async (uid: string): Promise<string> => {
  const res = await adminApi(app.url).call('GET', `/content-manager/collection-types/${uid}?page=1&pageSize=1`, token);
  expect(res.status).toBe(200);
  const id = ((res.body as { results?: { documentId: string }[] }).results ?? [])[0]?.documentId;
  if (!id) throw new Error(`no ${uid} to open`);
  return id;
};

beforeAll(async () => {
  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  token = await adminApi(app.url).login(ADMIN.email, ADMIN.password);
  // A submission stores its consent sentence; the Super Admin's access export writes a privacy-log row.
  await submitQuoteRequest(app.url);
  const exported = await adminApi(app.url).call(
    'GET',
    `/api/quote-requests/${await firstDocumentId(QR)}/personal-data`,
    token
  );
  expect(exported.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** What the edit view offers: editable fields, an enabled Save, a Delete in its menus. */
const offers = async (page: Page): Promise<{ editable: number; save: number; remove: number }> => {
  const main = page.locator('main');
  const editable = await main.locator('input:not([disabled]):not([type="hidden"]), textarea:not([disabled])').count();
  const save = await main
    .getByRole('button', { name: /^Save$/ })
    .and(main.locator(':not([disabled])'))
    .count();
  // The header's "More actions" menu holds an enabled Delete when the role may delete.
  const more = main.getByRole('button', { name: /More actions/i });
  if ((await more.count()) > 0) await more.first().click();
  // Strapi lists Delete disabled (aria-disabled) for a role without the permission: not an offer.
  const remove = await page
    .locator('[role="menuitem"]:not([aria-disabled="true"])')
    .filter({ hasText: /Delete/i })
    .count();
  await page.keyboard.press('Escape');
  return { editable, save, remove };
};

describe('append-only records in the admin (Super Admin)', () => {
  it.each([
    ['consent text', CONSENT_TEXT, 'Consent text'],
    ['privacy-log row', PRIVACY_LOG, 'Privacy log'],
  ])('a %s opens read-only, without Save or Delete', async (_name, uid, listTitle) => {
    const page = await signIn(browser, app.url, ADMIN);
    const context = page.context();

    await page.goto(`${app.url}/admin/content-manager/collection-types/${uid}`);
    await page.locator('h1', { hasText: listTitle }).waitFor();
    await page.waitForLoadState('networkidle');
    // A privacy-log row is never typed by hand: no "Create new entry" (a consent text may be added).
    const create = page.getByRole('link', { name: /Create new entry/i });
    expect(await create.count()).toBe(uid === PRIVACY_LOG ? 0 : 1);
    // Selecting rows offers no bulk Delete.
    const selectAll = page.locator('main thead button[role="checkbox"], main thead input[type="checkbox"]');
    if ((await selectAll.count()) > 0) {
      await selectAll.first().click();
      // The bulk actions bar, which holds Delete for a role that may delete.
      await page
        .getByText(/selected/i)
        .first()
        .waitFor();
    }
    expect(
      await page
        .locator('main')
        .getByRole('button', { name: /^Delete$/ })
        .count()
    ).toBe(0);

    const documentId = await firstDocumentId(uid);
    await page.goto(`${app.url}/admin/content-manager/collection-types/${uid}/${documentId}`);
    await page.waitForURL((url) => url.pathname.endsWith(documentId));
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, `append-only-${uid.split('.').pop() ?? uid}`);
    expect(await offers(page)).toEqual({ editable: 0, save: 0, remove: 0 });
    await context.close();
  });
});
