/**
 * What an Editor, Author or Super Admin (or an API token, or an end user) uploads is data, never code on
 * the admin's origin: every upload path accepts only UPLOAD_ALLOWED_TYPES by content (magic bytes),
 * refuses anything else with 400 and Strapi's error body, and stores nothing of a refused request (no
 * row, no file under public/uploads, no temp file). Everything under /uploads is served with nosniff and
 * a CSP that runs nothing; a file of another type already on disk is an attachment.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import sharp from 'sharp';
import { adminToken, apiToken } from '../helpers/admin';
import { nextClientIp } from '../helpers/context';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { HTML_PAGE, jpegBytes, pdfBytes, pngBytes, STEAL_JS, SVG_WITH_SCRIPT } from '../helpers/file-samples';
import { DEFAULT_UPLOAD_ALLOWED_TYPES } from '../../src/uploads/upload-policy';

useStrapi({ ...INTEGRATION_ENV, EMAIL_OUTBOX_ENABLED: 'false' });

const ALLOWED = DEFAULT_UPLOAD_ALLOWED_TYPES.split(',').join(', ');
const CSP = "default-src 'none'; sandbox";
const FILE_UID = 'plugin::upload.file';

const uploadsDir = (): string => path.join(getStrapi().dirs.static.public, 'uploads');
const listUploads = (): string[] => fs.readdirSync(uploadsDir()).sort();
const countFiles = (): Promise<number> => getStrapi().db.query(FILE_UID).count({});

/** Files this suite stores go to the checkout's public/uploads: each block removes them with their rows. */
const removeStoredFiles = async (): Promise<void> => {
  const service = getStrapi().plugin('upload').service('upload') as unknown as {
    remove(file: unknown): Promise<unknown>;
  };
  for (const file of await getStrapi().db.query(FILE_UID).findMany({})) await service.remove(file);
};

/** A unique text in every refused file: a temp file still holding it after the request is a leak. */
const MARKER = `upload-test-${Math.random().toString(36).slice(2, 10)}`;
const tempFilesWithMarker = (): string[] =>
  fs.readdirSync(os.tmpdir()).filter((name) => {
    try {
      const file = path.join(os.tmpdir(), name);
      return fs.statSync(file).isFile() && fs.readFileSync(file, 'utf8').includes(MARKER);
    } catch {
      return false; // removed between listing and reading
    }
  });

interface Part {
  name: string;
  bytes: Buffer | string;
  /** The Content-Type the client declares for the part. */
  type: string;
}

const STEAL: Part = { name: 'steal.js', bytes: `/* ${MARKER} */ ${STEAL_JS}`, type: 'application/javascript' };
const PAGE: Part = {
  name: 'page.html',
  bytes: `<!-- ${MARKER} -->${HTML_PAGE('/uploads/steal_abc123.js')}`,
  type: 'text/html',
};
const SVG: Part = { name: 'logo.svg', bytes: `<!-- ${MARKER} -->${SVG_WITH_SCRIPT}`, type: 'image/svg+xml' };
const HTML_AS_PNG: Part = { name: 'photo.png', bytes: PAGE.bytes, type: 'image/png' };
const HTML_AS_PDF: Part = { name: 'brochure.pdf', bytes: PAGE.bytes, type: 'application/pdf' };
const TRUNCATED_PNG: Part = { name: 'cut.png', bytes: pngBytes().subarray(0, 10), type: 'image/png' };
const PNG: Part = { name: 'visuel.png', bytes: pngBytes(), type: 'image/png' };

const form = (parts: Part[], fields: Record<string, string> = {}): FormData => {
  const body = new FormData();
  for (const part of parts) body.append('files', new Blob([part.bytes], { type: part.type }), part.name);
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return body;
};

const post = async (
  route: string,
  token: string,
  body: FormData,
  fileInfos: Record<string, unknown>[] = []
): Promise<{ status: number; json: unknown }> => {
  // The media library sends one `fileInfo` field per file.
  for (const info of fileInfos) body.append('fileInfo', JSON.stringify(info));
  const res = await fetch(`${httpServer()}${route}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': nextClientIp() },
    body,
  });
  return { status: res.status, json: await res.json() };
};

/** Sends a request that must be refused: 400, Strapi's error body naming every file, nothing stored. */
const expectRefused = async (send: () => Promise<{ status: number; json: unknown }>, refusedNames: string[]) => {
  const rows = await countFiles();
  const files = listUploads();
  const { status, json } = await send();
  expect(status).toBe(400);
  expect(json).toMatchObject({
    data: null,
    error: { status: 400, name: 'ValidationError', message: expect.any(String) as unknown },
  });
  const { message } = (json as { error: { message: string } }).error;
  for (const name of refusedNames) expect(message).toContain(`"${name}"`);
  expect(message).toContain(ALLOWED);
  expect(await countFiles()).toBe(rows);
  expect(listUploads()).toEqual(files);
  // global::request-body-guard removes temp files as the answer is sent.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(tempFilesWithMarker()).toEqual([]);
};

interface StoredFile {
  id: number;
  name: string;
  ext: string;
  mime: string;
  url: string;
}

const storedFiles = (json: unknown): StoredFile[] => (Array.isArray(json) ? json : [json]) as StoredFile[];

const ROLES = ['strapi-editor', 'strapi-author', 'strapi-super-admin'] as const;
const tokens: Partial<Record<(typeof ROLES)[number], string>> = {};
const tokenOf = async (role: (typeof ROLES)[number]): Promise<string> => (tokens[role] ??= await adminToken(role));

const REFUSED_PARTS: [string, Part][] = [
  ['steal.js', STEAL],
  ['page.html', PAGE],
  ['an SVG with a script', SVG],
  ['HTML named photo.png, declared image/png', HTML_AS_PNG],
  ['HTML named brochure.pdf, declared application/pdf', HTML_AS_PDF],
  ['a truncated PNG', TRUNCATED_PNG],
];

describe.each(ROLES)('admin upload as %s', (role) => {
  afterAll(removeStoredFiles);

  it.each(REFUSED_PARTS)('POST /upload with %s is refused, nothing stored', async (_label, part) => {
    const token = await tokenOf(role);
    await expectRefused(() => post('/upload', token, form([part])), [part.name]);
  });

  it.each(['/upload', '/Upload', '/upload/', '/UPLOAD//'])(
    'the review attack on %s: steal.js and page.html together are both refused',
    async (route) => {
      const token = await tokenOf(role);
      await expectRefused(() => post(route, token, form([STEAL, PAGE])), ['steal.js', 'page.html']);
    }
  );

  it('one refused file refuses the whole request: the PNG sent with page.html is not stored either', async () => {
    const token = await tokenOf(role);
    await expectRefused(() => post('/upload', token, form([PNG, PAGE])), ['page.html']);
  });

  it('POST /upload/files (one file) refuses page.html, nothing stored', async () => {
    const token = await tokenOf(role);
    await expectRefused(() => post('/upload/files', token, form([PAGE])), ['page.html']);
  });

  it('a PNG is stored and served as image/png, inline, under nosniff and the no-script CSP', async () => {
    const token = await tokenOf(role);
    const { status, json } = await post('/upload', token, form([PNG]));
    expect(status).toBe(201);
    const [file] = storedFiles(json);
    expect(file).toMatchObject({ ext: '.png', mime: 'image/png' });
    const res = await fetch(`${httpServer()}${file.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('content-disposition')).toBe('inline');
    // What was stored (the plugin may re-encode an image), byte for byte.
    const served = Buffer.from(await res.arrayBuffer());
    expect(served.equals(fs.readFileSync(path.join(uploadsDir(), path.basename(file.url))))).toBe(true);
    expect(served.subarray(0, 8).equals(pngBytes().subarray(0, 8))).toBe(true);
  });
});

describe('a file is stored under the type of its content', () => {
  afterAll(removeStoredFiles);

  it('a JPEG named photo.png, declared image/png, is stored as .jpg, image/jpeg', async () => {
    const token = await tokenOf('strapi-editor');
    const { status, json } = await post(
      '/upload',
      token,
      form([{ name: 'photo.png', bytes: jpegBytes(), type: 'image/png' }], {
        fileInfo: JSON.stringify({ name: 'photo.png', alternativeText: 'photo' }),
      })
    );
    expect(status).toBe(201);
    const [file] = storedFiles(json);
    expect(file).toMatchObject({ name: 'photo.jpg', ext: '.jpg', mime: 'image/jpeg' });
    expect(file.url).toMatch(/^\/uploads\/photo_\w+\.jpg$/);
    expect(fs.existsSync(path.join(uploadsDir(), path.basename(file.url)))).toBe(true);
  });

  it('several files with their fileInfo (as the media library sends them), one JPEG named .png: both stored', async () => {
    const token = await tokenOf('strapi-editor');
    const { status, json } = await post(
      '/upload',
      token,
      form(
        [
          { name: 'photo.png', bytes: jpegBytes(), type: 'image/png' },
          { name: 'visuel.png', bytes: pngBytes(), type: 'image/png' },
        ],
        {}
      ),
      [{ name: 'photo.png' }, { name: 'visuel.png' }]
    );
    expect(status).toBe(201);
    expect(
      storedFiles(json)
        .map((file) => [file.name, file.ext, file.mime])
        .sort()
    ).toEqual([
      ['photo.jpg', '.jpg', 'image/jpeg'],
      ['visuel.png', '.png', 'image/png'],
    ]);
  });

  it('a PDF declared application/octet-stream without extension is stored as .pdf and served inline', async () => {
    const token = await tokenOf('strapi-author');
    const { status, json } = await post(
      '/upload',
      token,
      form([{ name: 'brochure', bytes: pdfBytes(), type: 'application/octet-stream' }])
    );
    expect([status, json]).toEqual([201, expect.anything()]);
    const [file] = storedFiles(json);
    expect(file).toMatchObject({ ext: '.pdf', mime: 'application/pdf' });
    const res = await fetch(`${httpServer()}${file.url}`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('content-disposition')).toBe('inline');
  });

  it('GIF, WebP and AVIF (encoded by sharp) are accepted, several in one request', async () => {
    const token = await tokenOf('strapi-editor');
    const image = sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 128, b: 0 } } });
    const { status, json } = await post(
      '/upload',
      token,
      form([
        { name: 'a.gif', bytes: await image.clone().gif().toBuffer(), type: 'image/gif' },
        { name: 'b.webp', bytes: await image.clone().webp().toBuffer(), type: 'image/webp' },
        { name: 'c.avif', bytes: await image.clone().avif().toBuffer(), type: 'image/avif' },
      ])
    );
    expect(status).toBe(201);
    expect(
      storedFiles(json)
        .map((file) => file.mime)
        .sort()
    ).toEqual(['image/avif', 'image/gif', 'image/webp']);
  });
});

describe('replacing a file', () => {
  afterAll(removeStoredFiles);

  const uploadPng = async (token: string): Promise<StoredFile> => {
    const { status, json } = await post('/upload', token, form([PNG]));
    expect(status).toBe(201);
    return storedFiles(json)[0];
  };
  const onDisk = (file: StoredFile): Buffer => fs.readFileSync(path.join(uploadsDir(), path.basename(file.url)));

  it.each(ROLES)(
    'as %s, with page.html (POST /upload?id= and /upload/files/:id/replace) is refused, file unchanged',
    async (role) => {
      const token = await tokenOf(role);
      const file = await uploadPng(token);
      const before = onDisk(file);
      await expectRefused(() => post(`/upload?id=${file.id}`, token, form([PAGE])), ['page.html']);
      await expectRefused(() => post(`/upload/files/${file.id}/replace`, token, form([HTML_AS_PNG])), ['photo.png']);
      expect(onDisk(file).equals(before)).toBe(true);
    }
  );

  it('with another allowed type is refused (the address keeps its extension); with a PNG it works', async () => {
    const token = await tokenOf('strapi-editor');
    const file = await uploadPng(token);
    const before = onDisk(file);
    const refused = await post(
      `/upload?id=${file.id}`,
      token,
      form([{ name: 'x.jpg', bytes: jpegBytes(), type: 'image/jpeg' }])
    );
    expect(refused.status).toBe(400);
    expect((refused.json as { error: { message: string } }).error.message).toContain('upload it as a new file');
    expect(onDisk(file).equals(before)).toBe(true);

    const other = pngBytes(24, 24, [0, 0, 255]);
    const replaced = await post(
      `/upload?id=${file.id}`,
      token,
      form([{ name: 'blue.png', bytes: other, type: 'image/png' }])
    );
    expect(replaced.status).toBe(200);
    expect(onDisk(file).equals(before)).toBe(false);
    expect((await sharp(onDisk(file)).metadata()).width).toBe(24);
  });
});

describe('content API upload', () => {
  afterAll(removeStoredFiles);

  it('an API token: steal.js, page.html, SVG refused on /api/upload and its spellings, a PNG stored', async () => {
    const token = await apiToken('full-access');
    for (const route of ['/api/upload', '/API/Upload/']) {
      await expectRefused(() => post(route, token, form([STEAL, PAGE, SVG])), ['steal.js', 'page.html', 'logo.svg']);
    }
    const { status, json } = await post('/api/upload', token, form([PNG]));
    expect(status).toBe(201);
    const [file] = storedFiles(json);
    expect(file.mime).toBe('image/png');
    await expectRefused(() => post(`/api/upload?id=${file.id}`, token, form([HTML_AS_PNG])), ['photo.png']);
  });

  it('an end user (users-permissions JWT): page.html is refused before any route, nothing stored', async () => {
    const registered = await fetch(`${httpServer()}/api/auth/local/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': nextClientIp() },
      body: JSON.stringify({
        username: `u${Math.random().toString(36).slice(2, 8)}`,
        email: `u${Math.random().toString(36).slice(2, 8)}@client.test`,
        password: 'Us3r-Passw0rd!',
      }),
    });
    expect(registered.status).toBe(200);
    const { jwt } = (await registered.json()) as { jwt: string };
    await expectRefused(() => post('/api/upload', jwt, form([PAGE])), ['page.html']);
    // The Authenticated role may not upload at all: an allowed file gets 403, still nothing stored.
    const rows = await countFiles();
    expect((await post('/api/upload', jwt, form([PNG]))).status).toBe(403);
    expect(await countFiles()).toBe(rows);
  });
});

describe('the upload service itself (the admin upload from URLs, plugins, scripts)', () => {
  it('refuses an HTML file and stores nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-service-'));
    try {
      const filepath = path.join(dir, 'page.html');
      fs.writeFileSync(filepath, String(PAGE.bytes));
      const rows = await countFiles();
      const files = listUploads();
      const service = getStrapi().plugin('upload').service('upload') as unknown as {
        upload(input: unknown): Promise<unknown>;
      };
      await expect(
        service.upload({
          data: { fileInfo: { name: 'page.html' } },
          files: { filepath, originalFilename: 'page.html', mimetype: 'text/html', size: fs.statSync(filepath).size },
        })
      ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('"page.html"') as unknown });
      expect(await countFiles()).toBe(rows);
      expect(listUploads()).toEqual(files);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('files already under /uploads (stored before this rule) never run', () => {
  const legacy = ['page_legacy1.html', 'logo_legacy1.svg', 'steal_legacy1.js', 'noext_legacy1'];
  beforeAll(() => {
    for (const name of legacy) fs.writeFileSync(path.join(uploadsDir(), name), HTML_PAGE('/uploads/steal_legacy1.js'));
  });
  afterAll(() => {
    for (const name of legacy) fs.rmSync(path.join(uploadsDir(), name), { force: true });
  });

  const spellings = (name: string): string[] => [
    `/uploads/${name}`,
    `/%75ploads/${name}`,
    `//uploads/${name}`,
    `/uploads/%2e%2e/uploads/${name}`,
    `/example/../uploads/${name}`,
  ];

  it.each(legacy)('%s is an application/octet-stream attachment under nosniff and the no-script CSP', async (name) => {
    for (const url of spellings(name)) {
      for (const method of ['GET', 'HEAD']) {
        const res = await fetch(`${httpServer()}${url}`, { method });
        const text = await res.text();
        if (res.status !== 200) {
          // A spelling the router or the static server refuses (404, 400): the file is not served at all.
          expect([url, text]).not.toEqual([url, expect.stringContaining('<script') as unknown]);
          continue;
        }
        expect([url, res.headers.get('content-type')]).toEqual([url, 'application/octet-stream']);
        expect(res.headers.get('content-disposition')).toBe('attachment');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toBe(CSP);
      }
    }
    // The canonical spelling is served (so the checks above did run).
    expect((await fetch(`${httpServer()}/uploads/${name}`)).status).toBe(200);
  });

  it('a Range request and a conditional request keep the headers (the response cache does not touch them)', async () => {
    const url = `${httpServer()}/uploads/page_legacy1.html`;
    const ranged = await fetch(url, { headers: { Range: 'bytes=0-9' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-type')).toBe('application/octet-stream');
    expect(ranged.headers.get('content-security-policy')).toBe(CSP);
    expect(ranged.headers.get('x-content-type-options')).toBe('nosniff');
    const conditional = await fetch(url, {
      headers: { 'If-None-Match': '"x"', 'If-Modified-Since': new Date().toUTCString() },
    });
    expect(conditional.headers.get('content-security-policy')).toBe(CSP);
    expect(conditional.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a missing file under /uploads answers 404 with the same headers', async () => {
    const res = await fetch(`${httpServer()}/uploads/nothing_here.html`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
  });
});
