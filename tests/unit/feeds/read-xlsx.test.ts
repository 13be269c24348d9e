import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_UNCOMPRESSED_BYTES, openXlsxFeed, type XlsxFeedOptions } from '#app/domain/feeds';
import { FIXTURE_DIR, buildZip, inlineSheetXml, readAll, streamFile, workbookEntries, writeFixture } from './helpers';

/**
 * exceljs stamps zip entries with the current time, so a committed workbook fixture is written once and
 * then reused; delete the file to regenerate it after changing `fill`.
 */
async function writeWorkbook(name: string, fill: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const existing = join(FIXTURE_DIR, name);
  if (existsSync(existing)) return existing;
  const workbook = new ExcelJS.Workbook();
  fill(workbook);
  return writeFixture(name, Buffer.from(await workbook.xlsx.writeBuffer()));
}

const readXlsx = async (path: string, options: XlsxFeedOptions = {}) => {
  const feed = await openXlsxFeed(streamFile(path, 4096), options);
  return { feed, records: await readAll(feed) };
};

describe('openXlsxFeed', () => {
  it('reads values, dates as wall-clock ISO text, durations, and skips a preamble and totals', async () => {
    const path = await writeWorkbook('avaya-cms-values.xlsx', (workbook) => {
      workbook.addWorksheet('Notes').addRow(['not this sheet']);
      const sheet = workbook.addWorksheet('Split Summary');
      sheet.addRow(['Split/Skill Summary Report']);
      sheet.addRow(['Split: 12 Credit Cards']);
      sheet.addRow(['Date', 'Calls Offered', 'ACD Calls', 'Avg ACD Time', 'Split/Skill']);
      sheet.addRow([new Date(Date.UTC(2026, 2, 8, 8, 30)), 120, 110, 195.5, '信用卡']);
      const durationRow = sheet.addRow([new Date(Date.UTC(2026, 2, 8)), 0, 0, new Date(Date.UTC(1899, 11, 30, 0, 3, 15)), '貴賓']);
      durationRow.getCell(4).numFmt = '[h]:mm:ss';
      sheet.addRow(['Totals', 120, 110, null, null]);
    });
    const { feed, records } = await readXlsx(path, { sheetName: 'Split Summary' });
    expect(feed).toMatchObject({ format: 'xlsx', sheetName: 'Split Summary', headerLine: 3 });
    expect(records).toEqual([
      { line: 4, values: { Date: '2026-03-08T08:30:00', 'Calls Offered': '120', 'ACD Calls': '110', 'Avg ACD Time': '195.5', 'Split/Skill': '信用卡' } },
      { line: 5, values: { Date: '2026-03-08', 'Calls Offered': '0', 'ACD Calls': '0', 'Avg ACD Time': '0:03:15', 'Split/Skill': '貴賓' } },
    ]);
    expect(feed.issues.issues).toEqual([]);
  });

  it('reads the first worksheet by default and fails clearly on a missing sheet name', async () => {
    const path = await writeWorkbook('two-sheets.xlsx', (workbook) => {
      workbook.addWorksheet('Intervals').addRows([
        ['Queue', 'Offered'],
        ['Cards', 5],
      ]);
      workbook.addWorksheet('Other').addRows([['x', 'y']]);
    });
    const { feed, records } = await readXlsx(path);
    expect(feed.sheetName).toBe('Intervals');
    expect(records).toEqual([{ line: 2, values: { Queue: 'Cards', Offered: '5' } }]);
    await expect(readXlsx(path, { sheetName: 'Missing' })).rejects.toMatchObject({ issue: { code: 'xlsx_sheet_not_found' } });
  });

  it('reports formula and error cells by cell, and keeps reading the other rows', async () => {
    const path = await writeWorkbook('formula-cell.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Intervals');
      sheet.addRow(['Queue', 'Offered', 'Handled']);
      sheet.addRow(['Cards', 10, 9]);
      sheet.addRow(['VIP', 5, { formula: 'B3-1', result: 4 }]);
      sheet.addRow(['Retail', 7, { error: '#DIV/0!' }]);
      sheet.addRow(['Online', 3, 3]);
    });
    const { feed, records } = await readXlsx(path);
    expect(records.map((r) => r.values.Queue)).toEqual(['Cards', 'Online']);
    expect(feed.issues.issues).toEqual([
      { line: 3, column: 'Handled', value: '=B3-1', code: 'xlsx_formula_cell', message: expect.stringContaining('C3') },
      { line: 4, column: 'Handled', value: '#DIV/0!', code: 'xlsx_error_cell', message: expect.stringContaining('C4') },
    ]);
  });

  it('rejects a text file named .xlsx', async () => {
    const path = writeFixture('not-a-workbook.xlsx', 'Queue,Offered\nCards,1\n');
    await expect(readXlsx(path)).rejects.toMatchObject({ issue: { code: 'xlsx_not_zip' } });
    await expect(openXlsxFeed(Readable.from([Buffer.alloc(0)]))).rejects.toMatchObject({ issue: { code: 'xlsx_not_zip' } });
  });

  it('rejects a corrupt zip with xlsx_corrupt', async () => {
    const valid = buildZip(workbookEntries(inlineSheetXml([['Queue'], ['Cards']])));
    const corrupt = Buffer.concat([valid.subarray(0, 200), Buffer.alloc(200, 0x41)]);
    await expect(openXlsxFeed(Readable.from([corrupt]))).rejects.toMatchObject({ issue: { code: 'xlsx_corrupt' } });
  });

  it('reads a hand-built workbook (sizes in the header, and sizes in a data descriptor)', async () => {
    for (const hasDataDescriptor of [false, true]) {
      const zip = buildZip(workbookEntries(inlineSheetXml([['Queue', 'Offered'], ['Cards', '5']]), hasDataDescriptor));
      const records = await readAll(await openXlsxFeed(Readable.from([zip])));
      expect(records).toEqual([{ line: 2, values: { Queue: 'Cards', Offered: '5' } }]);
    }
  });

  it('stops a zip bomb: a tiny file whose worksheet inflates past the cap', async () => {
    expect(DEFAULT_MAX_UNCOMPRESSED_BYTES).toBe(200 * 1024 * 1024);
    const sheet = inlineSheetXml([['Queue', 'Offered'], ['Cards', '5']], 40 * 1024 * 1024);
    const path = writeFixture('zip-bomb.xlsx', buildZip(workbookEntries(sheet)));
    expect(statSync(path).size).toBeLessThan(100 * 1024);
    const cap = { maxUncompressedBytes: 4 * 1024 * 1024 };
    await expect(readXlsx(path, cap)).rejects.toMatchObject({ issue: { code: 'xlsx_too_large' } });
    // The same with the sizes in a data descriptor, the layout streaming zip writers produce.
    const streamed = buildZip(workbookEntries(sheet, true));
    await expect(openXlsxFeed(Readable.from([streamed]), cap).then(readAll)).rejects.toMatchObject({
      issue: { code: 'xlsx_too_large' },
    });
  });

  it('caps the row count', async () => {
    const rows = [['Queue', 'Offered'], ...Array.from({ length: 30 }, (_, i) => [`Q${i}`, String(i)])];
    const zip = buildZip(workbookEntries(inlineSheetXml(rows)));
    await expect(openXlsxFeed(Readable.from([zip]), { maxRows: 20 }).then(readAll)).rejects.toMatchObject({ issue: { code: 'xlsx_too_many_rows' } });
  });
});
