/**
 * One issue type for every layer of feed reading (decoding, sniffing, rows, values). Codes are stable so
 * the UI can translate them; the English message is for logs, the API and the downloadable error report.
 */
export const FILE_ISSUE_CODES = [
  'encoding_undetected',
  'encoding_invalid',
  'file_empty',
  'header_missing',
  'header_empty_column',
  'header_duplicate_column',
  'csv_quote_error',
  'csv_record_too_large',
  'csv_parse_error',
  'xlsx_not_zip',
  'xlsx_corrupt',
  'xlsx_too_large',
  'xlsx_too_many_rows',
  'xlsx_sheet_not_found',
  'xlsx_no_worksheet',
] as const;

export const ROW_ISSUE_CODES = [
  'column_count_mismatch',
  'data_after_footer',
  'xlsx_formula_cell',
  'xlsx_error_cell',
  'issue_limit_reached',
] as const;

export const VALUE_ISSUE_CODES = [
  'number_invalid',
  'number_negative',
  'number_not_integer',
  'duration_invalid',
  'duration_negative',
  'timestamp_invalid',
  'timestamp_zone_missing',
  'timezone_invalid',
  'dst_gap',
  'dst_ambiguous',
] as const;

export type FileIssueCode = (typeof FILE_ISSUE_CODES)[number];
export type RowIssueCode = (typeof ROW_ISSUE_CODES)[number];
export type ValueIssueCode = (typeof VALUE_ISSUE_CODES)[number];
export type FeedIssueCode = FileIssueCode | RowIssueCode | ValueIssueCode;

export interface FeedIssue {
  /** 1-based physical line of a text file, or the worksheet row number of an XLSX file. */
  line?: number;
  column?: string;
  value?: string;
  code: FeedIssueCode;
  message: string;
}

/** A value-level failure before it is placed at a line and column. */
export interface ValueIssue {
  code: ValueIssueCode;
  message: string;
}

/** A failure that stops reading the file: nothing after it can be trusted (encoding, structure, zip bomb). */
export class FeedFileError extends Error {
  readonly issue: FeedIssue;
  constructor(issue: FeedIssue) {
    super(issue.message);
    this.name = 'FeedFileError';
    this.issue = issue;
  }
}

export function fileError(code: FileIssueCode, message: string, at: Omit<FeedIssue, 'code' | 'message'> = {}) {
  return new FeedFileError({ ...at, code, message });
}

export function issueFromValue(reason: ValueIssue, at: Omit<FeedIssue, 'code' | 'message'>): FeedIssue {
  return { ...at, code: reason.code, message: reason.message };
}

export const DEFAULT_ISSUE_LIMIT = 1_000;

/** The issue that ends a report once `limit` problems are in it. */
export function limitReachedIssue(line: number | undefined, limit: number): FeedIssue {
  return { line, code: 'issue_limit_reached', message: `Stopped after ${limit} problems; fix these and upload the file again.` };
}

/**
 * The limit rule every layer's collector follows: issues are kept until `count` reaches `limit`, then one
 * 'issue_limit_reached' issue is added and the rest are dropped. A layer that shares its limit with another
 * (MappingIssueCollector) counts that layer's issues in `count` too.
 */
export class LimitedIssueCollector<Issue extends { line?: number }> {
  readonly issues: Issue[] = [];
  private truncated = false;

  constructor(
    readonly limit: number,
    private readonly limitReached: (line: number | undefined, limit: number) => Issue,
  ) {}

  /** The issues the limit counts. */
  get count(): number {
    return this.issues.length;
  }

  add(issue: Issue): void {
    if (this.count < this.limit) {
      this.issues.push(issue);
      return;
    }
    if (!this.truncated) {
      this.truncated = true;
      this.issues.push(this.limitReached(issue.line, this.limit));
    }
  }

  get isFull(): boolean {
    return this.truncated;
  }
}

/**
 * Collects row-level issues so a vendor sees every problem of a file in one report, up to a limit after
 * which reading stops (a file with a thousand bad rows has a systematic problem; more rows add nothing).
 * Shared between the readers and the layers above them so the limit covers the whole file.
 */
export class FeedIssueCollector extends LimitedIssueCollector<FeedIssue> {
  constructor(limit: number = DEFAULT_ISSUE_LIMIT) {
    super(limit, limitReachedIssue);
  }

  get hasIssues(): boolean {
    return this.issues.length > 0;
  }
}
