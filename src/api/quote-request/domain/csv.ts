/**
 * CSV for spreadsheet users: UTF-8 with a byte-order mark (Excel detects the encoding), CRLF line
 * ends and RFC 4180 quoting. A cell that a spreadsheet would read as a formula (=, +, -, @, or a
 * leading tab/CR) is prefixed with an apostrophe, so a prospect's "=HYPERLINK(…)" stays text.
 */
export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

export const neutraliseFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

export const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = neutraliseFormula(
    value instanceof Date
      ? value.toISOString()
      : Array.isArray(value)
        ? value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ')
        : typeof value === 'string'
          ? value
          : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
            ? String(value)
            : JSON.stringify(value)
  );
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

export const toCsv = <T>(rows: T[], columns: CsvColumn<T>[]): string =>
  CSV_BOM +
  [
    columns.map((c) => csvCell(c.header)).join(','),
    ...rows.map((row) => columns.map((c) => csvCell(c.value(row))).join(',')),
  ]
    .map((line) => `${line}\r\n`)
    .join('');
