/**
 * A vendor's invoice lines uploaded as a small CSV: a header row naming the columns (any order, any
 * case): description and amount required; line_key, quantity and rate optional. Amounts in major units
 * of the invoice currency. Every problem is reported with its row (the file's line) and column.
 */
import { parse } from 'csv-parse/sync';
import { majorToMinor } from './reconcile-amount';

export const MAX_LINES_CSV_BYTES = 512 * 1024;
export const MAX_LINES_CSV_ROWS = 1000;

export interface CsvLine {
  lineKey: string | null;
  description: string;
  quantity: string | null;
  rate: string | null;
  amountMinor: bigint;
}

export interface CsvIssue {
  /** The line of the file (the header is line 1); 0 for a problem with the whole file. */
  row: number;
  column: string | null;
  message: string;
}

const COLUMNS = ['line_key', 'description', 'quantity', 'rate', 'amount'] as const;
const QUANTITY = /^-?\d{1,14}(\.\d{1,4})?$/;
const RATE = /^-?\d{1,12}(\.\d{1,6})?$/;

export function parseLinesCsv(text: string, minorDigits: number): { lines: CsvLine[]; issues: CsvIssue[] } {
  const issues: CsvIssue[] = [];
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch {
    return { lines: [], issues: [{ row: 0, column: null, message: 'reconciliation.csv.unreadable' }] };
  }
  const [header, ...rows] = records;
  if (!header) return { lines: [], issues: [{ row: 0, column: null, message: 'reconciliation.csv.empty' }] };
  const index = new Map(header.map((name, i) => [name.trim().toLowerCase().replace(/[\s-]+/g, '_'), i]));
  for (const required of ['description', 'amount'] as const) {
    if (!index.has(required)) issues.push({ row: 1, column: required, message: 'reconciliation.csv.missingColumn' });
  }
  for (const name of index.keys()) {
    if (!(COLUMNS as readonly string[]).includes(name)) issues.push({ row: 1, column: name, message: 'reconciliation.csv.unknownColumn' });
  }
  if (issues.length) return { lines: [], issues };
  if (rows.length > MAX_LINES_CSV_ROWS) return { lines: [], issues: [{ row: 0, column: null, message: 'reconciliation.csv.tooManyRows' }] };
  const lines: CsvLine[] = [];
  rows.forEach((record, i) => {
    const row = i + 2;
    const cell = (name: (typeof COLUMNS)[number]) => {
      const at = index.get(name);
      return at === undefined ? '' : (record[at] ?? '').trim();
    };
    const description = cell('description');
    if (!description) issues.push({ row, column: 'description', message: 'reconciliation.error.required' });
    else if (description.length > 500) issues.push({ row, column: 'description', message: 'reconciliation.error.tooLong' });
    const quantity = cell('quantity').replace(/,/g, '');
    if (quantity && !QUANTITY.test(quantity)) issues.push({ row, column: 'quantity', message: 'reconciliation.error.decimal' });
    const rate = cell('rate').replace(/,/g, '');
    if (rate && !RATE.test(rate)) issues.push({ row, column: 'rate', message: 'reconciliation.error.decimal' });
    const lineKey = cell('line_key');
    if (lineKey.length > 200) issues.push({ row, column: 'line_key', message: 'reconciliation.error.tooLong' });
    const amount = cell('amount') ? majorToMinor(cell('amount'), minorDigits) : 'reconciliation.error.required';
    if (typeof amount === 'string') issues.push({ row, column: 'amount', message: amount });
    else lines.push({ lineKey: lineKey || null, description, quantity: quantity || null, rate: rate || null, amountMinor: amount });
  });
  return { lines: issues.length ? [] : lines, issues };
}
