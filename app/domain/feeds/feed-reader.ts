/**
 * What the CSV and XLSX readers have in common: the record shape, header validation, and the rules for
 * rows (totals footers, column-count mismatches) so both formats behave the same for the layers above.
 */
import { FeedIssueCollector, fileError } from './issues';
import { isFooterRecord, normaliseColumnName } from './sniff';

export interface FeedRecord {
  /** 1-based physical line in a text file, or the row number in the worksheet. */
  line: number;
  /** Cell text by header name, trimmed. */
  values: Record<string, string>;
}

export interface FeedReader {
  format: 'csv' | 'xlsx';
  header: string[];
  /** Line (or worksheet row) of the header. */
  headerLine: number;
  /** Row-level issues found while iterating; shared with the caller's own checks. */
  issues: FeedIssueCollector;
  /** Single-use: iterating reads the file. Stops early once the issue limit is reached. */
  records: AsyncIterable<FeedRecord>;
  /** Data records yielded so far (rows_total of an upload). */
  readonly recordsRead: number;
}

/**
 * Validates header cells. Trailing empty cells are dropped because Excel writes a trailing delimiter
 * when a formatted column is empty; an empty name between named columns is an error.
 */
export function validateHeader(cells: readonly string[], line: number): string[] {
  const names = cells.map((cell) => cell.trim());
  while (names.length > 0 && names.at(-1) === '') names.pop();
  if (names.length === 0) throw fileError('header_missing', 'The header line is empty.', { line });
  const seen = new Map<string, string>();
  names.forEach((name, index) => {
    if (name === '') {
      throw fileError('header_empty_column', `Column ${index + 1} of the header has no name.`, { line });
    }
    const key = normaliseColumnName(name);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw fileError('header_duplicate_column', `The column "${name}" appears twice in the header.`, {
        line,
        column: name,
      });
    }
    seen.set(key, name);
  });
  return names;
}

function isBlankRecord(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i]!.trim() !== '') return false;
  return true;
}

function hasExtraText(cells: readonly string[], width: number): boolean {
  for (let i = width; i < cells.length; i++) if (cells[i]!.trim() !== '') return true;
  return false;
}

/**
 * Turns raw cells into records: skips blank lines, drops the totals footer (FEEDS.md: Avaya CMS and
 * Excel reports end with one) and reports rows whose cell count does not match the header.
 */
export class RecordBuilder {
  private footerLine: number | null = null;
  /** Records returned so far. */
  built = 0;
  constructor(
    private readonly header: readonly string[],
    private readonly issues: FeedIssueCollector,
  ) {}

  build(cells: readonly string[], line: number): FeedRecord | null {
    if (!this.isDataRow(cells, line)) return null;
    // A plain loop: this runs once per row of million-row files.
    const width = this.header.length;
    const values: Record<string, string> = {};
    for (let i = 0; i < width; i++) values[this.header[i]!] = cells[i]!.trim();
    return { line, values };
  }

  /** build's rules without the record: whether `cells` is a data row; its cells are then trimmed in place. */
  accept(cells: string[], line: number): boolean {
    if (!this.isDataRow(cells, line)) return false;
    const width = this.header.length;
    for (let i = 0; i < width; i++) cells[i] = cells[i]!.trim();
    return true;
  }

  private isDataRow(cells: readonly string[], line: number): boolean {
    if (isBlankRecord(cells)) return false;
    if (isFooterRecord(cells)) {
      this.footerLine ??= line;
      return false;
    }
    if (this.footerLine !== null) {
      this.issues.add({
        line,
        code: 'data_after_footer',
        message: `A data row follows the totals line ${this.footerLine}; totals must be the last line.`,
      });
      return false;
    }
    const width = this.header.length;
    if (cells.length < width || hasExtraText(cells, width)) {
      this.issues.add({
        line,
        code: 'column_count_mismatch',
        message: `The row has ${cells.length} cells but the header has ${width} columns.`,
      });
      return false;
    }
    this.built++;
    return true;
  }
}
