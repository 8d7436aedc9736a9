import type { Core } from '@strapi/strapi';
import { QUOTE_REQUEST_UID } from '../constants';
import { toCsv, type CsvColumn } from '../domain/csv';
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

const COLUMNS: ExportColumn[] = [
  column('reference'),
  // The moment the requester submitted (and consented): stored as consentAt at submission.
  column('receivedAt', 'consentAt'),
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
  column('sourceUrl'),
  column('expectedResponseBy'),
  column('firstResponseAt'),
  column('notificationStatus'),
  column('routedTo'),
  column('internalNotes'),
];

const PAGE = 1000;
export const EXPORT_MAX_ROWS = 50000;

type ReadPermissionChecker = ContentManagerPermissionChecker;

/**
 * Quote requests as CSV for sales spreadsheets, newest first, filtered by date range, stage and model.
 * Access is exactly the Content Manager's: its permission checker adds the role's conditions to the
 * query (an Author's `is-creator` matches no request) and strips the fields the role may not read; a
 * column is exported only when its attribute is readable, so a role allowed two fields gets two columns.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  checkerFor(userAbility: AdminAbility): ReadPermissionChecker {
    return getStrapiService('plugin::content-manager.permission-checker').create({
      userAbility,
      model: QUOTE_REQUEST_UID,
    });
  },

  async exportCsv(
    filters: ExportFilters,
    checker: ReadPermissionChecker
  ): Promise<{ csv: string; rows: number; columns: string[] }> {
    const conditions: Row[] = [];
    if (filters.from) conditions.push({ createdAt: { $gte: filters.from.toISOString() } });
    if (filters.to) conditions.push({ createdAt: { $lte: filters.to.toISOString() } });
    if (filters.stage?.length) conditions.push({ stage: { $in: filters.stage } });
    if (filters.model?.length) conditions.push({ requestedModel: { $in: filters.model } });

    const columns = COLUMNS.filter((c) => checker.can.read(undefined, c.field));
    const query = await checker.sanitizedQuery.read({
      filters: conditions.length > 0 ? { $and: conditions } : {},
      sort: [{ createdAt: 'desc' }, { id: 'desc' }],
    });

    const rows: Row[] = [];
    for (let start = 0; start < EXPORT_MAX_ROWS; start += PAGE) {
      const page = (await strapi.documents(QUOTE_REQUEST_UID).findMany({
        ...query,
        start,
        limit: Math.min(PAGE, EXPORT_MAX_ROWS - start),
        populate: ['createdBy'],
      })) as Row[];
      for (const row of page) rows.push(await checker.sanitizeOutput(row));
      if (page.length < PAGE) break;
    }
    return { csv: toCsv(rows, columns), rows: rows.length, columns: columns.map((c) => c.header) };
  },
});
