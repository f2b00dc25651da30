import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, writeCsv, type CsvCell } from './csv.js';

/** An RFC 4180 reader, written here independently of the writer, to read its output back. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  while (index < text.length) {
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        if (text[index] === '"' && text[index + 1] === '"') {
          field += '"';
          index += 2;
        } else if (text[index] === '"') {
          index += 1;
          break;
        } else if (index >= text.length) {
          throw new Error('unterminated quoted field');
        } else {
          field += text[index];
          index += 1;
        }
      }
    } else if (text[index] === ',') {
      record.push(field);
      field = '';
      index += 1;
    } else if (text.startsWith('\r\n', index)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 2;
    } else {
      if (text[index] === '"' || text[index] === '\r' || text[index] === '\n')
        throw new Error(`bare ${text[index]}`);
      field += text[index];
      index += 1;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record not terminated by CRLF');
  return records;
}

const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];
const cell: fc.Arbitrary<CsvCell> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', ' ', 'é'),
    maxLength: 12,
  }),
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.double({ min: 0, max: 1e9, noNaN: true }),
  fc.constant(null),
);
const expected = (value: CsvCell): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return FORMULA_STARTS.includes(value.charAt(0)) ? `'${value}` : value;
};

describe(writeCsv.name, () => {
  it('quotes fields with quotes, commas and line breaks, and ends every record with CRLF', () => {
    expect(
      writeCsv([
        ['component', 'total'],
        ['Payments, EU', 3],
        ['The "core" API\nv2', null],
      ]),
    ).toBe('component,total\r\n"Payments, EU",3\r\n"The ""core"" API\nv2",\r\n');
  });

  it('keeps formulas from spreadsheets: text starting with = + - @ gets an apostrophe', () => {
    expect(['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '\tcmd', 'plain'].map(csvField)).toEqual([
      `"'=HYPERLINK(""http://x"")"`,
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tcmd",
      'plain',
    ]);
  });

  it('writes numbers as numbers and nothing as an empty field', () => {
    expect(writeCsv([[0, 61.001, null, Number.NaN]])).toBe('0,61.001,,\r\n');
  });

  it('reads back, by an RFC 4180 reader, as the cells written, formulas defused', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), (rows) => {
        expect(readCsv(writeCsv(rows))).toEqual(rows.map((row) => row.map(expected)));
      }),
    );
  });

  it('never lets a text field start with a formula character', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (row) => {
        const [fields] = readCsv(writeCsv([row]));
        fields!.forEach((field, index) => {
          if (typeof row[index] === 'string') expect(FORMULA_STARTS).not.toContain(field.charAt(0));
        });
      }),
    );
  });
});
