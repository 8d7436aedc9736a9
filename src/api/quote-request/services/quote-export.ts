import type { Core } from '@strapi/strapi';
import { QUOTE_REQUEST_UID } from '../constants';
import { toCsv, type CsvColumn } from '../domain/csv';
import type { ExportFilters } from '../validation/export-query';

type Row = Record<string, unknown>;

const COLUMNS: CsvColumn<Row>[] = [
  { header: 'reference', value: (r) => r.reference },
  { header: 'receivedAt', value: (r) => r.createdAt },
  { header: 'status', value: (r) => r.status },
  { header: 'requestedModel', value: (r) => r.requestedModel },
  { header: 'scope', value: (r) => r.scope },
  { header: 'approach', value: (r) => r.approach },
  { header: 'tags', value: (r) => r.tags },
  { header: 'company', value: (r) => r.company },
  { header: 'fullName', value: (r) => r.fullName },
  { header: 'jobTitle', value: (r) => r.jobTitle },
  { header: 'email', value: (r) => r.email },
  { header: 'phone', value: (r) => r.phone },
  { header: 'locale', value: (r) => r.locale },
  { header: 'message', value: (r) => r.message },
  { header: 'sourceUrl', value: (r) => r.sourceUrl },
  { header: 'expectedResponseBy', value: (r) => r.expectedResponseBy },
  { header: 'firstResponseAt', value: (r) => r.firstResponseAt },
  { header: 'notificationStatus', value: (r) => r.notificationStatus },
  { header: 'routedTo', value: (r) => r.routedTo },
  { header: 'internalNotes', value: (r) => r.internalNotes },
];

const PAGE = 1000;
export const EXPORT_MAX_ROWS = 50000;

/** Quote requests as CSV for sales spreadsheets, newest first, filtered by date range, status and model. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async exportCsv(filters: ExportFilters): Promise<{ csv: string; rows: number }> {
    const where: Row = {};
    if (filters.from || filters.to) {
      where.createdAt = {
        ...(filters.from ? { $gte: filters.from } : {}),
        ...(filters.to ? { $lte: filters.to } : {}),
      };
    }
    if (filters.status?.length) where.status = { $in: filters.status };
    if (filters.model?.length) where.requestedModel = { $in: filters.model };

    const rows: Row[] = [];
    for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += PAGE) {
      const page = (await strapi.db.query(QUOTE_REQUEST_UID).findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        offset,
        limit: Math.min(PAGE, EXPORT_MAX_ROWS - offset),
      })) as Row[];
      rows.push(...page);
      if (page.length < PAGE) break;
    }
    return { csv: toCsv(rows, COLUMNS), rows: rows.length };
  },
});
