import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  checkUploadedFile,
  DEFAULT_UPLOAD_ALLOWED_TYPES,
  nameWithExtensionOf,
  normaliseToContent,
  parseAllowedUploadTypes,
} from '../../../src/uploads/upload-policy';
import { RECOGNISED_TYPES } from '../../../src/uploads/file-type';
import { servedAs, uploadsFileOf, UPLOADS_CONTENT_SECURITY_POLICY } from '../../../src/uploads/serving';
import { renameMultipartFileInfos } from '../../../src/uploads/upload-guard';
import { HTML_PAGE, pdfBytes, pngBytes } from '../../helpers/file-samples';

describe('UPLOAD_ALLOWED_TYPES', () => {
  it('defaults to the images the site uses and PDF', () => {
    expect(parseAllowedUploadTypes(DEFAULT_UPLOAD_ALLOWED_TYPES)).toEqual([
      'image/png',
      'image/jpeg',
      'image/gif',
      'image/webp',
      'image/avif',
      'application/pdf',
    ]);
  });

  it('is trimmed, lower-cased and deduplicated; empty allows nothing', () => {
    expect(parseAllowedUploadTypes(' Image/PNG , image/png,,application/pdf ')).toEqual([
      'image/png',
      'application/pdf',
    ]);
    expect(parseAllowedUploadTypes('')).toEqual([]);
  });

  it.each(['image/svg+xml', 'text/html', 'application/javascript', 'image/*', '*/*'])(
    'refuses %s, which content cannot identify, with an error naming it',
    (type) => {
      expect(() => parseAllowedUploadTypes(`image/png,${type}`)).toThrow(type);
    }
  );
});

describe('checkUploadedFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-policy-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, bytes: Buffer | string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const allowed = parseAllowedUploadTypes(DEFAULT_UPLOAD_ALLOWED_TYPES);

  it('accepts by content, whatever the name and declared type say', async () => {
    const check = await checkUploadedFile(
      { filepath: write('a', pdfBytes()), originalFilename: 'report.png', mimetype: 'image/png' },
      allowed
    );
    expect(check).toEqual({ allowed: true, type: RECOGNISED_TYPES.pdf });
  });

  it('refuses HTML named and declared as a PNG, naming the file and the allowed types', async () => {
    const check = await checkUploadedFile(
      { filepath: write('b', HTML_PAGE('/x.js')), originalFilename: 'page.png', mimetype: 'image/png' },
      allowed
    );
    expect(check).toEqual({
      allowed: false,
      fileName: 'page.png',
      message: `"page.png" was refused: its content is not one of the allowed types (${allowed.join(', ')})`,
    });
  });

  it('refuses a recognised type that is not allowed, and everything when the list is empty', async () => {
    const png = write('c', pngBytes());
    expect((await checkUploadedFile({ filepath: png, originalFilename: 'x.png' }, ['application/pdf'])).allowed).toBe(
      false
    );
    const empty = await checkUploadedFile({ filepath: png, originalFilename: 'x.png' }, []);
    expect(empty.allowed).toBe(false);
    expect(!empty.allowed && empty.message).toContain('uploads are disabled');
  });

  it('refuses a file without a path', async () => {
    expect((await checkUploadedFile({ originalFilename: 'x.png' }, allowed)).allowed).toBe(false);
  });
});

describe('stored under the real type', () => {
  it('replaces the extension of a mismatched name', () => {
    expect(nameWithExtensionOf('photo.png', RECOGNISED_TYPES.jpeg)).toBe('photo.jpg');
    expect(nameWithExtensionOf('scan', RECOGNISED_TYPES.pdf)).toBe('scan.pdf');
    // A dot file has no extension (path.extname): the real one is added.
    expect(nameWithExtensionOf('.png', RECOGNISED_TYPES.gif)).toBe('.png.gif');
  });

  it('normalises the name and both types; keeps a matching extension as written', () => {
    const mismatched = { originalFilename: 'photo.png', mimetype: 'image/png' };
    normaliseToContent(mismatched, RECOGNISED_TYPES.jpeg);
    expect(mismatched).toEqual({
      originalFilename: 'photo.jpg',
      mimetype: 'image/jpeg',
      detectedMimeType: 'image/jpeg',
    });
    const matching = { originalFilename: 'Photo.JPEG', mimetype: 'application/octet-stream' };
    normaliseToContent(matching, RECOGNISED_TYPES.jpeg);
    expect(matching.originalFilename).toBe('Photo.JPEG');
  });
});

describe('serving /uploads', () => {
  it('the policy runs nothing', () => {
    expect(UPLOADS_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; sandbox");
  });

  it.each([
    ['a.png', 'image/png', 'inline'],
    ['a.JPG', 'image/jpeg', 'inline'],
    ['a.jpeg', 'image/jpeg', 'inline'],
    ['a.gif', 'image/gif', 'inline'],
    ['a.webp', 'image/webp', 'inline'],
    ['a.avif', 'image/avif', 'inline'],
    ['a.pdf', 'application/pdf', 'inline'],
    ['a.docx', RECOGNISED_TYPES.docx.mime, 'attachment'],
    ['a.html', 'application/octet-stream', 'attachment'],
    ['a.htm', 'application/octet-stream', 'attachment'],
    ['a.svg', 'application/octet-stream', 'attachment'],
    ['a.js', 'application/octet-stream', 'attachment'],
    ['a.xml', 'application/octet-stream', 'attachment'],
    ['noextension', 'application/octet-stream', 'attachment'],
  ])('%s is served as %s, %s', (name, contentType, disposition) => {
    expect(servedAs(name)).toEqual({ contentType, disposition });
  });

  it.each([
    ['/uploads/a.html', 'a.html'],
    ['/Uploads/a.html', 'a.html'],
    ['/%75ploads/a.html', 'a.html'],
    ['//uploads//a.html', 'a.html'],
    ['/x/../uploads/a.html', 'a.html'],
    ['/uploads/%2e%2e/uploads/a.html', 'a.html'],
    ['/uploads\\a.html', 'a.html'],
  ])('%s names the upload %s', (requestPath, file) => {
    expect(uploadsFileOf(requestPath)).toBe(file);
  });

  it.each(['/uploads', '/example/index.html', '/api/upload', '/%E0%A4%A'])(
    '%s is not under /uploads',
    (requestPath) => {
      expect(uploadsFileOf(requestPath)).toBeUndefined();
    }
  );
});

describe('renameMultipartFileInfos', () => {
  it('renames the fileInfo of a renamed file, in every shape the body takes; leaves the rest', () => {
    const renamed = new Map([['photo.png', 'photo.jpg']]);
    const body = {
      fileInfo: [
        JSON.stringify({ name: 'photo.png', alternativeText: 'a' }),
        JSON.stringify({ name: 'other.png' }),
        'not json',
      ],
    };
    renameMultipartFileInfos(body, renamed);
    expect(body.fileInfo).toEqual([
      JSON.stringify({ name: 'photo.jpg', alternativeText: 'a' }),
      JSON.stringify({ name: 'other.png' }),
      'not json',
    ]);
    const single = { fileInfo: { name: 'photo.png' } as unknown };
    renameMultipartFileInfos(single, renamed);
    expect(single.fileInfo).toEqual({ name: 'photo.jpg' });
    const none = { other: 1 };
    renameMultipartFileInfos(none, renamed);
    expect(none).toEqual({ other: 1 });
  });
});
