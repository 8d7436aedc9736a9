import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { adminApi, createFirstAdmin, launchBrowser, screenshot, signIn, startApp, type E2eApp } from './helpers';
import { pdfBytes, pngBytes } from '../helpers/file-samples';

/**
 * A prospect attaches their specification on the example page: chosen or dropped, checked before
 * anything is sent (in their language), uploaded with a progress bar, stored with the request and named
 * in the sales mail.
 */
let app: E2eApp;
let browser: Browser;

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const SALES = { email: 'sam@rouge-hexagone.test', password: 'Sal3s-Passw0rd!' };

beforeAll(async () => {
  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  const api = adminApi(app.url);
  await api.createUser(await api.login(ADMIN.email, ADMIN.password), { ...SALES, roleCode: 'sales' });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const openForm = async (locale: 'fr' | 'en'): Promise<Page> => {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: locale === 'fr' ? 'fr-FR' : 'en-GB',
  });
  const page = await context.newPage();
  await page.goto(`${app.url}/example/${locale === 'en' ? '?locale=en' : ''}`);
  await page.getByTestId('cta-promise').filter({ hasText: /.+/ }).waitFor();
  await page.fill('input[name="fullName"]', 'Noémie Martin');
  await page.fill('input[name="email"]', `noemie.${Date.now()}@client.test`);
  await page.fill('input[name="company"]', 'Martin Services');
  await page.selectOption('select[name="requestedModel"]', 'kpo');
  await page.fill('textarea[name="message"]', 'Notre cahier des charges est joint : saisie des factures fournisseurs.');
  await page.check('input[name="consent"]');
  return page;
};

const specification = Buffer.concat([pdfBytes(), Buffer.alloc(300 * 1024, 0x20)]);

describe('example page: attachments', () => {
  it('refuses a wrong type and a too large file in French before sending, then sends the PDF with the request', async () => {
    const page = await openForm('fr');
    const input = page.getByTestId('attachments-input');
    await input.setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    expect(await page.getByTestId('attachments-error').innerText()).toBe(
      '« setup.exe » n’est pas un type accepté (PDF, Word, Excel, PowerPoint, OpenDocument, PNG ou JPEG).'
    );
    await input.setInputFiles({
      name: 'annexes.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    expect(await page.getByTestId('attachments-error').innerText()).toBe('« annexes.pdf » dépasse 10 Mo.');
    expect(await page.getByTestId('attachments-list').locator('li').count()).toBe(0);

    await input.setInputFiles({ name: 'cahier-des-charges.pdf', mimeType: 'application/pdf', buffer: specification });
    expect(await page.getByTestId('attachments-list').innerText()).toContain('cahier-des-charges.pdf (301 Ko)');
    expect(await page.getByTestId('attachments-error').innerText()).toBe('');

    await page.getByTestId('submit').click();
    const reference = await page.getByTestId('reference').innerText();
    expect(reference).toMatch(/^DEV-\d{4}-\d{6}$/);
    // The upload reported its progress to the end.
    expect(await page.locator('#upload-progress').getAttribute('data-percent')).toBe('100');
    await screenshot(page, 'example-attachment-sent');

    // Stored privately, byte for byte, under a random name.
    const dir = app.env.QUOTE_ATTACHMENTS_DIR;
    const stored = fs.readdirSync(dir).filter((name) => /^[a-f0-9]{32}$/.test(name));
    expect(stored).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, stored[0])).equals(specification)).toBe(true);
    await page.context().close();
  });

  it('takes a dropped file in English, and says in English which file the server refused', async () => {
    const page = await openForm('en');
    const drop = async (name: string, bytes: Buffer, type: string) => {
      // What a browser hands the page when a file is dropped on it (evaluated in the page).
      const transfer = await page.evaluateHandle(
        `(() => { const t = new DataTransfer(); t.items.add(new File([new Uint8Array(${JSON.stringify([...bytes])})], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} })); return t; })()`
      );
      await page.dispatchEvent('[data-testid="attachments-dropzone"]', 'drop', { dataTransfer: transfer });
    };
    // Named like a picture, but not one: only the server, reading its content, can tell.
    await drop('plan.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png');
    expect(await page.getByTestId('attachments-list').innerText()).toContain('plan.png');
    await page.getByTestId('submit').click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await page.getByTestId('attachments-error').innerText()).toBe(
      '“plan.png” is not an accepted type (PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG).'
    );

    await page.getByRole('button', { name: 'Remove plan.png' }).click();
    await drop('plan.png', pngBytes(), 'image/png');
    await page.getByTestId('submit').click();
    expect(await page.getByTestId('reference').innerText()).toMatch(/^DEV-/);
    await page.context().close();
  });

  it("Sales see the files in the request's edit view and download one under its name", async () => {
    const form = new FormData();
    form.append(
      'data',
      JSON.stringify({
        fullName: 'Inès Tran',
        email: 'ines@client.test',
        company: 'Tran Systèmes',
        requestedModel: 'ito',
        message: 'Infogérance de notre parc : le cahier des charges est joint.',
        consent: true,
      })
    );
    form.append('attachments', new Blob([new Uint8Array(specification)], { type: 'application/pdf' }), 'RFP Tran.pdf');
    const res = await fetch(`${app.url}/api/quote-requests`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const { reference } = ((await res.json()) as { data: { reference: string } }).data;
    const api = adminApi(app.url);
    const found = await api.call(
      'GET',
      `/content-manager/collection-types/api::quote-request.quote-request?filters[reference][$eq]=${reference}`,
      await api.login(ADMIN.email, ADMIN.password)
    );
    const documentId = String((found.body.results as { documentId: string }[])[0].documentId);

    const page = await signIn(browser, app.url, SALES);
    await page.goto(`${app.url}/admin/content-manager/collection-types/api::quote-request.quote-request/${documentId}`);
    const panel = page.getByTestId('quote-attachments');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('RFP Tran.pdf');
    expect(await panel.innerText()).toContain('PDF · 301 KB');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('RFP Tran.pdf');
    const bytes = Buffer.from(await new Response(await download.createReadStream()).arrayBuffer());
    expect(bytes.equals(specification)).toBe(true);
    await screenshot(page, 'quote-request-attachments-panel');
    await page.context().close();
  });
});
