/**
 * An Editor adds a row to a comparison table, in the French admin: the new row starts with one cell per
 * option of the page, each cell's option is chosen by its label from the page's options, every cell stays
 * open while another is added, a row without a title is refused with the error under its title, and the
 * titled row is saved, published and read over REST.
 */
import type { Browser, Page } from 'playwright-core';
import { adminApi, createFirstAdmin, launchBrowser, screenshot, signIn, startApp, type E2eApp } from './helpers';

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const EDITOR = { email: 'eve.editor@rouge-hexagone.test', password: 'Ed1tor-Passw0rd!', roleCode: 'strapi-editor' };
const UID = 'api::comparison-page.comparison-page';

let app: E2eApp;
let browser: Browser;
let documentId: string;
let rowsBefore: number;

interface Cell {
  optionKey: string;
  value: string;
}

beforeAll(async () => {
  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  const api = adminApi(app.url);
  const adminToken = await api.login(ADMIN.email, ADMIN.password);
  await api.createUser(adminToken, EDITOR);
  const editorToken = await api.login(EDITOR.email, EDITOR.password);
  expect((await api.call('PUT', '/admin/users/me', editorToken, { preferedLanguage: 'fr' })).status).toBe(200);
  const list = await api.call(
    'GET',
    `/content-manager/collection-types/${UID}?locale=fr&sort=displayOrder:asc`,
    editorToken
  );
  expect(list.status).toBe(200);
  const [first] = (list.body as unknown as { results: { documentId: string; title: string }[] }).results;
  expect(first.title).toBe('Externalisation totale ou partielle');
  documentId = first.documentId;
  const draft = await api.call('GET', `/content-manager/collection-types/${UID}/${documentId}?locale=fr`, editorToken);
  rowsBefore = (draft.body.data as { criteria: unknown[] }).criteria.length;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The Save button's answer to this page's PUT. */
const save = async (page: Page): Promise<number> => {
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'PUT' && r.url().includes(`${UID}/${documentId}`)
  );
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  return (await answered).status();
};

describe('comparison table, French Editor', () => {
  it('adds a row with one cell per option, options by label, cells open, a title required', async () => {
    const page = await signIn(browser, app.url, EDITOR, 'fr-FR');
    const errors: string[] = [];
    page.on('console', (message) => {
      const text = message.text();
      // The refused save's 400 is the browser's own line for a failed request, expected here; Strapi's own
      // untranslated messages are the French admin's concern, this editor's are checked.
      if (message.type() !== 'error' || text.startsWith('Failed to load resource')) return;
      if (text.includes('MISSING_TRANSLATION') && !text.includes('comparison')) return;
      errors.push(text);
    });
    await page.goto(`${app.url}/admin/content-manager/collection-types/${UID}/${documentId}?plugins[i18n][locale]=fr`);
    await page.getByRole('heading', { name: 'Externalisation totale ou partielle' }).waitFor();

    // The compared options are listed by their labels too.
    for (const label of ['Totale', 'Partielle'])
      expect(await page.getByRole('button', { name: label, exact: true }).isVisible()).toBe(true);
    // "Options comparées" comes first, then "Tableau comparatif": its add button is the second one.
    const addButtons = page.getByRole('button', { name: 'Ajouter une nouvelle entrée' });
    expect(await addButtons.count()).toBe(2);
    await addButtons.nth(1).click();

    const row = `criteria.${rowsBefore}`;
    const title = page.locator(`[name="${row}.criterion"]`);
    await title.waitFor();
    const cells = page.locator('[data-comparison-cell]');
    await cells.nth(1).waitFor();
    expect(await cells.count()).toBe(2);
    // One cell per option, shown by label (never the raw key).
    expect(await cells.nth(0).getByRole('combobox').innerText()).toBe('Totale');
    expect(await cells.nth(1).getByRole('combobox').innerText()).toBe('Partielle');
    await cells.nth(1).scrollIntoViewIfNeeded();
    await screenshot(page, 'comparison-table-new-row');

    // The option is chosen from the page's options, by label.
    await cells.nth(0).getByRole('combobox').click();
    const choices = page.getByRole('option');
    await choices.first().waitFor();
    expect(await choices.allInnerTexts()).toEqual(['Totale', 'Partielle']);
    await page.getByRole('option', { name: 'Partielle' }).click();
    await cells.nth(1).getByRole('combobox').click();
    await page.getByRole('option', { name: 'Totale' }).click();
    expect(await cells.nth(0).getByRole('combobox').innerText()).toBe('Partielle');
    expect(await cells.nth(1).getByRole('combobox').innerText()).toBe('Totale');
    await cells.nth(0).getByLabel('Valeur').fill('Au cas par cas');
    await cells.nth(1).getByLabel('Valeur').fill('Forfait global');

    // Adding a cell leaves the others open, their text still in view.
    await page.getByRole('button', { name: 'Ajouter une valeur' }).click();
    await cells.nth(2).waitFor();
    for (const index of [0, 1, 2]) expect(await cells.nth(index).getByLabel('Valeur').isVisible()).toBe(true);
    expect(await cells.nth(0).getByLabel('Valeur').inputValue()).toBe('Au cas par cas');
    expect(await cells.nth(1).getByLabel('Valeur').inputValue()).toBe('Forfait global');
    await page.getByRole('button', { name: 'Supprimer la valeur 3' }).click();
    await expect(cells.count()).resolves.toBe(2);

    // No title: refused, the error under the row's title, in French.
    expect(await save(page)).toBe(400);
    const titleError = page.locator('[data-strapi-field-error]').filter({ hasText: 'n’a pas de titre' });
    await titleError.waitFor();
    expect(await titleError.innerText()).toBe(
      `La ligne ${rowsBefore + 1} du tableau comparatif n’a pas de titre : saisissez son critère`
    );
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    await title.scrollIntoViewIfNeeded();
    await screenshot(page, 'comparison-table-no-title');

    await title.fill('Coût');
    expect(await save(page)).toBe(200);
    const published = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes(`${documentId}/actions/publish`)
    );
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    expect((await published).status()).toBe(200);

    const res = await fetch(`${app.url}/api/comparison-pages/${documentId}?locale=fr`);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { criteria: { criterion: string; values: Cell[] }[] } };
    expect(data.criteria).toHaveLength(rowsBefore + 1);
    const added = data.criteria[rowsBefore];
    expect([added.criterion, added.values.map(({ optionKey, value }) => [optionKey, value])]).toEqual([
      'Coût',
      [
        ['partial', 'Au cas par cas'],
        ['total', 'Forfait global'],
      ],
    ]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
