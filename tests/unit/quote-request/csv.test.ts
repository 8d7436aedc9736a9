import { CSV_BOM, csvCell, neutraliseFormula, toCsv } from '../../../src/api/quote-request/domain/csv';

describe('csvCell', () => {
  it('quotes cells with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it.each(['=1+1', '+33 1 23', '-5', '@SUM(A1)', '\tTAB', '\rCR'])(
    'neutralises the formula-looking cell %j',
    (value) => {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
  );

  it('renders empty, dates and lists', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date('2026-11-26T10:00:00Z'))).toBe('2026-11-26T10:00:00.000Z');
    expect(csvCell(['model:bpo', 'vip'])).toBe('"model:bpo, vip"');
    expect(csvCell(42)).toBe('42');
  });
});

describe('toCsv', () => {
  it('starts with a BOM and ends every record with CRLF', () => {
    const csv = toCsv(
      [{ a: 'x', b: '=cmd' }],
      [
        { header: 'a', value: (r) => r.a },
        { header: 'b', value: (r) => r.b },
      ]
    );
    expect(csv).toBe(`${CSV_BOM}a,b\r\nx,'=cmd\r\n`);
  });
});
