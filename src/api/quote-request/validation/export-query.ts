import * as yup from 'yup';
import { errors } from '@strapi/utils';
import { QUOTE_STAGES, REQUESTED_MODELS, type QuoteStage, type RequestedModel } from '../constants';
import { CSV_SEPARATORS, type CsvSeparatorName } from '../domain/csv';

export interface ExportFilters {
  from?: Date;
  to?: Date;
  stage?: QuoteStage[];
  model?: RequestedModel[];
  /**
   * The Content Manager list's own filters (`filters[$and][0][stage][$eq]=new`, as its URL holds them),
   * so the list's Export button downloads what the list shows. Checked by the same rule as the list
   * (src/security/admin-field-reads.ts): a filter on a field the role may not read is refused (400),
   * never an oracle; then applied through the Content Manager's permission checker.
   */
  listFilters?: Record<string, unknown>;
}

/** The file formats: `csv` (default), or `excel-fr` (`;`, French titles, dates in the desk's zone). */
export const EXPORT_FORMATS = ['csv', 'excel-fr'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

/** The filters, and how the file is written: `separator` defaults to comma, `format` to csv. */
export interface ExportQuery extends ExportFilters {
  separator: CsvSeparatorName;
  format: ExportFormatName;
}

const SEPARATOR_NAMES = Object.keys(CSV_SEPARATORS) as CsvSeparatorName[];

const list = <T extends string>(values: readonly T[]) =>
  yup
    .array()
    .of(
      yup
        .string()
        .oneOf(values as T[], `expected one of ${values.join(', ')}`)
        .required()
    )
    .transform((_value: unknown, original: unknown) =>
      typeof original === 'string'
        ? original
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean)
        : original
    );

const date = yup
  .date()
  .typeError('expected an ISO 8601 date, e.g. 2026-11-01')
  .transform((value: unknown, original: unknown) => (original === '' ? undefined : value));

const schema = yup
  .object({
    from: date,
    to: date,
    stage: list(QUOTE_STAGES),
    model: list(REQUESTED_MODELS),
    filters: yup
      .mixed<Record<string, unknown>>()
      .test(
        'plain-object',
        'expected filters in the Content Manager list syntax, e.g. filters[stage][$eq]=new',
        (value) => value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))
      ),
    separator: yup
      .string()
      .oneOf(SEPARATOR_NAMES, `expected one of ${SEPARATOR_NAMES.join(', ')}`)
      .default('comma'),
    format: yup
      .string()
      .oneOf([...EXPORT_FORMATS], `expected one of ${EXPORT_FORMATS.join(', ')}`)
      .default('csv'),
  })
  .noUnknown(true, 'unknown parameter: ${unknown}');

/**
 * ?from=2026-11-01&to=2026-11-30&stage=new,contacted&model=bpo,ito&separator=semicolon — `to` is
 * inclusive of that whole day; `separator=semicolon` writes a `;`-separated file for French Excel;
 * `filters[...]` takes the Content Manager list's filters as they are.
 */
export const parseExportQuery = async (query: unknown): Promise<ExportQuery> => {
  try {
    const parsed = await schema.validate(query ?? {}, { abortEarly: false, stripUnknown: false });
    const to =
      parsed.to && /^\d{4}-\d{2}-\d{2}$/.test(String((query as Record<string, unknown>).to))
        ? new Date(parsed.to.getTime() + 24 * 3600 * 1000 - 1)
        : parsed.to;
    if (parsed.from && to && parsed.from > to) {
      throw new yup.ValidationError('`from` is after `to`', undefined, 'from');
    }
    return {
      from: parsed.from,
      to,
      stage: parsed.stage,
      model: parsed.model,
      listFilters: parsed.filters,
      separator: parsed.separator,
      format: parsed.format,
    };
  } catch (error) {
    if (!(error instanceof yup.ValidationError)) throw error;
    const inner = error.inner.length > 0 ? error.inner : [error];
    throw new errors.ValidationError('Invalid export filters', {
      errors: inner.map((e) => ({
        path: e.path ? [e.path.replace(/\[\d+\]$/, '')] : [],
        message: e.message,
        name: 'ValidationError',
      })),
    });
  }
};
