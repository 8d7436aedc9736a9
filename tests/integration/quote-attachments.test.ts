/**
 * Files attached to a quote request: a multipart submission stores them privately with the request (or
 * nothing at all), and only admins whose role may read the request download them.
 */
import fs from 'fs';
import net from 'net';
import path from 'path';
import request from 'supertest';
import { nextClientIp, smtp } from '../helpers/context';
import { body, restData, restError, type ErrorBody } from '../helpers/http';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { adminToken, apiToken, createAdminRole } from '../helpers/admin';
import { docxBytes, HTML_PAGE, jpegBytes, odfBytes, pdfBytes, pngBytes, xlsxBytes } from '../helpers/file-samples';
import { validQuoteData } from '../helpers/submission';
import { attachmentDirs, sweepAttachmentFiles } from '../../src/api/quote-request/attachments/store';
import { getService } from '../../src/utils/get-service';

const QR = 'api::quote-request.quote-request';
const QA = 'api::quote-request.quote-attachment';
const MAX_BYTES = 256 * 1024;

useStrapi({ ...INTEGRATION_ENV, QUOTE_RATE_LIMIT_MAX: '1000', QUOTE_ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });

const api = () => request(httpServer());

interface FilePart {
  name: string;
  bytes: Buffer;
  type?: string;
  field?: string;
}

/** A multipart submission as a browser's FormData sends it (fetch sets the boundary and Content-Length). */
const submitWithFiles = async (
  data: unknown,
  files: FilePart[],
  headers: Record<string, string> = {}
): Promise<{ status: number; json: Record<string, unknown> }> => {
  const form = new FormData();
  if (data !== undefined) form.append('data', typeof data === 'string' ? data : JSON.stringify(data));
  for (const file of files) {
    form.append(
      file.field ?? 'attachments',
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }),
      file.name
    );
  }
  const res = await fetch(`${httpServer()}/api/quote-requests`, {
    method: 'POST',
    headers: { 'X-Forwarded-For': nextClientIp(), ...headers },
    body: form,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

const errorOf = (json: Record<string, unknown>) => (json as unknown as ErrorBody).error;

interface AttachmentRow {
  id: number;
  documentId: string;
  quoteRequestId: number;
  storedName: string;
  fileName: string;
  size: number;
  mime: string;
}

const requestByReference = async (reference: string) =>
  (await getStrapi().db.query(QR).findOne({ where: { reference } })) as {
    id: number;
    documentId: string;
    attachmentCount: number;
  };
const rowsOf = async (quoteRequestId: number) =>
  (await getStrapi()
    .db.query(QA)
    .findMany({ where: { quoteRequestId }, orderBy: { position: 'asc' } })) as AttachmentRow[];

const dirs = () => attachmentDirs(getStrapi());
const storedFiles = () => fs.readdirSync(dirs().root).filter((name) => name !== 'tmp');
const tempFiles = () =>
  fs.existsSync(dirs().tmpRoot)
    ? fs.readdirSync(dirs().tmpRoot).flatMap((dir) => fs.readdirSync(path.join(dirs().tmpRoot, dir)))
    : [];
const counts = async () => ({
  requests: await getStrapi().db.query(QR).count(),
  rows: await getStrapi().db.query(QA).count(),
  stored: storedFiles().length,
});

/** Temp files are removed when the request ends, just after the answer: give it a moment. */
const settled = async (): Promise<void> => {
  for (let i = 0; i < 40 && tempFiles().length > 0; i += 1) await new Promise((r) => setTimeout(r, 50));
};

const pdfOfSize = (size: number): Buffer => {
  const head = pdfBytes();
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
};

describe('attachments on a quote request', () => {
  it('stores the files of a multipart submission privately, with the request, and the JSON submission as before', async () => {
    const pdf = pdfOfSize(20_000);
    const docx = docxBytes();
    const { status, json } = await submitWithFiles(validQuoteData({ requestedModel: 'ito' }), [
      { name: 'Cahier des charges é.pdf', bytes: pdf, type: 'application/pdf' },
      // The declared type is ignored: the content decides.
      { name: 'budget.docx', bytes: docx, type: 'text/plain' },
    ]);
    expect(status).toBe(201);
    const { reference } = (json as { data: { reference: string } }).data;
    const stored = await requestByReference(reference);
    expect(stored.attachmentCount).toBe(2);
    const rows = await rowsOf(stored.id);
    expect(rows.map((row) => [row.fileName, Number(row.size), row.mime])).toEqual([
      ['Cahier des charges é.pdf', pdf.length, 'application/pdf'],
      ['budget.docx', docx.length, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ]);
    for (const row of rows) {
      expect(row.storedName).toMatch(/^[a-f0-9]{32}$/);
      expect(fs.existsSync(path.join(dirs().root, row.storedName))).toBe(true);
    }
    expect(fs.readFileSync(path.join(dirs().root, rows[0].storedName)).equals(pdf)).toBe(true);
    // Not under public/, not in the media library.
    expect(path.relative(path.resolve('public'), dirs().root).startsWith('..')).toBe(true);
    expect(
      await getStrapi()
        .db.query('plugin::upload.file')
        .count({ where: { name: 'budget.docx' } })
    ).toBe(0);
    await settled();
    expect(tempFiles()).toEqual([]);

    const plain = await api()
      .post('/api/quote-requests')
      .set('X-Forwarded-For', nextClientIp())
      .send({ data: validQuoteData() })
      .expect(201);
    expect((await requestByReference(restData<{ reference: string }>(plain).reference)).attachmentCount).toBe(0);
  });

  it('the sales mail names the files and links to the request, without attaching them', async () => {
    const { json } = await submitWithFiles(validQuoteData({ requestedModel: 'kpo' }), [
      { name: 'RFP <2027>.pdf', bytes: pdfOfSize(1024 * 1024 * 0.2) },
      { name: 'grille.xlsx', bytes: xlsxBytes() },
    ]);
    const { reference } = (json as { data: { reference: string } }).data;
    const stored = await requestByReference(reference);
    const [sales] = await smtp.waitFor(
      (m) => m.parsed?.subject?.includes(reference) === true && m.envelopeTo.includes('kpo@rouge-hexagone.test')
    );
    const text = String(sales.parsed?.text);
    expect(text).toContain('Pièces jointes (2, à télécharger depuis l’administration) :');
    expect(text).toMatch(/- RFP <2027>\.pdf \(205 Ko\)/);
    expect(text).toMatch(/- grille\.xlsx \(\d+ Ko\)/);
    expect(text).toContain(`/content-manager/collection-types/api::quote-request.quote-request/${stored.documentId}`);
    expect(String(sales.parsed?.html)).toContain('<li>RFP &lt;2027&gt;.pdf (205 Ko)</li>');
    expect(sales.parsed?.attachments).toEqual([]);
  });

  it('accepts every listed type by content, a file without a declared type included', async () => {
    const files: FilePart[] = [
      { name: 'a.xlsx', bytes: xlsxBytes() },
      { name: 'b.png', bytes: pngBytes() },
      { name: 'c.jpg', bytes: jpegBytes(), type: '' },
    ];
    const first = await submitWithFiles(validQuoteData(), files);
    expect(first.status).toBe(201);
    const second = await submitWithFiles(validQuoteData(), [
      { name: 'd.odt', bytes: odfBytes('application/vnd.oasis.opendocument.text') },
      { name: 'e.ods', bytes: odfBytes('application/vnd.oasis.opendocument.spreadsheet') },
    ]);
    expect(second.status).toBe(201);
    const rows = await rowsOf(
      (await requestByReference((second.json as { data: { reference: string } }).data.reference)).id
    );
    expect(rows.map((row) => row.mime)).toEqual([
      'application/vnd.oasis.opendocument.text',
      'application/vnd.oasis.opendocument.spreadsheet',
    ]);
  });

  describe('refuses, naming the file, and stores nothing', () => {
    const cases: [string, () => Promise<{ status: number; json: Record<string, unknown> }>, number, RegExp][] = [
      [
        'a page named .pdf',
        () =>
          submitWithFiles(validQuoteData(), [
            { name: 'ok.pdf', bytes: pdfBytes() },
            { name: 'spec.pdf', bytes: Buffer.from(HTML_PAGE('/x.js')), type: 'application/pdf' },
          ]),
        415,
        /«spec\.pdf» is not an accepted file type/,
      ],
      [
        'an accepted-elsewhere type (GIF)',
        () =>
          submitWithFiles(validQuoteData(), [
            {
              name: 'anim.gif',
              bytes: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
            },
          ]),
        415,
        /«anim\.gif»/,
      ],
      [
        'a file over the size limit',
        () => submitWithFiles(validQuoteData(), [{ name: 'big.pdf', bytes: pdfOfSize(MAX_BYTES + 1) }]),
        413,
        /«big\.pdf» is larger than/,
      ],
      [
        'a fourth file',
        () =>
          submitWithFiles(
            validQuoteData(),
            ['1', '2', '3', '4'].map((n) => ({ name: `${n}.pdf`, bytes: pdfBytes() }))
          ),
        400,
        /«4\.pdf»: at most 3 files/,
      ],
      [
        'a file in another field',
        () => submitWithFiles(validQuoteData(), [{ name: 'x.pdf', bytes: pdfBytes(), field: 'files' }]),
        400,
        /«x\.pdf» was sent as «files»/,
      ],
      [
        'an empty file',
        () => submitWithFiles(validQuoteData(), [{ name: 'vide.pdf', bytes: Buffer.alloc(0) }]),
        400,
        /«vide\.pdf» is empty/,
      ],
      [
        'no data field',
        () => submitWithFiles(undefined, [{ name: 'x.pdf', bytes: pdfBytes() }]),
        400,
        /«data».*missing/,
      ],
      [
        'data that is not JSON',
        () => submitWithFiles('{"data":', [{ name: 'x.pdf', bytes: pdfBytes() }]),
        400,
        /not valid JSON/,
      ],
    ];
    it.each(cases)('%s', async (_label, send, status, message) => {
      const before = await counts();
      const { status: answered, json } = await send();
      expect(answered).toBe(status);
      expect(json.data).toBeNull();
      expect(errorOf(json).status).toBe(status);
      expect(errorOf(json).message).toMatch(message);
      await settled();
      expect(await counts()).toEqual(before);
      expect(tempFiles()).toEqual([]);
    });

    it('data the JSON submission would refuse: the same validation error', async () => {
      const before = await counts();
      const invalid = validQuoteData({ email: 'not-an-address' });
      const multipart = await submitWithFiles(invalid, [{ name: 'x.pdf', bytes: pdfBytes() }]);
      const json = await api()
        .post('/api/quote-requests')
        .set('X-Forwarded-For', nextClientIp())
        .send({ data: invalid });
      expect(multipart.status).toBe(400);
      expect(errorOf(multipart.json)).toEqual(restError(json));
      await settled();
      expect(await counts()).toEqual(before);
      expect(tempFiles()).toEqual([]);
    });

    it.each([
      'multipart/mixed; boundary=zz',
      'multipart/related; boundary=zz',
      'Multipart/Alternative; boundary=zz',
      'multipart/x-mixed-replace; boundary=zz',
    ])('another multipart type (%s): 415, as any other type', async (type) => {
      const before = await counts();
      const form =
        `--zz\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(validQuoteData())}\r\n` +
        `--zz\r\nContent-Disposition: form-data; name="attachments"; filename="x.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n${pdfBytes().toString('latin1')}\r\n--zz--\r\n`;
      const res = await fetch(`${httpServer()}/api/quote-requests`, {
        method: 'POST',
        headers: { 'X-Forwarded-For': nextClientIp(), 'Content-Type': type },
        body: Buffer.from(form, 'latin1'),
      });
      const json = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(415);
      expect(json.data).toBeNull();
      expect(errorOf(json).message).toBe('Content-Type must be application/json or multipart/form-data');
      await settled();
      expect(await counts()).toEqual(before);
      expect(tempFiles()).toEqual([]);
    });

    it('multipart/form-data without a boundary: 400, nothing read', async () => {
      const before = await counts();
      const res = await fetch(`${httpServer()}/api/quote-requests`, {
        method: 'POST',
        headers: { 'X-Forwarded-For': nextClientIp(), 'Content-Type': 'multipart/form-data' },
        body: `--zz\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(validQuoteData())}\r\n--zz--\r\n`,
      });
      const json = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(400);
      expect(errorOf(json).message).toMatch(/not a readable multipart\/form-data form/);
      await settled();
      expect(await counts()).toEqual(before);
    });

    it('a declared length over the limit, before reading anything', async () => {
      const res = await api()
        .post('/api/quote-requests')
        .set('X-Forwarded-For', nextClientIp())
        .set('Content-Type', 'multipart/form-data; boundary=x')
        .set('Content-Length', String(3 * MAX_BYTES + 200_000))
        .send('--x--');
      expect(res.status).toBe(413);
      expect(body<ErrorBody>(res).error.name).toBe('PayloadTooLargeError');
    });
  });

  it('a body cut mid-upload leaves nothing: no row, no file, no temp file', async () => {
    const before = await counts();
    const boundary = 'cutboundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(validQuoteData())}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n`
    );
    const partial = Buffer.concat([head, pdfOfSize(100_000)]);
    const { port } = new URL(httpServer());
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /api/quote-requests HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: ${nextClientIp()}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${partial.length + 150_000}\r\n\r\n`
        );
        socket.write(partial, () => setTimeout(() => socket.destroy(), 300));
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    for (let i = 0; i < 40; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(tempFiles()).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('Idempotency-Key covers the files: same files, the first answer; other files, a conflict', async () => {
    const key = `attach-${Math.random().toString(36).slice(2, 10)}`;
    const data = validQuoteData();
    const files = [{ name: 'rfp.pdf', bytes: pdfOfSize(5000) }];
    const first = await submitWithFiles(data, files, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await submitWithFiles(data, files, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    const other = await submitWithFiles(data, [{ name: 'rfp.pdf', bytes: pdfOfSize(5001) }], {
      'Idempotency-Key': key,
    });
    expect(other.status).toBe(409);
    const without = await submitWithFiles(data, [], { 'Idempotency-Key': key });
    expect(without.status).toBe(409);
    await settled();
    expect(await counts()).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  describe('download, for admins whose role may read the request', () => {
    let documentId: string;
    let attachmentId: string;
    let otherRequestDocumentId: string;
    const pdf = pdfOfSize(12_345);
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      const { json } = await submitWithFiles(validQuoteData(), [
        { name: 'Spécification "finale"\u202e.pdf', bytes: pdf },
        { name: 'plan.png', bytes: pngBytes() },
      ]);
      const stored = await requestByReference((json as { data: { reference: string } }).data.reference);
      documentId = stored.documentId;
      attachmentId = (await rowsOf(stored.id))[0].documentId;
      const other = await submitWithFiles(validQuoteData(), [{ name: 'autre.pdf', bytes: pdfBytes() }]);
      otherRequestDocumentId = (
        await requestByReference((other.json as { data: { reference: string } }).data.reference)
      ).documentId;
      for (const code of ['strapi-super-admin', 'sales', 'sales-manager', 'strapi-editor', 'strapi-author']) {
        tokens[code] = await adminToken(code);
      }
    });

    const download = (
      token: string | undefined,
      url = `/api/quote-requests/${documentId}/attachments/${attachmentId}`
    ) => {
      const req = api()
        .get(url)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      return token === undefined ? req : req.set('Authorization', token);
    };

    it.each(['strapi-super-admin', 'sales', 'sales-manager'])(
      '%s downloads it as an attachment nothing runs',
      async (code) => {
        const res = await download(`Bearer ${tokens[code]}`).expect(200);
        expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toBe(
          `attachment; filename="Sp_cification finale.pdf"; filename*=UTF-8''Sp%C3%A9cification%20finale.pdf`
        );
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
        expect(res.headers['cache-control']).toBe('private, no-store');

        const list = await api()
          .get(`/api/quote-requests/${documentId}/attachments`)
          .set('Authorization', `Bearer ${tokens[code]}`)
          .expect(200);
        const listed = restData<{ id: string; name: string; size: number; type: string }[]>(list);
        expect(listed[0]).toEqual({
          id: attachmentId,
          name: 'Spécification finale.pdf',
          size: pdf.length,
          type: 'application/pdf',
        });
        expect(listed.slice(1).map(({ name, size, type }) => ({ name, size, type }))).toEqual([
          { name: 'plan.png', size: pngBytes().length, type: 'image/png' },
        ]);
        expect(listed[1].id).toMatch(/^[a-z0-9]{24}$/);
      }
    );

    it.each(['strapi-editor', 'strapi-author'])('%s is refused (403), the list too', async (code) => {
      const res = await download(`Bearer ${tokens[code]}`).expect(403);
      expect((JSON.parse((res.body as Buffer).toString()) as ErrorBody).error.name).toBe('ForbiddenError');
      await api()
        .get(`/api/quote-requests/${documentId}/attachments`)
        .set('Authorization', `Bearer ${tokens[code]}`)
        .expect(403);
    });

    it('a role that reads requests but not the attachments field, or only its own requests, is refused', async () => {
      const fieldless = await createAdminRole('Reads without attachments', [
        {
          action: 'plugin::content-manager.explorer.read',
          subject: QR,
          properties: { fields: ['reference', 'stage', 'email'] },
        },
      ]);
      await download(`Bearer ${await adminToken(fieldless)}`).expect(403);
      const creatorOnly = await createAdminRole('Own requests only', [
        {
          action: 'plugin::content-manager.explorer.read',
          subject: QR,
          properties: { fields: ['reference', 'attachmentCount'] },
          conditions: ['admin::is-creator'],
        },
      ]);
      await download(`Bearer ${await adminToken(creatorOnly)}`).expect(403);
    });

    it('the public, an end user, API tokens and odd Authorization headers are refused (401)', async () => {
      const suffix = Math.random().toString(36).slice(2, 8);
      const registered = await api()
        .post('/api/auth/local/register')
        .set('X-Forwarded-For', nextClientIp())
        .send({ username: `user${suffix}`, email: `user${suffix}@client.test`, password: 'Str0ng-Passw0rd!' })
        .expect(200);
      const jwt = body<{ jwt: string }>(registered).jwt;
      const attempts: (string | undefined)[] = [
        undefined,
        `Bearer ${jwt}`,
        `Bearer ${await apiToken('full-access')}`,
        `Bearer ${await apiToken('read-only')}`,
        'Bearer',
        'Bearer  ',
        `Basic ${Buffer.from('admin:admin').toString('base64')}`,
        `Bearer ${tokens['strapi-super-admin']}x`,
        `Bearer ${tokens['strapi-super-admin']}, Bearer ${tokens['strapi-super-admin']}`,
      ];
      for (const authorization of attempts) {
        const res = await download(authorization);
        expect([authorization?.slice(0, 20), res.status]).toEqual([authorization?.slice(0, 20), 401]);
        expect((res.body as Buffer).includes(pdf.subarray(0, 200))).toBe(false);
      }
    });

    it('their rows are not readable through the Content Manager by any role but Super Admin', async () => {
      for (const code of ['sales', 'sales-manager', 'strapi-editor', 'strapi-author']) {
        const res = await api()
          .get(`/content-manager/collection-types/${QA}`)
          .set('Authorization', `Bearer ${tokens[code]}`);
        expect([code, res.status]).toEqual([code, 403]);
      }
    });

    it('every spelling of the path reaches the same checks; other ids are not found', async () => {
      const spellings = [
        `/API/Quote-Requests/${documentId}/Attachments/${attachmentId}`,
        `/api/quote-requests/${documentId}/attachments/${attachmentId}/`,
        `/api/quote-requests/${documentId}/attachments/${attachmentId}?x=1`,
      ];
      for (const url of spellings) {
        await download(`Bearer ${tokens['strapi-super-admin']}`, url).expect(200);
        await download(`Bearer ${tokens['strapi-editor']}`, url).expect(403);
        await download(undefined, url).expect(401);
      }
      const admin = `Bearer ${tokens['strapi-super-admin']}`;
      // The attachment of another request, through this one's path.
      await download(admin, `/api/quote-requests/${otherRequestDocumentId}/attachments/${attachmentId}`).expect(404);
      await download(admin, `/api/quote-requests/${documentId}/attachments/nosuchattachment`).expect(404);
      await download(admin, `/api/quote-requests/${documentId}/attachments/..%2F..%2Fpackage.json`).expect(404);
      await download(admin, `/api/quote-requests/nosuchrequest/attachments/${attachmentId}`).expect(404);
    });
  });

  describe('privacy', () => {
    const withFiles = async (overrides: Record<string, unknown> = {}) => {
      const { json } = await submitWithFiles(validQuoteData(overrides), [
        { name: 'cv-jean.pdf', bytes: pdfOfSize(3000) },
        { name: 'photo.jpg', bytes: jpegBytes() },
      ]);
      const { reference } = (json as { data: { reference: string } }).data;
      const stored = await requestByReference(reference);
      const rows = await rowsOf(stored.id);
      expect(rows).toHaveLength(2);
      return { ...stored, reference, rows, files: rows.map((row) => path.join(dirs().root, row.storedName)) };
    };

    it('the access export holds the files; the erasure deletes them, rows and files', async () => {
      const email = `erase.${Math.random().toString(36).slice(2, 8)}@client.test`;
      const request = await withFiles({ email });
      const superAdmin = await adminToken('strapi-super-admin');
      const exported = await api()
        .get(`/api/quote-requests/${request.documentId}/personal-data`)
        .set('Authorization', `Bearer ${superAdmin}`)
        .expect(200);
      const document = JSON.parse(exported.text) as Record<string, Record<string, unknown>[]>;
      const listed = document['demandes de devis'][0]['pièces jointes'] as Record<string, unknown>[];
      expect(listed.map(({ 'contenu (base64)': _content, ...rest }) => rest)).toEqual([
        { 'nom du fichier': 'cv-jean.pdf', 'taille (octets)': 3000, 'type de fichier': 'application/pdf' },
        { 'nom du fichier': 'photo.jpg', 'taille (octets)': jpegBytes().length, 'type de fichier': 'image/jpeg' },
      ]);
      // The files themselves, as sent: the person gets back what is held.
      expect(listed.map((file) => Buffer.from(String(file['contenu (base64)']), 'base64'))).toEqual(
        request.files.map((file) => fs.readFileSync(file))
      );
      expect(Buffer.from(String(listed[1]['contenu (base64)']), 'base64')).toEqual(jpegBytes());

      await api()
        .post(`/api/quote-requests/${request.documentId}/erase-personal-data`)
        .set('Authorization', `Bearer ${superAdmin}`)
        .expect(200);
      expect(await rowsOf(request.id)).toEqual([]);
      expect(request.files.filter((file) => fs.existsSync(file))).toEqual([]);
      expect((await requestByReference(request.reference)).attachmentCount).toBe(0);
      await api()
        .get(`/api/quote-requests/${request.documentId}/attachments/${request.rows[0].documentId}`)
        .set('Authorization', `Bearer ${superAdmin}`)
        .expect(404);
    });

    it('retention removes them with the rest: anonymised requests and deleted spam', async () => {
      const expired = await withFiles();
      const spam = await withFiles();
      const current = await withFiles();
      const longAgo = new Date(Date.now() - 4000 * 24 * 60 * 60 * 1000);
      // A stage change is activity: marked spam first, then aged.
      await getStrapi()
        .db.query(QR)
        .update({ where: { id: spam.id }, data: { stage: 'spam' } });
      for (const id of [expired.id, spam.id]) {
        await getStrapi()
          .db.query(QR)
          .update({ where: { id }, data: { lastActivityAt: longAgo } });
      }
      await getService('privacy-retention').sweep();
      for (const gone of [expired, spam]) {
        expect(await rowsOf(gone.id)).toEqual([]);
        expect(gone.files.filter((file) => fs.existsSync(file))).toEqual([]);
      }
      expect(await rowsOf(current.id)).toHaveLength(2);
      expect(current.files.every((file) => fs.existsSync(file))).toBe(true);
    });

    it('the CSV export shows how many files each request has', async () => {
      const request = await withFiles({ company: 'Pieces Jointes SA' });
      const res = await api()
        .get('/api/quote-requests/export')
        .set('Authorization', `Bearer ${await adminToken('sales')}`)
        .expect(200);
      const [header, ...lines] = res.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      const columns = header.split(',');
      const attachmentsColumn = columns.indexOf('attachments');
      expect(attachmentsColumn).toBeGreaterThan(-1);
      const line = lines.find((l) => l.startsWith(`${request.reference},`));
      expect(line?.split(',')[attachmentsColumn]).toBe('2');
    });
  });

  it('a restart sweeps what a killed process left: its unfinished uploads, files without a row', async () => {
    const { root, tmpRoot } = dirs();
    // A process of this host that no longer runs (pid far above any live one).
    const deadDir = path.join(tmpRoot, `${path.basename(dirs().tmp).replace(/\.\d+$/, '')}.4194000`);
    fs.mkdirSync(deadDir, { recursive: true });
    fs.writeFileSync(path.join(deadDir, `${'a'.repeat(32)}.part`), 'half an upload');
    const orphan = path.join(root, 'b'.repeat(32));
    fs.writeFileSync(orphan, 'renamed, never committed');
    const old = new Date(Date.now() - 5 * 60 * 1000);
    fs.utimesSync(orphan, old, old);
    const fresh = path.join(root, 'c'.repeat(32));
    fs.writeFileSync(fresh, 'renamed a moment ago: its transaction may still commit');
    const kept = storedFiles().filter((name) => !['b'.repeat(32), 'c'.repeat(32)].includes(name));
    for (const name of kept) fs.utimesSync(path.join(root, name), old, old);

    const swept = await sweepAttachmentFiles(getStrapi());
    expect(swept).toEqual({ temp: 1, orphans: 1 });
    expect(fs.existsSync(deadDir)).toBe(false);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    fs.rmSync(fresh);
    // Every file with a row stays.
    expect(storedFiles().sort()).toEqual(kept.sort());
  });

  it('the daily retention sweep removes them too, without a restart, and says how many', async () => {
    const { root } = dirs();
    const keptBefore = storedFiles().sort();
    // Another instance sharing the folder crashed after placing a file (or an erasure died before its removals).
    const orphan = path.join(root, 'd'.repeat(32));
    fs.writeFileSync(orphan, 'a file no request holds');
    const old = new Date(Date.now() - 5 * 60 * 1000);
    fs.utimesSync(orphan, old, old);
    for (const name of keptBefore) fs.utimesSync(path.join(root, name), old, old);

    const report = await getService('privacy-retention').sweep();
    expect(report.attachmentFilesRemoved).toBe(1);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(storedFiles().sort()).toEqual(keptBefore);
  });
});
