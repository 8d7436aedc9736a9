import { open } from 'fs/promises';

/**
 * What a file IS, from its bytes: never from its name or the type a client declared. Uploads (the media
 * library) and attachments decide on this alone.
 *
 * Only positive identification counts: a file is one of the types below when its structure says so, and
 * `undefined` otherwise (text formats such as HTML, SVG, JavaScript have no signature and are never
 * recognised). Every read is bounded (a few KB at the start, the zip central directory up to
 * `MAX_CENTRAL_DIRECTORY_BYTES`); what cannot be read or parsed within those bounds is unrecognised.
 */

export interface FileTypeInfo {
  /** The IANA media type. */
  mime: string;
  /** The extension a file of this type is stored and served under, without the dot. */
  ext: string;
}

export const RECOGNISED_TYPES = {
  png: { mime: 'image/png', ext: 'png' },
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  gif: { mime: 'image/gif', ext: 'gif' },
  webp: { mime: 'image/webp', ext: 'webp' },
  avif: { mime: 'image/avif', ext: 'avif' },
  pdf: { mime: 'application/pdf', ext: 'pdf' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx' },
  odt: { mime: 'application/vnd.oasis.opendocument.text', ext: 'odt' },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', ext: 'ods' },
  odp: { mime: 'application/vnd.oasis.opendocument.presentation', ext: 'odp' },
} as const satisfies Record<string, FileTypeInfo>;

const ALL_TYPES: readonly FileTypeInfo[] = Object.values(RECOGNISED_TYPES);

/** Every media type the sniffer can recognise (an allow-list may only name these). */
export const recognisedMimeTypes = (): string[] => ALL_TYPES.map((type) => type.mime);

export const typeOfMime = (mime: string): FileTypeInfo | undefined =>
  ALL_TYPES.find((type) => type.mime === mime.trim().toLowerCase());

/** A bounded random-access view of a file: the sniffer never asks for more than it needs. */
export interface ByteSource {
  size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** How many bytes of the start of a file identify the non-zip types. */
export const HEAD_BYTES = 4096;
/** The end-of-central-directory record (22 bytes) may be followed by a comment of up to 65,535 bytes. */
const EOCD_SEARCH_BYTES = 22 + 0xffff;
/** A central directory larger than this is not read (fail closed): office documents have a few KB. */
export const MAX_CENTRAL_DIRECTORY_BYTES = 1024 * 1024;
const MAX_ZIP_ENTRIES = 10000;

export const bufferSource = (bytes: Uint8Array): ByteSource => ({
  size: bytes.length,
  read: (offset, length) => Promise.resolve(bytes.subarray(offset, Math.min(bytes.length, offset + length))),
});

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((byte, index) => bytes[at + index] === byte);

const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

const u16 = (bytes: Uint8Array, at: number): number => bytes[at] | (bytes[at + 1] << 8);
const u32 = (bytes: Uint8Array, at: number): number =>
  (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 0x1000000;
const u32be = (bytes: Uint8Array, at: number): number =>
  bytes[at] * 0x1000000 + ((bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EOCD = [0x50, 0x4b, 0x05, 0x06];
const ZIP_CENTRAL_HEADER = [0x50, 0x4b, 0x01, 0x02];

/** PNG: the signature, then the IHDR chunk (13 bytes) that every PNG starts with. */
const isPng = (head: Uint8Array): boolean =>
  startsWith(head, PNG) && u32be(head, 8) === 13 && ascii(head, 12, 16) === 'IHDR';

/** JPEG: SOI followed by the first marker (APPn, DQT, SOF, DHT, COM...). */
const isJpeg = (head: Uint8Array): boolean => startsWith(head, JPEG) && head.length >= 4 && head[3] >= 0xc0;

const isGif = (head: Uint8Array): boolean => ['GIF87a', 'GIF89a'].includes(ascii(head, 0, 6));

/** WebP: a RIFF container of form type WEBP whose first chunk is VP8, VP8L or VP8X. */
const isWebp = (head: Uint8Array): boolean =>
  ascii(head, 0, 4) === 'RIFF' &&
  ascii(head, 8, 12) === 'WEBP' &&
  ['VP8 ', 'VP8L', 'VP8X'].includes(ascii(head, 12, 16));

/** AVIF: an ISO-BMFF `ftyp` box whose major brand is avif (still) or avis (sequence). */
const isAvif = (head: Uint8Array): boolean => {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return false;
  const boxSize = u32be(head, 0);
  return boxSize >= 16 && boxSize <= head.length && ['avif', 'avis'].includes(ascii(head, 8, 12));
};

/** PDF: the header at the very start (readers tolerate leading junk; this does not). */
const isPdf = (head: Uint8Array): boolean => /^%PDF-\d\.\d/.test(ascii(head, 0, 8));

interface ZipEntry {
  name: string;
}

/**
 * The entry names of a zip's central directory, or undefined when it cannot be read within bounds
 * (no end record, ZIP64, a directory over MAX_CENTRAL_DIRECTORY_BYTES, entries past its end).
 */
const readZipEntries = async (source: ByteSource): Promise<ZipEntry[] | undefined> => {
  const tailLength = Math.min(source.size, EOCD_SEARCH_BYTES);
  const tail = await source.read(source.size - tailLength, tailLength);
  let eocd = -1;
  for (let at = tail.length - 22; at >= 0; at -= 1) {
    if (startsWith(tail, ZIP_EOCD, at)) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entryCount = u16(tail, eocd + 10);
  const directorySize = u32(tail, eocd + 12);
  const directoryOffset = u32(tail, eocd + 16);
  // 0xFFFF / 0xFFFFFFFF mean "see the ZIP64 record": not read.
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return undefined;
  if (entryCount === 0 || entryCount > MAX_ZIP_ENTRIES || directorySize > MAX_CENTRAL_DIRECTORY_BYTES) return undefined;
  if (directoryOffset + directorySize > source.size) return undefined;
  const directory = await source.read(directoryOffset, directorySize);
  if (directory.length !== directorySize) return undefined;
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let index = 0; index < entryCount; index += 1) {
    if (!startsWith(directory, ZIP_CENTRAL_HEADER, at) || at + 46 > directory.length) return undefined;
    const nameLength = u16(directory, at + 28);
    const extraLength = u16(directory, at + 30);
    const commentLength = u16(directory, at + 32);
    if (at + 46 + nameLength > directory.length) return undefined;
    entries.push({ name: Buffer.from(directory.subarray(at + 46, at + 46 + nameLength)).toString('utf8') });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
};

/**
 * ODF: the first local entry is `mimetype`, stored uncompressed, holding the document's media type
 * (OpenDocument 1.2 Part 3, §3.3).
 */
const odfType = (head: Uint8Array): FileTypeInfo | undefined => {
  if (head.length < 30) return undefined;
  const method = u16(head, 8);
  const storedSize = u32(head, 18);
  const nameLength = u16(head, 26);
  const extraLength = u16(head, 28);
  if (method !== 0 || nameLength !== 8 || ascii(head, 30, 38) !== 'mimetype' || storedSize > 100) return undefined;
  const dataStart = 30 + nameLength + extraLength;
  if (dataStart + storedSize > head.length) return undefined;
  const declared = ascii(head, dataStart, dataStart + storedSize);
  return [RECOGNISED_TYPES.odt, RECOGNISED_TYPES.ods, RECOGNISED_TYPES.odp].find((type) => type.mime === declared);
};

/**
 * OOXML (ECMA-376 Part 2): a zip with `[Content_Types].xml` and the parts of exactly one of Word
 * (`word/`), Excel (`xl/`) or PowerPoint (`ppt/`). A macro project (`vbaProject.bin`) makes it a
 * macro-enabled document (.docm, .xlsm, .pptm), which is not one of these types.
 */
const ooxmlType = (entries: ZipEntry[]): FileTypeInfo | undefined => {
  const names = entries.map((entry) => entry.name);
  if (!names.includes('[Content_Types].xml')) return undefined;
  if (names.some((name) => /(^|\/)vbaProject\.bin$/i.test(name))) return undefined;
  const kinds = [
    { prefix: 'word/', type: RECOGNISED_TYPES.docx },
    { prefix: 'xl/', type: RECOGNISED_TYPES.xlsx },
    { prefix: 'ppt/', type: RECOGNISED_TYPES.pptx },
  ].filter(({ prefix }) => names.some((name) => name.startsWith(prefix)));
  return kinds.length === 1 ? kinds[0].type : undefined;
};

/** The type of the file the source holds, or undefined when its bytes identify none of RECOGNISED_TYPES. */
export const detectFileType = async (source: ByteSource): Promise<FileTypeInfo | undefined> => {
  if (!Number.isSafeInteger(source.size) || source.size <= 0) return undefined;
  const head = await source.read(0, Math.min(source.size, HEAD_BYTES));
  if (isPng(head)) return RECOGNISED_TYPES.png;
  if (isJpeg(head)) return RECOGNISED_TYPES.jpeg;
  if (isGif(head)) return RECOGNISED_TYPES.gif;
  if (isWebp(head)) return RECOGNISED_TYPES.webp;
  if (isAvif(head)) return RECOGNISED_TYPES.avif;
  if (isPdf(head)) return RECOGNISED_TYPES.pdf;
  if (startsWith(head, ZIP_LOCAL_HEADER)) {
    const odf = odfType(head);
    if (odf) return odf;
    const entries = await readZipEntries(source);
    return entries ? ooxmlType(entries) : undefined;
  }
  return undefined;
};

/**
 * The type of a file on disk, read through a bounded ByteSource. A file that cannot be opened or read
 * rejects: the caller refuses the upload.
 */
export const detectFileTypeOfPath = async (filePath: string): Promise<FileTypeInfo | undefined> => {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const fileHandle = handle;
    return await detectFileType({
      size,
      async read(offset, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await fileHandle.read(buffer, 0, buffer.length, offset);
        return buffer.subarray(0, bytesRead);
      },
    });
  } finally {
    await handle.close();
  }
};
