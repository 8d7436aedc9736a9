import { Readable, getDefaultHighWaterMark } from 'stream';
import {
  CSV_BOM,
  cellText,
  csvStream,
  neutraliseFormula,
  type CsvColumn,
  type CsvSeparatorName,
} from '../../../src/api/quote-request/domain/csv';

type Row = Record<string, unknown>;

const columnsOf = (...names: string[]): CsvColumn<Row>[] =>
  names.map((name) => ({ header: name, value: (r) => r[name] }));

/** `items` as the export reads rows: an async source, each row after an await (as from the database). */
async function* each<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

const readAll = async (stream: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
};

const toCsv = (rows: Row[], columns: CsvColumn<Row>[], separator?: CsvSeparatorName) =>
  readAll(csvStream(each(rows), columns, separator));

/** One-column CSV of `value`: the header line, then the cell exactly as written to the file. */
const cellAsWritten = async (value: unknown, separator?: CsvSeparatorName) =>
  (await toCsv([{ v: value }], columnsOf('v'), separator)).slice(`${CSV_BOM}v\r\n`.length, -2);

describe('cells', () => {
  it('quotes cells with commas, semicolons, quotes and line breaks in both separators (RFC 4180)', async () => {
    for (const separator of ['comma', 'semicolon'] as const) {
      expect(await cellAsWritten('plain', separator)).toBe('plain');
      expect(await cellAsWritten('a,b', separator)).toBe('"a,b"');
      expect(await cellAsWritten('a;b', separator)).toBe('"a;b"');
      expect(await cellAsWritten('say "hi"', separator)).toBe('"say ""hi"""');
      expect(await cellAsWritten('line1\nline2', separator)).toBe('"line1\nline2"');
      expect(await cellAsWritten('cr\rhere', separator)).toBe('"cr\rhere"');
    }
  });

  it.each(['=1+1', '+33 1 23', '-5', '@SUM(A1)', '\tTAB', '\rCR'])(
    'neutralises the formula-looking cell %j',
    (value) => {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
  );

  it.each(['＝1+1', '＋33', '－5', '＠SUM(A1)', ' =1+1', '\u00a0@SUM(A1)', '\u3000＝1'])(
    'neutralises full-width formula characters and formulas after leading whitespace: %j',
    (value) => {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
  );

  it.each(['a=b', 'Société', '1+1', 'mail@example.test', ' plain', "'quoted"])('leaves %j as it is', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });

  it('keeps a formula after a separator inside one quoted cell, so no spreadsheet splits it there', async () => {
    // Comma file: quoted for the French Excel that would split it on `;`; and the reverse.
    expect(await cellAsWritten('abc;=1+1', 'comma')).toBe('"abc;=1+1"');
    expect(await cellAsWritten('abc;=1+1', 'semicolon')).toBe('"abc;=1+1"');
    expect(await cellAsWritten('abc,=1+1', 'semicolon')).toBe('"abc,=1+1"');
    expect(await cellAsWritten('abc,=1+1', 'comma')).toBe('"abc,=1+1"');
    // A quote cannot close the cell early: it is doubled, and the cell start neutralised.
    expect(await cellAsWritten('=1+2";=1+2', 'semicolon')).toBe(`"'=1+2"";=1+2"`);
    expect(await cellAsWritten('＝HYPERLINK("http://evil.test")', 'semicolon')).toBe(
      `"'＝HYPERLINK(""http://evil.test"")"`
    );
  });

  it('renders empty, dates, numbers and lists', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText(new Date('2026-11-26T10:00:00Z'))).toBe('2026-11-26T10:00:00.000Z');
    expect(cellText(['model:bpo', 'vip'])).toBe('model:bpo, vip');
    expect(cellText(42)).toBe('42');
    expect(cellText(-5)).toBe("'-5");
    expect(cellText({ to: ['=sales@x.test'] })).toBe('{"to":["=sales@x.test"]}');
  });
});

describe('csvStream', () => {
  it('starts with a BOM and ends every record with CRLF', async () => {
    expect(await toCsv([{ a: 'x', b: '=cmd' }], columnsOf('a', 'b'))).toBe(`${CSV_BOM}a,b\r\nx,'=cmd\r\n`);
  });

  it('separates with semicolons for French Excel, quoting cells that hold a comma or a semicolon', async () => {
    expect(await toCsv([{ a: 'x, y', b: 'z;w', c: 'ok' }], columnsOf('a', 'b', 'c'), 'semicolon')).toBe(
      `${CSV_BOM}a;b;c\r\n"x, y";"z;w";ok\r\n`
    );
  });

  it('writes the header alone when there is no row', async () => {
    expect(await toCsv([], columnsOf('reference', 'stage'))).toBe(`${CSV_BOM}reference,stage\r\n`);
  });

  it('pulls rows only as the reader consumes, and stops pulling when the reader goes away', async () => {
    let pulled = 0;
    let finished = false;
    function* rows(): Generator<Row> {
      try {
        for (let i = 0; i < 1_000_000; i += 1) {
          pulled += 1;
          yield { a: `row ${i} ${'x'.repeat(100)}` };
        }
      } finally {
        finished = true;
      }
    }
    const stream = csvStream(each(rows()), columnsOf('a'));
    await new Promise((resolve) => stream.once('readable', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nobody reads: only what the stream buffers hold was pulled, not the million rows. The buffers are
    // a few high-water marks of the stages (16 KiB by default on Node.js 20, 64 KiB from Node.js 22).
    const buffered = pulled;
    expect(buffered).toBeGreaterThan(0);
    expect(buffered * 100).toBeLessThan(8 * getDefaultHighWaterMark(false));
    expect(String(stream.read())).toContain('row 0');
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(true);
    expect(pulled).toBeLessThan(buffered + 200);
  });

  it('fails the stream when reading rows fails, instead of ending it as a complete file', async () => {
    function* rows(): Generator<Row> {
      yield { a: 'first' };
      throw new Error('database went away');
    }
    await expect(readAll(csvStream(each(rows()), columnsOf('a')))).rejects.toThrow('database went away');
  });
});
