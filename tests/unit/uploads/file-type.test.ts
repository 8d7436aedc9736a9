import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  bufferSource,
  detectFileType,
  detectFileTypeOfPath,
  MAX_CENTRAL_DIRECTORY_BYTES,
  RECOGNISED_TYPES,
  type ByteSource,
} from '../../../src/uploads/file-type';
import {
  avifBytes,
  docxBytes,
  gifBytes,
  HTML_PAGE,
  jpegBytes,
  odfBytes,
  pdfBytes,
  pngBytes,
  pptxBytes,
  STEAL_JS,
  SVG_WITH_SCRIPT,
  webpBytes,
  xlsxBytes,
  zipBytes,
} from '../../helpers/file-samples';

const detect = async (bytes: Buffer | string) =>
  (await detectFileType(bufferSource(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)))?.mime;

describe('detectFileType: recognised by content', () => {
  it.each([
    ['PNG', pngBytes(), RECOGNISED_TYPES.png.mime],
    ['JPEG', jpegBytes(), RECOGNISED_TYPES.jpeg.mime],
    ['GIF', gifBytes(), RECOGNISED_TYPES.gif.mime],
    ['WebP', webpBytes(), RECOGNISED_TYPES.webp.mime],
    ['AVIF', avifBytes(), RECOGNISED_TYPES.avif.mime],
    ['PDF', pdfBytes(), RECOGNISED_TYPES.pdf.mime],
    ['DOCX', docxBytes(), RECOGNISED_TYPES.docx.mime],
    ['XLSX', xlsxBytes(), RECOGNISED_TYPES.xlsx.mime],
    ['PPTX', pptxBytes(), RECOGNISED_TYPES.pptx.mime],
    ['ODT', odfBytes('application/vnd.oasis.opendocument.text'), RECOGNISED_TYPES.odt.mime],
    ['ODS', odfBytes('application/vnd.oasis.opendocument.spreadsheet'), RECOGNISED_TYPES.ods.mime],
  ])('%s', async (_name, bytes, mime) => {
    expect(await detect(bytes)).toBe(mime);
  });

  it('a zip with a trailing archive comment is still read (end record searched backwards)', async () => {
    const docx = docxBytes();
    const comment = Buffer.from('made by a word processor');
    docx.writeUInt16LE(comment.length, docx.length - 2);
    expect(await detect(Buffer.concat([docx, comment]))).toBe(RECOGNISED_TYPES.docx.mime);
  });
});

describe('detectFileType: never recognised (text formats have no signature)', () => {
  it.each([
    ['HTML', HTML_PAGE('/uploads/steal_abc123.js')],
    ['HTML starting with whitespace', `\n\n  ${HTML_PAGE('/x.js')}`],
    ['SVG with a script', SVG_WITH_SCRIPT],
    ['SVG with an XML declaration', `<?xml version="1.0"?>${SVG_WITH_SCRIPT}`],
    ['JavaScript', STEAL_JS],
    ['XML', '<?xml version="1.0"?><root/>'],
    ['plain text', 'hello'],
    ['a PDF header after leading bytes (readers tolerate it; not this)', `<html>%PDF-1.4${'x'.repeat(20)}`],
  ])('%s', async (_name, text) => {
    expect(await detect(text)).toBeUndefined();
  });

  it('an HTML file renamed .png is what its bytes are: unrecognised', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-type-'));
    try {
      const file = path.join(dir, 'photo.png');
      fs.writeFileSync(file, HTML_PAGE('/uploads/steal.js'));
      expect(await detectFileTypeOfPath(file)).toBeUndefined();
      fs.writeFileSync(file, jpegBytes());
      expect((await detectFileTypeOfPath(file))?.mime).toBe('image/jpeg');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an empty file', async () => {
    expect(await detect(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('detectFileType: truncated or malformed files fail closed', () => {
  it.each([
    ['PNG signature without its IHDR chunk', pngBytes().subarray(0, 8)],
    ['PNG cut inside IHDR', pngBytes().subarray(0, 14)],
    ['JPEG SOI only', jpegBytes().subarray(0, 3)],
    ['GIF cut in its version', gifBytes().subarray(0, 4)],
    ['WebP without its first chunk', webpBytes().subarray(0, 12)],
    ['AVIF box cut short', avifBytes().subarray(0, 12)],
    ['PDF cut in its header', pdfBytes().subarray(0, 5)],
    ['zip header only', docxBytes().subarray(0, 30)],
    ['DOCX without its end record', docxBytes().subarray(0, docxBytes().length - 22)],
    ['DOCX cut inside its central directory', docxBytes().subarray(0, docxBytes().length - 40)],
    ['ODT whose mimetype entry is cut', odfBytes('application/vnd.oasis.opendocument.text').subarray(0, 50)],
  ])('%s', async (_name, bytes) => {
    expect(await detect(bytes)).toBeUndefined();
  });

  it('a zip without [Content_Types].xml is no office document', async () => {
    expect(await detect(zipBytes([{ name: 'word/document.xml', data: '<w/>' }]))).toBeUndefined();
  });

  it('a zip claiming two office kinds at once is refused', async () => {
    const both = zipBytes([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w/>' },
      { name: 'xl/workbook.xml', data: '<x/>' },
    ]);
    expect(await detect(both)).toBeUndefined();
  });

  it('a macro-enabled document (vbaProject.bin) is not DOCX', async () => {
    const docm = zipBytes([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w/>' },
      { name: 'word/vbaProject.bin', data: Buffer.alloc(16) },
    ]);
    expect(await detect(docm)).toBeUndefined();
  });

  it('an ODF whose mimetype is not first, or names another type, is not ODF', async () => {
    const notFirst = zipBytes([
      { name: 'content.xml', data: '<c/>' },
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
    ]);
    expect(await detect(notFirst)).toBeUndefined();
    expect(await detect(odfBytes('text/html'))).toBeUndefined();
    expect(await detect(odfBytes('application/vnd.oasis.opendocument.graphics'))).toBeUndefined();
  });

  it('a central directory larger than the bound is not read', async () => {
    const docx = docxBytes();
    docx.writeUInt32LE(MAX_CENTRAL_DIRECTORY_BYTES + 1, docx.length - 22 + 12);
    expect(await detect(docx)).toBeUndefined();
  });

  it('a ZIP64 end record is not followed', async () => {
    const docx = docxBytes();
    docx.writeUInt16LE(0xffff, docx.length - 22 + 10);
    expect(await detect(docx)).toBeUndefined();
  });

  it('a central directory pointing past the end of the file is refused', async () => {
    const docx = docxBytes();
    docx.writeUInt32LE(docx.length, docx.length - 22 + 16);
    expect(await detect(docx)).toBeUndefined();
  });

  it('reads are bounded: a 20 MB file is identified from a few KB', async () => {
    const big = Buffer.concat([pngBytes(), Buffer.alloc(20 * 1024 * 1024)]);
    const requested: number[] = [];
    const source: ByteSource = {
      size: big.length,
      read(offset, length) {
        requested.push(length);
        return bufferSource(big).read(offset, length);
      },
    };
    expect((await detectFileType(source))?.mime).toBe('image/png');
    expect(Math.max(...requested)).toBeLessThanOrEqual(4096);

    const bigZip = Buffer.concat([zipBytes([{ name: 'a.bin', data: Buffer.alloc(5 * 1024 * 1024) }])]);
    requested.length = 0;
    await detectFileType({
      size: bigZip.length,
      read: (offset, length) => {
        requested.push(length);
        return bufferSource(bigZip).read(offset, length);
      },
    });
    expect(requested.reduce((sum, length) => sum + length, 0)).toBeLessThan(80 * 1024);
  });

  it('a file that cannot be read rejects (the caller refuses it)', async () => {
    await expect(detectFileTypeOfPath(path.join(os.tmpdir(), 'no-such-upload-file'))).rejects.toThrow();
  });
});
