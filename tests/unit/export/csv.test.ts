import { describe, expect, it } from 'vitest';
import { buildCsv, csvRow, escapeCsvCell, neutraliseFormula, UTF8_BOM } from '../../../app/domain/export/csv';

describe('neutraliseFormula', () => {
  it.each(['=SUM(A1:A2)', '+1', '-1+2', '@cmd', '\tx', '\rx'])('prefixes %j with an apostrophe', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it.each(['', 'Service level', '80 %', "'already", ' =leading space', '服務水準'])('leaves %j alone', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe('escapeCsvCell', () => {
  it('writes numbers as numbers, negative ones included (a value, not a formula)', () => {
    expect(escapeCsvCell(14)).toBe('14');
    expect(escapeCsvCell(-5)).toBe('-5');
    expect(escapeCsvCell(0.6821)).toBe('0.6821');
  });

  it('writes empty cells for null, undefined and non-finite numbers', () => {
    expect(escapeCsvCell(null)).toBe('');
    expect(escapeCsvCell(undefined)).toBe('');
    expect(escapeCsvCell(Number.NaN)).toBe('');
    expect(escapeCsvCell(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(escapeCsvCell('a,b')).toBe('"a,b"');
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('neutralises before quoting, so a quoted formula is still text', () => {
    expect(escapeCsvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(escapeCsvCell('\r=1')).toBe('"\'\r=1"');
    expect(escapeCsvCell('-2')).toBe("'-2");
  });

  it('writes booleans as true/false', () => {
    expect(escapeCsvCell(true)).toBe('true');
    expect(escapeCsvCell(false)).toBe('false');
  });
});

describe('buildCsv', () => {
  it('starts with the UTF-8 BOM and ends every row with CRLF', () => {
    const csv = buildCsv({ columns: ['Agents', '服務水準 (%)'], rows: [[11, 40.5], [12, null]] });
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe('Agents,服務水準 (%)\r\n11,40.5\r\n12,\r\n');
  });

  it('neutralises header labels as well as data', () => {
    expect(buildCsv({ columns: ['=cmd'], rows: [] })).toBe(`${UTF8_BOM}'=cmd\r\n`);
  });

  it('csvRow joins escaped cells', () => {
    expect(csvRow(['a', 'b,c', 3, null])).toBe('a,"b,c",3,');
  });

  it('round-trips through a strict parser', async () => {
    const { parse } = await import('csv-parse/sync');
    const rows = [['x,y', 'he said "no"', 'line\nbreak', '@SUM(1)']];
    const parsed = parse(buildCsv({ columns: ['a', 'b', 'c', 'd'], rows }).slice(1), { relax_column_count: false }) as string[][];
    expect(parsed).toEqual([['a', 'b', 'c', 'd'], ['x,y', 'he said "no"', 'line\nbreak', "'@SUM(1)"]]);
  });
});
