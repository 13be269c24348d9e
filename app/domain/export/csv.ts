/**
 * CSV for spreadsheet users (RFC 4180 quoting, CRLF rows, UTF-8 with a byte-order mark so Excel reads
 * Chinese text correctly) with formula injection neutralised: a text cell that starts with = + - @, a tab
 * or a carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it
 * (OWASP "CSV injection"). Numbers are written as numbers: -5 is a value, not a formula.
 */

export type ExportCell = string | number | boolean | null | undefined;

/** A table as exported: header labels and rows of plain values, in column order. */
export interface ExportTable {
  columns: string[];
  rows: ExportCell[][];
}

export const UTF8_BOM = '\uFEFF';
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Text a spreadsheet would evaluate gets a leading apostrophe. */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]!) ? `'${text}` : text;
}

/** One cell: numbers as they are (non-finite ones empty), text neutralised and quoted when needed. */
export function escapeCsvCell(value: ExportCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: ExportCell[]): string {
  return cells.map(escapeCsvCell).join(',');
}

/** The whole file: BOM, header row, data rows, each ended by CRLF. */
export function buildCsv(table: ExportTable): string {
  const lines = [csvRow(table.columns), ...table.rows.map(csvRow)];
  return `${UTF8_BOM}${lines.map((line) => `${line}\r\n`).join('')}`;
}
