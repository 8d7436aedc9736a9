/**
 * A refused save keeps the form: after a 400 from the routing's or the sales desk's checks, the edit view
 * still shows what was typed, the error sits under the faulty field only, and Save stays available.
 */
import type { Browser, Page } from 'playwright-core';
import { adminApi, createFirstAdmin, launchBrowser, screenshot, startApp, type E2eApp } from './helpers';

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const ROUTING_UID = 'api::quote-routing.quote-routing';
const DESK_UID = 'api::sales-desk.sales-desk';

let app: E2eApp;
let browser: Browser;
let token: string;

beforeAll(async () => {
  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  const api = adminApi(app.url);
  token = await api.login(ADMIN.email, ADMIN.password);
  // A French administrator: the messages under the fields are the project's French ones.
  const me = await api.call('PUT', '/admin/users/me', token, { preferedLanguage: 'fr' });
  expect(me.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const openSingleType = async (uid: string, firstField: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${app.url}/admin/auth/login`);
  await page.fill('input[name="email"]', ADMIN.email);
  await page.fill('input[name="password"]', ADMIN.password);
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 30000 });
  await page.goto(`${app.url}/admin/content-manager/single-types/${uid}`);
  await page.locator(`[name="${firstField}"]`).waitFor();
  return page;
};

/** Each field's error as shown: the text of the element its input names in aria-describedby, if any. */
const fieldErrors = async (page: Page, names: string[]): Promise<Record<string, string>> => {
  const shown: Record<string, string> = {};
  for (const name of names) {
    const input = page.locator(`[name="${name}"]`);
    if ((await input.getAttribute('aria-invalid')) !== 'true') continue;
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(/\s+/).find((id) => id.endsWith('-error')) ?? '';
    shown[name] = errorId ? await page.locator(`[id="${errorId}"]`).innerText() : '(no message)';
  }
  return shown;
};

const save = async (page: Page, expectedStatus: number, uid: string) => {
  const answered = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes(uid));
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  expect((await answered).status()).toBe(expectedStatus);
};

const stored = async (uid: string): Promise<Record<string, unknown>> => {
  const res = await adminApi(app.url).call('GET', `/content-manager/single-types/${uid}`, token);
  expect(res.status).toBe(200);
  return res.body.data ?? {};
};

describe('quote routing: a refused save keeps the form', () => {
  it('keeps every typed list, shows the error under the bad list only, and saves the typed values once fixed', async () => {
    const page = await openSingleType(ROUTING_UID, 'bpoAddresses');
    const typed: Record<string, string> = {
      bpoAddresses: 'Nicolas (BPO)\nnicolas@rouge-hexagone.test',
      itoAddresses: 'ito-team@rouge-hexagone.test',
      kpoAddresses: 'kpo-team@rouge-hexagone.test\nkpo-lead@rouge-hexagone.test',
      undecidedAddresses: 'accueil@rouge-hexagone.test',
      fallbackAddresses: 'commercial@rouge-hexagone.test',
      ccAddresses: 'direction@rouge-hexagone.test',
    };
    for (const [name, value] of Object.entries(typed)) await page.locator(`[name="${name}"]`).fill(value);

    await save(page, 400, ROUTING_UID);
    const bpoError = page.locator('[data-strapi-field-error]').filter({ hasText: 'Nicolas (BPO)' });
    await bpoError.waitFor();
    // The admin has had time to refetch the document after the refusal: the form must not follow it.
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'refused-save-routing');

    for (const [name, value] of Object.entries(typed))
      expect([name, await page.locator(`[name="${name}"]`).inputValue()]).toEqual([name, value]);
    expect(await fieldErrors(page, Object.keys(typed))).toEqual({
      bpoAddresses: '« Nicolas (BPO) » n’est pas une adresse e-mail valide',
    });
    await expect(page.locator('[data-strapi-field-error]').count()).resolves.toBe(1);
    const saveButton = page.getByRole('button', { name: 'Enregistrer', exact: true });
    expect(await saveButton.isEnabled()).toBe(true);
    // Nothing of the refused save is stored.
    expect((await stored(ROUTING_UID)).itoAddresses ?? '').not.toContain('ito-team@');

    typed.bpoAddresses = 'nicolas@rouge-hexagone.test';
    await page.locator('[name="bpoAddresses"]').fill(typed.bpoAddresses);
    await save(page, 200, ROUTING_UID);
    await expect(page.locator('[data-strapi-field-error]').count()).resolves.toBe(0);
    const saved = await stored(ROUTING_UID);
    for (const [name, value] of Object.entries(typed)) expect([name, saved[name]]).toEqual([name, value]);
    await page.context().close();
  });
});

describe('sales desk: a refused save keeps the form', () => {
  it('keeps the typed settings, shows the opening-hours error in French under that field only, then saves them', async () => {
    const page = await openSingleType(DESK_UID, 'businessHours');
    const typed: Record<string, string> = {
      slaHours: '6',
      timeZone: 'Europe/Brussels',
      businessHours: 'lundy-ven 9h-18h',
      holidaysCountry: 'BE',
    };
    for (const [name, value] of Object.entries(typed)) await page.locator(`[name="${name}"]`).fill(value);

    await save(page, 400, DESK_UID);
    await page.locator('[data-strapi-field-error]').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'refused-save-sales-desk');

    for (const [name, value] of Object.entries(typed))
      expect([name, await page.locator(`[name="${name}"]`).inputValue()]).toEqual([name, value]);
    const errors = await fieldErrors(page, Object.keys(typed));
    expect(Object.keys(errors)).toEqual(['businessHours']);
    // In French, naming what was typed, not the raw field name.
    expect(errors.businessHours).toMatch(/« lundy »/);
    expect(errors.businessHours).toMatch(/n’est pas un jour|jours/);
    expect(errors.businessHours).not.toMatch(/businessHours|is not/);
    await expect(page.locator('[data-strapi-field-error]').count()).resolves.toBe(1);
    expect(await page.getByRole('button', { name: 'Enregistrer', exact: true }).isEnabled()).toBe(true);
    expect((await stored(DESK_UID)).timeZone).toBe('Europe/Paris');

    typed.businessHours = 'lun-ven 8h30-17h30';
    await page.locator('[name="businessHours"]').fill(typed.businessHours);
    await save(page, 200, DESK_UID);
    const saved = await stored(DESK_UID);
    expect({
      slaHours: Number(saved.slaHours),
      timeZone: saved.timeZone,
      businessHours: saved.businessHours,
      holidaysCountry: saved.holidaysCountry,
    }).toEqual({ ...typed, slaHours: 6 });
    await page.context().close();
  });
});
