/**
 * Streaming reader for XLSX exports through exceljs' WorkbookReader, behind a zip-bomb guard, with the
 * same record interface as the CSV reader. Vendors must send values: a formula cell is reported (it also
 * carries spreadsheet-injection risk) and so is an error cell such as #DIV/0!.
 */
import { Readable } from 'node:stream';
// Types only: exceljs (~2 s to load, ~30 MB) is imported when an XLSX file arrives, not by every CSV import.
import type ExcelJS from 'exceljs';
import { RecordBuilder, validateHeader, type FeedReader, type FeedRecord } from './feed-reader';
import { FeedFileError, FeedIssueCollector, fileError } from './issues';
import { SNIFF_LINES, findHeaderIndex } from './sniff';
import { DEFAULT_MAX_UNCOMPRESSED_BYTES, ZipInflateGuard } from './zip-guard';

export interface XlsxFeedOptions {
  /** Worksheet to read; the first one otherwise. */
  sheetName?: string;
  knownColumns?: readonly string[];
  issues?: FeedIssueCollector;
  maxUncompressedBytes?: number;
  maxRows?: number;
}

export interface XlsxFeed extends FeedReader {
  format: 'xlsx';
  sheetName: string;
}

/** Excel's own sheet limit: no genuine export has more rows. */
export const DEFAULT_MAX_XLSX_ROWS = 1_048_576;

type ByteSource = Readable | AsyncIterable<Uint8Array>;

interface SheetRow {
  number: number;
  cells: string[];
  /** A formula or error cell was reported: the row is not yielded. */
  hasCellIssue: boolean;
}

export async function openXlsxFeed(source: ByteSource, options: XlsxFeedOptions = {}): Promise<XlsxFeed> {
  const input = source instanceof Readable ? source : Readable.from(source, { objectMode: false });
  const guard = new ZipInflateGuard(options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES);
  input.on('error', (error) => guard.destroy(error));
  input.pipe(guard);
  const maxRows = options.maxRows ?? DEFAULT_MAX_XLSX_ROWS;
  const issues = options.issues ?? new FeedIssueCollector();
  // Failures surface through `guarded` below; without a listener exceljs' pipe would make them uncaught.
  const guardErrored = new Promise<never>((_, reject) => guard.once('error', reject));
  guardErrored.catch(() => undefined);
  guard.on('error', () => undefined);
  const stop = () => {
    input.unpipe(guard);
    input.destroy();
    guard.destroy();
  };

  // exceljs never settles once its input stops, so every wait is raced against the guard's failure.
  const guarded = async <T>(promise: Promise<T>): Promise<T> => {
    try {
      return await Promise.race([promise, guard.failed, guardErrored]);
    } catch (error) {
      stop();
      throw guard.failure ?? toCorruptError(error);
    }
  };

  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookReader(guard, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles carry the number formats that tell a date from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const sheets = workbook[Symbol.asyncIterator]();
  let sheet: ExcelJS.stream.xlsx.WorksheetReader | null = null;
  for (;;) {
    const next = await guarded(sheets.next());
    if (next.done) break;
    if (options.sheetName === undefined || sheetNameOf(next.value) === options.sheetName) {
      sheet = next.value;
      break;
    }
  }
  if (!sheet) {
    stop();
    throw options.sheetName === undefined
      ? fileError('xlsx_no_worksheet', 'The workbook has no worksheet.')
      : fileError('xlsx_sheet_not_found', `The workbook has no worksheet named "${options.sheetName}".`);
  }
  const sheetName = sheetNameOf(sheet);
  const rowIterator = sheet[Symbol.asyncIterator]();
  let rowsRead = 0;

  async function nextRow(): Promise<ExcelJS.Row | null> {
    const next = await guarded(rowIterator.next());
    if (next.done) return null;
    rowsRead++;
    if (rowsRead > maxRows) {
      stop();
      throw fileError('xlsx_too_many_rows', `The worksheet has more than ${maxRows} rows.`);
    }
    return next.value;
  }

  const leading: ExcelJS.Row[] = [];
  while (leading.length < SNIFF_LINES) {
    const row = await nextRow();
    if (!row) break;
    leading.push(row);
  }
  // Header detection only needs the text; cell issues are reported below, once columns have names.
  const scratch = new FeedIssueCollector();
  const headerIndex = findHeaderIndex(
    leading.map((row) => rowCells(row, scratch, [])),
    options.knownColumns,
  );
  const headerRow = leading[headerIndex];
  if (!headerRow) {
    stop();
    throw fileError('header_missing', `The worksheet "${sheetName}" has no header row.`);
  }
  for (const row of leading.slice(0, headerIndex + 1)) rowCells(row, issues, []);
  let header: string[];
  try {
    header = validateHeader(rowCells(headerRow, scratch, []), headerRow.number);
  } catch (error) {
    stop();
    throw error;
  }

  function toSheetRow(row: ExcelJS.Row): SheetRow {
    const issueCount = issues.issues.length;
    const cells = rowCells(row, issues, header);
    return { number: row.number, cells, hasCellIssue: issues.issues.length > issueCount };
  }

  const builder = new RecordBuilder(header, issues);
  async function* records(): AsyncGenerator<FeedRecord> {
    try {
      const buffered = leading.slice(headerIndex + 1);
      for (let raw = buffered.shift() ?? (await nextRow()); raw; raw = buffered.shift() ?? (await nextRow())) {
        const row = toSheetRow(raw);
        const record = builder.build(row.cells, row.number);
        if (record && !row.hasCellIssue) yield record;
        if (issues.isFull) return;
      }
    } finally {
      stop();
    }
  }

  return {
    format: 'xlsx',
    header,
    headerLine: headerRow.number,
    issues,
    sheetName,
    records: records(),
    get recordsRead() {
      return builder.built;
    },
  };
}

function sheetNameOf(sheet: ExcelJS.stream.xlsx.WorksheetReader): string {
  // exceljs sets the name from workbook.xml at runtime; its typings omit it.
  return (sheet as unknown as { name: string }).name;
}

function toCorruptError(error: unknown): Error {
  if (error instanceof FeedFileError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return fileError('xlsx_corrupt', `The workbook cannot be read (${detail}). Save it again from Excel.`);
}

export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function rowCells(row: ExcelJS.Row, issues: FeedIssueCollector, header: readonly string[]): string[] {
  const values = row.values;
  if (!Array.isArray(values)) return [];
  const cells: string[] = [];
  // row.values is 1-based and sparse: index 0 is unused, empty cells are holes.
  for (let index = 1; index < values.length; index++) {
    const at = { line: row.number, address: `${columnLetter(index)}${row.number}`, column: header[index - 1] };
    cells.push(cellText(values[index], at, issues));
  }
  return cells;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Excel stores no time zone: exceljs returns the wall-clock time as if it were UTC. It is written back
 * as a wall-clock ISO string without offset, for the values layer to read in the site's zone. A date
 * before 1900-01-01 is Excel's time-of-day or [h]:mm:ss duration, written as H:MM:SS.
 */
export function excelDateText(date: Date): string {
  const ms = date.getTime();
  const excelEpoch = Date.UTC(1899, 11, 30);
  if (ms < Date.UTC(1900, 0, 1) && ms >= excelEpoch) {
    const totalSeconds = Math.round((ms - excelEpoch) / 1000);
    return `${Math.floor(totalSeconds / 3600)}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}`;
  }
  const iso = date.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}

interface CellPosition {
  line: number;
  /** "C3" */
  address: string;
  /** The header name, once the header is known; otherwise the cell address. */
  column: string | undefined;
}

function cellText(value: ExcelJS.CellValue | undefined, at: CellPosition, issues: FeedIssueCollector): string {
  const { line, address } = at;
  const column = at.column ?? address;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return excelDateText(value);
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    issues.add({
      line,
      column,
      value: formula ? `=${formula}` : '(shared formula)',
      code: 'xlsx_formula_cell',
      message: `Cell ${address} holds a formula; send the values (paste as values) instead.`,
    });
    return '';
  }
  if ('error' in value) {
    issues.add({
      line,
      column,
      value: String(value.error),
      code: 'xlsx_error_cell',
      message: `Cell ${address} shows the Excel error ${String(value.error)}.`,
    });
    return '';
  }
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('text' in value) return String(value.text);
  return '';
}
