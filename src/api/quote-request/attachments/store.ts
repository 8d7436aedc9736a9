import crypto from 'crypto';
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { RECOGNISED_TYPES, type FileTypeInfo } from '../../../uploads/file-type';
import { newDocumentId } from '../../../utils/document-id';
import { quoteSettings } from '../settings';

/**
 * Files prospects attach to their quote request: kept in QUOTE_ATTACHMENTS_DIR under random names (never
 * under public/, never in the media library), one row of `quote_attachments` each.
 *
 * A file and its row exist together: the upload is written to `tmp/` first, renamed to its random name
 * just before the transaction that inserts the request and its rows, and removed again when that
 * transaction fails. A crash between two of those steps leaves a file without a row (never a row without
 * a file: rows are deleted before their files, and inserted after them); `sweepAttachmentFiles` removes
 * such files at start and on the retention schedule.
 */
export const ATTACHMENT_UID = 'api::quote-request.quote-attachment';

/** What a prospect may attach, recognised by content (src/uploads/file-type.ts). */
export const ACCEPTED_ATTACHMENT_TYPES: readonly FileTypeInfo[] = [
  RECOGNISED_TYPES.pdf,
  RECOGNISED_TYPES.docx,
  RECOGNISED_TYPES.xlsx,
  RECOGNISED_TYPES.pptx,
  RECOGNISED_TYPES.odt,
  RECOGNISED_TYPES.ods,
  RECOGNISED_TYPES.png,
  RECOGNISED_TYPES.jpeg,
];

/** A file of a multipart submission, checked (size, type by content) and still in the temp directory. */
export interface UploadedAttachment {
  tmpPath: string;
  /** The name the prospect's file had, cleaned (no path, no control characters). */
  name: string;
  size: number;
  mime: string;
  sha256: string;
}

/** What the event, the mail, the export and the admin see of an attachment. */
export interface AttachmentSummary {
  name: string;
  size: number;
  type: string;
}

export interface AttachmentRow {
  id: number;
  documentId: string;
  quoteRequestId: number;
  position: number;
  storedName: string;
  fileName: string;
  size: number;
  mime: string;
  sha256: string;
}

/** An upload renamed to its random name, waiting for its row's transaction. */
export interface PlacedAttachment extends UploadedAttachment {
  storedName: string;
  storedPath: string;
}

export interface AttachmentDirs {
  root: string;
  /** Where every process keeps its uploads in progress, one directory each. */
  tmpRoot: string;
  /** This process's: `<host>.<pid>`, so that a restart knows which leftovers no live process is writing. */
  tmp: string;
}

const HOST = os.hostname().replace(/[^A-Za-z0-9_-]/g, '_') || 'host';
const PROCESS_DIR = `${HOST}.${process.pid}`;

export const attachmentDirs = (strapi: Core.Strapi): AttachmentDirs => {
  const root = path.resolve(strapi.dirs.app.root, quoteSettings(strapi).attachments.dir);
  const tmpRoot = path.join(root, 'tmp');
  return { root, tmpRoot, tmp: path.join(tmpRoot, PROCESS_DIR) };
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Owner-only directories: the files are prospects' documents. */
export const ensureAttachmentDirs = async (dirs: AttachmentDirs): Promise<void> => {
  await fs.mkdir(dirs.root, { recursive: true, mode: 0o700 });
  await fs.mkdir(dirs.tmp, { recursive: true, mode: 0o700 });
};

const STORED_NAME = /^[a-f0-9]{32}$/;
const TEMP_NAME = /^[a-f0-9]{32}\.part$/;

export const newTempName = (): string => `${crypto.randomBytes(16).toString('hex')}.part`;

/**
 * The name as shown and offered on download: its last path segment (browsers and some clients send a
 * path), without control or bidirectional-override characters, at most 255 characters.
 */
export const cleanFileName = (raw: string | null | undefined): string => {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'attachment' : cleaned;
};

/** What the idempotency hash covers of a submission's files: their content and names, in order. */
export const attachmentsFingerprint = (files: readonly UploadedAttachment[]): string =>
  files.map((file) => `${file.sha256}:${file.name}`).join('\n');

/** Moves uploads to their random names (same directory tree: a rename, no copy). */
export const placeAttachments = async (
  dirs: AttachmentDirs,
  uploads: readonly UploadedAttachment[]
): Promise<PlacedAttachment[]> => {
  const placed: PlacedAttachment[] = [];
  try {
    for (const upload of uploads) {
      const storedName = crypto.randomBytes(16).toString('hex');
      const storedPath = path.join(dirs.root, storedName);
      await fs.rename(upload.tmpPath, storedPath);
      placed.push({ ...upload, storedName, storedPath });
    }
  } catch (error) {
    await discardPlaced(placed);
    throw error;
  }
  return placed;
};

export const discardPlaced = async (placed: readonly PlacedAttachment[]): Promise<void> => {
  await Promise.all(placed.map((file) => fs.rm(file.storedPath, { force: true })));
};

/** The rows of placed files, for the request `quoteRequestId`, in the order they were sent. */
export const attachmentRowsFor = (
  quoteRequestId: number,
  placed: readonly PlacedAttachment[]
): Omit<AttachmentRow, 'id'>[] =>
  placed.map((file, position) => ({
    documentId: newDocumentId(),
    quoteRequestId,
    position,
    storedName: file.storedName,
    fileName: file.name,
    size: file.size,
    mime: file.mime,
    sha256: file.sha256,
  }));

const ROW_FIELDS = [
  'id',
  'documentId',
  'quoteRequestId',
  'position',
  'storedName',
  'fileName',
  'size',
  'mime',
  'sha256',
];

export const attachmentRowsOf = async (strapi: Core.Strapi, quoteRequestIds: number[]): Promise<AttachmentRow[]> => {
  if (quoteRequestIds.length === 0) return [];
  return (await strapi.db.query(ATTACHMENT_UID).findMany({
    select: ROW_FIELDS,
    where: { quoteRequestId: { $in: quoteRequestIds } },
    orderBy: [{ quoteRequestId: 'asc' }, { position: 'asc' }],
  })) as AttachmentRow[];
};

/**
 * The attachments of one quote request as {name, size, type}, in the order they were sent. Inside a
 * `strapi.db.transaction` it reads that transaction's rows (the submission's own, before its commit).
 */
export const attachmentsOfRequest = async (strapi: Core.Strapi, quoteRequestId: number): Promise<AttachmentSummary[]> =>
  (await attachmentRowsOf(strapi, [quoteRequestId])).map((row) => ({
    name: row.fileName,
    size: Number(row.size),
    type: row.mime,
  }));

export const storedPathOf = (dirs: AttachmentDirs, storedName: string): string => {
  if (!STORED_NAME.test(storedName)) throw new Error('invalid stored attachment name');
  return path.join(dirs.root, storedName);
};

/**
 * Deletes the rows of these requests' attachments (in the caller's transaction, when there is one) and
 * returns the files to remove once it has committed (see `removeStoredFiles`).
 */
export const deleteAttachmentRows = async (strapi: Core.Strapi, quoteRequestIds: number[]): Promise<string[]> => {
  const rows = await attachmentRowsOf(strapi, quoteRequestIds);
  if (rows.length === 0) return [];
  await strapi.db.query(ATTACHMENT_UID).deleteMany({ where: { id: { $in: rows.map((row) => row.id) } } });
  return rows.map((row) => row.storedName);
};

export const removeStoredFiles = async (strapi: Core.Strapi, storedNames: readonly string[]): Promise<void> => {
  const dirs = attachmentDirs(strapi);
  await Promise.all(storedNames.map((name) => fs.rm(storedPathOf(dirs, name), { force: true })));
};

/** Past this age, a temp upload no request is writing, or a stored file without a row, is a crash's leftover. */
export const SWEEP_GRACE_MS = 60 * 1000;

/**
 * Removes the leftovers of a crash (kill -9, power loss): temp uploads not written to for SWEEP_GRACE_MS
 * (an upload in progress writes to its file continuously), and stored files that have no row and are
 * older than that (a rename commits within a transaction's time). Returns how many files went.
 */
export const sweepAttachmentFiles = async (
  strapi: Core.Strapi,
  { graceMs = SWEEP_GRACE_MS, now = Date.now() }: { graceMs?: number; now?: number } = {}
): Promise<{ temp: number; orphans: number }> => {
  const dirs = attachmentDirs(strapi);
  await ensureAttachmentDirs(dirs);
  const stale = async (file: string): Promise<boolean> => {
    try {
      return now - (await fs.stat(file)).mtimeMs >= graceMs;
    } catch {
      // Gone meanwhile (its request ended): nothing to sweep.
      return false;
    }
  };
  let temp = 0;
  for (const processDir of await fs.readdir(dirs.tmpRoot)) {
    const dir = path.join(dirs.tmpRoot, processDir);
    const [host, pid] = [processDir.slice(0, processDir.lastIndexOf('.')), Number(processDir.split('.').pop())];
    // On this host a directory of a process that is gone (killed mid-upload) goes at once, whatever its age;
    // another host's only when nothing was written to it for the grace period.
    const dead = host === HOST && Number.isInteger(pid) && pid !== process.pid && !isAlive(pid);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      if (TEMP_NAME.test(name) && (dead || (await stale(file)))) {
        await fs.rm(file, { force: true });
        temp += 1;
      }
    }
    if (dead) await fs.rm(dir, { recursive: true, force: true });
  }
  const candidates: string[] = [];
  for (const name of await fs.readdir(dirs.root)) {
    if (STORED_NAME.test(name) && (await stale(path.join(dirs.root, name)))) candidates.push(name);
  }
  let orphans = 0;
  for (let i = 0; i < candidates.length; i += 500) {
    const batch = candidates.slice(i, i + 500);
    const known = new Set(
      (
        (await strapi.db.query(ATTACHMENT_UID).findMany({
          select: ['storedName'],
          where: { storedName: { $in: batch } },
        })) as { storedName: string }[]
      ).map((row) => row.storedName)
    );
    for (const name of batch.filter((candidate) => !known.has(candidate))) {
      await fs.rm(path.join(dirs.root, name), { force: true });
      orphans += 1;
    }
  }
  return { temp, orphans };
};
