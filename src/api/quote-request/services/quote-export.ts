import type { Transform } from 'stream';
import { setImmediate as turnOfEventLoop } from 'timers/promises';
import type { Core } from '@strapi/strapi';
import { QUOTE_REQUEST_UID } from '../constants';
import { SpreadsheetText, csvStream, type CsvColumn, type CsvSeparatorName } from '../domain/csv';
import { tagsLabel, valueLabel } from '../domain/value-labels';
import type { ExportFilters } from '../validation/export-query';
import {
  getStrapiService,
  type AdminAbility,
  type ContentManagerPermissionChecker,
} from '../../../utils/strapi-services';

type Row = Record<string, unknown>;

/** Each column is one attribute of the request: it is exported only to roles allowed to read that attribute. */
interface ExportColumn extends CsvColumn<Row> {
  field: string;
}

const column = (header: string, field = header): ExportColumn => ({ header, field, value: (r) => r[field] });

/** The columns holding a moment: written in the desk's zone for the French Excel format. */
const DATE_COLUMNS = new Set(['receivedAt', 'expectedResponseBy', 'firstResponseAt']);

/** `2026-11-30T10:00:00.000Z`: a consent text's version is the moment its wording was published. */
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Values written in words in the French Excel file, by column. */
const FRENCH_WORDS: Record<string, (value: unknown) => unknown> = {
  stage: (value) => valueLabel.stage(value, 'fr'),
  requestedModel: (value) => valueLabel.model(value, 'fr'),
  scope: (value) => valueLabel.scope(value, 'fr'),
  approach: (value) => valueLabel.approach(value, 'fr'),
  tags: (value) => tagsLabel(value, 'fr'),
  locale: (value) => valueLabel.language(value, 'fr'),
  notificationStatus: (value) => valueLabel.delivery(value, 'fr'),
  phone: (value) => (typeof value === 'string' ? new SpreadsheetText(value) : value),
};

/** The French Excel file's column order: what a sales person reads first, then the rest, consent last. */
const FRENCH_ORDER = [
  'reference',
  'receivedAt',
  'fullName',
  'company',
  'requestedModel',
  'stage',
  'scope',
  'approach',
  'tags',
  'jobTitle',
  'email',
  'phone',
  'locale',
  'message',
  'attachments',
  'sourceUrl',
  'expectedResponseBy',
  'firstResponseAt',
  'notificationStatus',
  'routedTo',
  'internalNotes',
  'consentTextVersion',
  'consentTextHash',
];

/** Column titles of the French Excel file (`format=excel-fr`); the default CSV keeps its technical headers. */
export const FRENCH_HEADERS: Record<string, string> = {
  reference: 'Référence',
  receivedAt: 'Reçue le',
  consentTextVersion: 'Version du texte de consentement',
  consentTextHash: 'Empreinte du texte de consentement',
  stage: 'Étape',
  requestedModel: 'Modèle demandé',
  scope: 'Périmètre',
  approach: 'Approche',
  tags: 'Étiquettes',
  company: 'Entreprise',
  fullName: 'Nom',
  jobTitle: 'Fonction',
  email: 'Adresse e-mail',
  phone: 'Téléphone',
  locale: 'Langue',
  message: 'Message',
  attachments: 'Pièces jointes',
  sourceUrl: "Page d'origine",
  expectedResponseBy: 'Réponse promise avant',
  firstResponseAt: 'Première réponse le',
  notificationStatus: 'État des e-mails',
  routedTo: 'Transmise à',
  internalNotes: 'Notes internes',
};

/** `2026-12-04 20:14` in `timeZone`: what a French spreadsheet reads as a date and time. */
export const spreadsheetDateTime = (value: unknown, timeZone: string): unknown => {
  if (value === null || value === undefined || value === '') return value;
  const date =
    value instanceof Date
      ? value
      : typeof value === 'number' || typeof value === 'string'
        ? new Date(value)
        : undefined;
  if (!date) return value;
  if (Number.isNaN(date.getTime())) return value;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value])
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
};

/** How the file is written: the default CSV, or the file a French Excel opens as it is. */
export type ExportFormat = { kind: 'csv'; separator: CsvSeparatorName } | { kind: 'excel-fr'; timeZone: string };

const columnsFor = (columns: ExportColumn[], format: ExportFormat): ExportColumn[] => {
  if (format.kind === 'csv') return columns;
  const { timeZone } = format;
  const rank = (c: ExportColumn): number => {
    const index = FRENCH_ORDER.indexOf(c.header);
    return index < 0 ? FRENCH_ORDER.length : index;
  };
  return [...columns]
    .sort((a, b) => rank(a) - rank(b))
    .map((c) => {
      const words = FRENCH_WORDS[c.header];
      const value: (r: Row) => unknown = DATE_COLUMNS.has(c.header)
        ? (r) => spreadsheetDateTime(r[c.field], timeZone)
        : c.header === 'consentTextVersion'
          ? (r) => {
              const version = r[c.field];
              return typeof version === 'string' && ISO_MOMENT.test(version)
                ? spreadsheetDateTime(version, timeZone)
                : version;
            }
          : words
            ? (r) => words(r[c.field])
            : c.value;
      return { ...c, header: FRENCH_HEADERS[c.header] ?? c.header, value };
    });
};

const COLUMNS: ExportColumn[] = [
  column('reference'),
  // The moment the requester submitted (and consented): stored as consentAt at submission.
  column('receivedAt', 'consentAt'),
  column('consentTextVersion'),
  column('consentTextHash'),
  column('stage'),
  column('requestedModel'),
  column('scope'),
  column('approach'),
  column('tags'),
  column('company'),
  column('fullName'),
  column('jobTitle'),
  column('email'),
  column('phone'),
  // The requester's language, stored as `language` (`locale` is i18n's); the column keeps its name.
  column('locale', 'language'),
  column('message'),
  // How many files the requester attached (the files themselves are downloaded from the request).
  column('attachments', 'attachmentCount'),
  column('sourceUrl'),
  column('expectedResponseBy'),
  column('firstResponseAt'),
  column('notificationStatus'),
  column('routedTo'),
  column('internalNotes'),
];

/**
 * The export walks the matching requests in pages of keys (id, createdAt; keyset pagination), then
 * reads each page's rows by id, ROW_BATCH at a time, and gives the event loop a turn after every row.
 *
 * Memory: what an export holds is one page of keys, one batch of rows and the stream buffers, whatever
 * the number of rows. What made the server's RSS grow during a 100,000-row export (by 100 to 275 MB)
 * was garbage, not data: objects that outlive a couple of young-generation collections are promoted to
 * V8's old generation and stay there until the next full collection. A page of 1,000 full rows lives
 * that long (~2.5 kB a row promoted); a batch of 50 does not; smaller batches cost more queries, and
 * each query leaves some promoted garbage of its own. And when nothing ever waits (SQLite answers
 * synchronously, a local client reads as fast as we write), the export runs as one chain of promise
 * callbacks: V8's incremental marking, which runs as event-loop tasks, could not finish a full
 * collection until the end, and every other request (health checks included) waited for it too.
 */
export const EXPORT_PAGE_SIZE = 1000;
const ROW_BATCH = 50;

type ReadPermissionChecker = ContentManagerPermissionChecker;

/**
 * The rows after `last` in the export's order (keyset pagination): unlike an OFFSET, a request created
 * during the export cannot shift a page and make a row appear twice or not at all; it sorts before the
 * first page, so an export lists the requests that existed when it started (minus any deleted since).
 * Strapi writes `createdAt` from a JavaScript Date, so the stored value has the millisecond precision
 * the cursor carries and the comparisons below are exact. Written as `createdAt <= c AND (createdAt < c
 * OR id < i)` rather than `createdAt < c OR (createdAt = c AND id < i)`: the same rows, and a form a
 * database can answer from an index on (created_at, id) by reading it backwards from the cursor.
 */
const after = (last: Row): Row => ({
  $and: [
    { createdAt: { $lte: last.createdAt } },
    { $or: [{ createdAt: { $lt: last.createdAt } }, { id: { $lt: last.id } }] },
  ],
});

/**
 * Quote requests as CSV for sales spreadsheets, newest first, filtered by date range, stage and model,
 * or by the Content Manager list's own filters.
 * Access is exactly the Content Manager's: its permission checker adds the role's conditions to the
 * query (an Author's `is-creator` matches no request) and strips the fields the role may not read; a
 * column is exported only when its attribute is readable, so a role allowed two fields gets two columns.
 *
 * Every matching row is exported, streamed a page at a time: memory stays flat whatever the size.
 * There is no row count header: a count taken before streaming cannot be promised equal to the rows
 * written while requests keep arriving, changing stage or being deleted, short of holding one read
 * transaction open for the whole download (on SQLite that would hold up every submission). The file's
 * own records are the count; a failure mid-way cuts the download off rather than ending it cleanly.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  checkerFor(userAbility: AdminAbility): ReadPermissionChecker {
    return getStrapiService('plugin::content-manager.permission-checker').create({
      userAbility,
      model: QUOTE_REQUEST_UID,
    });
  },

  /**
   * The CSV as a stream, for a Koa body. The first page is read before this resolves, so a failing
   * query is still answered with an error status; later pages are read only as the client consumes.
   */
  async exportCsv(
    filters: ExportFilters,
    checker: ReadPermissionChecker,
    {
      format = { kind: 'csv', separator: 'comma' },
      pageSize = EXPORT_PAGE_SIZE,
    }: { format?: ExportFormat; pageSize?: number } = {}
  ): Promise<{ stream: Transform; columns: string[] }> {
    const conditions: Row[] = [];
    if (filters.from) conditions.push({ createdAt: { $gte: filters.from.toISOString() } });
    if (filters.to) conditions.push({ createdAt: { $lte: filters.to.toISOString() } });
    if (filters.stage?.length) conditions.push({ stage: { $in: filters.stage } });
    if (filters.model?.length) conditions.push({ requestedModel: { $in: filters.model } });
    if (filters.listFilters && Object.keys(filters.listFilters).length > 0) conditions.push(filters.listFilters);

    const columns = COLUMNS.filter((c) => checker.can.read(undefined, c.field));
    // Only the exported attributes are read (plus `createdAt` for the cursor; `id` always comes): the
    // per-row sanitising walks every attribute of a row, and is most of an export's time. `createdBy` is
    // still populated: the built-in conditions (the only ones this app uses) are about the creator.
    const fields = [...new Set([...columns.map((c) => c.field), 'createdAt'])];
    // The checker adds the role's conditions to the filters, once. The cursor is added after sanitising
    // (it is the export's own, on `createdAt` and `id`), and so is the order it relies on.
    const query = await checker.sanitizedQuery.read({
      filters: conditions.length > 0 ? { $and: conditions } : {},
      fields,
    });
    const permitted = query.filters;
    const narrowed = (extra: Row): Record<string, unknown> => ({
      ...query,
      filters: permitted ? { $and: [permitted, extra] } : extra,
    });
    // Newest first; `id` breaks ties between requests created in the same millisecond.
    const order: [{ createdAt: 'desc' }, { id: 'desc' }] = [{ createdAt: 'desc' }, { id: 'desc' }];

    const keysAfter = (last: Row | undefined): Promise<Row[]> =>
      strapi.documents(QUOTE_REQUEST_UID).findMany({
        ...(last === undefined ? query : narrowed(after(last))),
        fields: ['createdAt'],
        sort: order,
        limit: pageSize,
      });
    // A row may have changed or gone since its key was read: a batch is read with the same filters and
    // conditions, so it holds only rows that still match.
    const rowsWithIds = (ids: unknown[]): Promise<Row[]> =>
      strapi.documents(QUOTE_REQUEST_UID).findMany({
        ...narrowed({ id: { $in: ids } }),
        sort: order,
        limit: ids.length,
        populate: ['createdBy'],
      });

    const first = await keysAfter(undefined);
    async function* sanitizedRows(): AsyncGenerator<Row> {
      let keys = first;
      for (;;) {
        for (let i = 0; i < keys.length; i += ROW_BATCH) {
          const rows = await rowsWithIds(keys.slice(i, i + ROW_BATCH).map((key) => key.id));
          for (const row of rows) {
            yield await checker.sanitizeOutput(row);
            await turnOfEventLoop();
          }
        }
        if (keys.length < pageSize) return;
        keys = await keysAfter(keys[keys.length - 1]);
      }
    }

    const written = columnsFor(columns, format);
    const separator = format.kind === 'csv' ? format.separator : 'semicolon';
    return { stream: csvStream(sanitizedRows(), written, separator), columns: written.map((c) => c.header) };
  },
});
