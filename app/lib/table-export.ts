import ExcelJS from 'exceljs';
import type { ExportTable } from '#app/domain/export/csv';

/**
 * XLSX of a chart's data table. It runs in the browser: a Remix page loader cannot answer a document
 * request with a file, and export routes are not ours to add, so ChartExport loads this module (and
 * exceljs' browser build) on the first click only. It runs on the server too, for tests and API use.
 */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One sheet: bold frozen header row, numbers kept as numbers; `numFmts` formats columns by index (e.g. '#,##0.00'). */
export async function buildXlsx(table: ExportTable, sheetName = 'Data', options: { numFmts?: Record<number, string> } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.columns).font = { bold: true };
  // Text goes in as string cells, which Excel never evaluates, so it needs no apostrophe (unlike CSV).
  for (const row of table.rows) sheet.addRow(row.map((cell) => (typeof cell === 'number' && !Number.isFinite(cell) ? null : (cell ?? null))));
  table.columns.forEach((header, index) => {
    const longest = Math.max(header.length, ...table.rows.map((row) => String(row[index] ?? '').length));
    sheet.getColumn(index + 1).width = Math.min(60, Math.max(10, longest + 2));
    const numFmt = options.numFmts?.[index];
    if (numFmt) sheet.getColumn(index + 1).numFmt = numFmt;
  });
  // exceljs hands back a Node Buffer or an ArrayBuffer depending on the platform; copy into one shape.
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Excel allows 31 characters and none of : \ / ? * [ ] in a sheet name. */
function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'Data';
}
