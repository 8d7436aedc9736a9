import { Readable, Transform, pipeline, type TransformCallback } from 'stream';
import { createRequire } from 'module';
import type { stringify as Stringify } from 'csv-stringify';

/**
 * CSV for spreadsheet users: UTF-8 with a byte-order mark (Excel detects the encoding), CRLF line
 * ends and RFC 4180 quoting, streamed (csv-stringify) so an export of any size runs in constant memory.
 *
 * Excel safety, in French (`;`) and English (`,`) locales alike:
 * - A cell that a spreadsheet would read as a formula is prefixed with an apostrophe, so a prospect's
 *   "=HYPERLINK(…)" stays text: `=`, `+`, `-`, `@`, their full-width forms `＝ ＋ － ＠` (Excel and
 *   LibreOffice in East Asian locales evaluate those too), a leading tab or CR, and a formula character
 *   after leading whitespace (" =1+1": some importers trim the cell first).
 * - A formula "after a separator" (`abc;=1+1`) is a formula only if the spreadsheet splits the cell there.
 *   Excel splits a line on its locale's list separator, whatever separator the file was written with:
 *   a comma file opened by double-click in a French Excel is split on `;`, a semicolon file in an English
 *   one on `,`. It never splits inside a quoted field. So every cell containing `;` or `,` (either
 *   separator, not only the file's) is quoted, as well as one containing a quote or a line break: the
 *   cell stays one cell in every locale, and a cell's only start is its first character, which the prefix
 *   above neutralises. Prefixing every `=` inside a text instead would corrupt the data without need.
 */
export const CSV_BOM = '\uFEFF';

/** `?separator=` values: comma for English Excel (and RFC 4180), semicolon for French Excel. */
export const CSV_SEPARATORS = { comma: ',', semicolon: ';' } as const;
export type CsvSeparatorName = keyof typeof CSV_SEPARATORS;

const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
/** Quoted in every file: both locales' separators, the quote, and line breaks. */
const ALWAYS_QUOTED = /[",;\r\n]/;

export const neutraliseFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/**
 * Text a spreadsheet must keep as text although it looks like a number (a phone number `+33 6 …`, which
 * Excel would turn into `3,36E+10` or read as a formula): written as the formula `="…"`, whose only
 * content is a string literal (quotes doubled), so the cell shows the text exactly, without the
 * apostrophe that neutralising leaves visible.
 */
export class SpreadsheetText {
  constructor(readonly text: string) {}
}

/** A value as the text of one cell, formula-neutralised; quoting is the stringifier's job. */
export const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof SpreadsheetText) return value.text === '' ? '' : `="${value.text.replace(/"/g, '""')}"`;
  return neutraliseFormula(
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
};

let stringifyModule: { stringify: typeof Stringify } | undefined;
/** csv-stringify loads with the first export, not at every start (most starts never export). */
const csvStringify = (): typeof Stringify =>
  (stringifyModule ??= (createRequire(__filename) as (id: 'csv-stringify') => { stringify: typeof Stringify })(
    'csv-stringify'
  )).stringify;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

async function* records<T>(rows: AsyncIterable<T>, columns: CsvColumn<T>[]): AsyncGenerator<string[]> {
  yield columns.map((c) => cellText(c.header));
  for await (const row of rows) yield columns.map((c) => cellText(c.value(row)));
}

/**
 * Joins the stringifier's one-record chunks into writes of ~16 kB: written one record at a time, an
 * HTTP response costs a socket write and a chunk header per record, more than the record itself.
 */
class Coalesce extends Transform {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly threshold: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.threshold) this.release();
    done();
  }

  override _flush(done: TransformCallback): void {
    this.release();
    done();
  }

  private release(): void {
    if (this.size === 0) return;
    this.push(Buffer.concat(this.parts, this.size));
    this.parts = [];
    this.size = 0;
  }
}

/**
 * The CSV of `rows` as a byte stream: BOM, header line, one CRLF-terminated record per row. Rows are
 * pulled from `rows` only as fast as the reader consumes the output (stream backpressure), so memory
 * does not grow with the number of rows. Destroying the returned stream (a client that went away)
 * stops pulling and ends the `rows` iterator; an error from `rows` destroys the returned stream with
 * that error, so a reader never mistakes a failed export for a complete, shorter file.
 */
export const csvStream = <T>(
  rows: AsyncIterable<T>,
  columns: CsvColumn<T>[],
  separator: CsvSeparatorName = 'comma'
): Transform => {
  const stringifier = csvStringify()({
    bom: true,
    delimiter: CSV_SEPARATORS[separator],
    record_delimiter: '\r\n',
    quote_record_delimiter: true,
    quoted_match: ALWAYS_QUOTED,
  });
  const output = new Coalesce(16 * 1024);
  // Errors and early closes of any stage reach the returned stream (pipeline destroys them all with
  // the error); its own 'error' event is where the reader learns of them, so nothing is left to do here.
  pipeline(Readable.from(records(rows, columns)), stringifier, output, () => undefined);
  return output;
};
