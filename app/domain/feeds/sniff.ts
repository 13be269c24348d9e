/**
 * Works out the shape of a delimited text export from its first lines: delimiter, decimal separator,
 * where the header is (after any preamble), and which trailing lines are totals. FEEDS.md: comma,
 * semicolon (European Excel, with decimal commas), tab and pipe (NICE ctQueue) delimiters; Avaya CMS
 * prints 3 to 5 report-title lines before the header and a totals line at the end.
 */
import { fileError } from './issues';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type DecimalSeparator = '.' | ',';

export interface TextLayout {
  delimiter: Delimiter;
  decimalSeparator: DecimalSeparator;
  /** Physical lines before the header line (report titles, run dates). */
  preambleLines: number;
  /** 1-based physical line of the header. */
  headerLine: number;
}

export interface SniffOptions {
  /** Column names of the known templates, to recognise the header line after a preamble. */
  knownColumns?: readonly string[];
  /** Override what sniffing would decide. */
  delimiter?: Delimiter;
  decimalSeparator?: DecimalSeparator;
  /** Whether the sample is the whole file (otherwise its last line may be cut). */
  isComplete?: boolean;
}

/** How many lines of the sample are looked at. */
export const SNIFF_LINES = 60;

export function splitSampleLines(sample: string, isComplete: boolean): string[] {
  const lines = sample.split(/\r\n|\n|\r/);
  if (!isComplete) lines.pop();
  else if (lines.at(-1) === '') lines.pop();
  return lines.slice(0, SNIFF_LINES);
}

/** A quote-aware split, good enough for sniffing; the real parsing is csv-parse's. */
export function splitFields(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let isQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') {
      if (isQuoted && line[i + 1] === '"') {
        current += '"';
        i++;
      } else {
        isQuoted = !isQuoted;
      }
    } else if (char === delimiter && !isQuoted) {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields;
}

function modeOf(values: number[]): { value: number; count: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = { value: 0, count: 0 };
  for (const [value, count] of counts) {
    if (count > best.count || (count === best.count && value > best.value)) best = { value, count };
  }
  return best;
}

const isBlank = (line: string) => line.trim() === '';

/**
 * The delimiter that splits the most lines into the same number (> 1) of fields. Preamble lines have
 * other counts and simply do not vote for the mode.
 */
export function sniffDelimiter(lines: string[]): Delimiter {
  const content = lines.filter((line) => !isBlank(line));
  let best: { delimiter: Delimiter; lines: number; fields: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const mode = modeOf(content.map((line) => splitFields(line, delimiter).length));
    if (mode.value < 2) continue;
    const isBetter =
      !best || mode.count > best.lines || (mode.count === best.lines && mode.value > best.fields);
    if (isBetter) best = { delimiter, lines: mode.count, fields: mode.value };
  }
  // A single-column file has no delimiter to find; comma reads it as one column.
  return best?.delimiter ?? ',';
}

export const normaliseColumnName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The header is the first line naming at least two known columns; without a match, the first line with
 * at least the modal field count (report titles before it have fewer fields).
 */
export function findHeaderIndex(rows: string[][], knownColumns: readonly string[] = []): number {
  const known = new Set(knownColumns.map(normaliseColumnName));
  if (known.size > 0) {
    const matching = rows.findIndex(
      (fields) => fields.filter((field) => known.has(normaliseColumnName(field))).length >= Math.min(2, known.size),
    );
    if (matching >= 0) return matching;
  }
  const counts = rows.map((fields) => (fields.every((field) => field.trim() === '') ? 0 : fields.length));
  const mode = modeOf(counts.filter((count) => count > 0));
  // ">=" rather than "===": rows that are short of cells must not push the header down to the first data row.
  return counts.findIndex((count) => count > 0 && count >= mode.value);
}

const COMMA_DECIMAL = /^[-+(]?\d{1,3}(?:[. \u00a0\u202f]\d{3})*,\d+\s*%?\)?$|^[-+(]?\d+,\d+\s*%?\)?$/;
const DOT_DECIMAL = /^[-+(]?\d{1,3}(?:[, \u00a0\u202f]\d{3})*\.\d+\s*%?\)?$|^[-+(]?\d+\.\d+\s*%?\)?$/;

/**
 * Decimal comma when more sample values look like "1.234,5" or "85,0 %" than like "1,234.5". With a
 * comma delimiter a decimal comma can only appear inside quotes, which the split handles.
 */
export function sniffDecimalSeparator(dataRows: string[][]): DecimalSeparator {
  let commaVotes = 0;
  let dotVotes = 0;
  for (const fields of dataRows) {
    for (const raw of fields) {
      const field = raw.trim();
      if (COMMA_DECIMAL.test(field)) commaVotes++;
      else if (DOT_DECIMAL.test(field)) dotVotes++;
    }
  }
  return commaVotes > dotVotes ? ',' : '.';
}

const FOOTER_LABELS = new Set(['total', 'totals', 'grand total', 'summary', '合計', '總計', '总计', '小計', '總和']);
const FOOTER_FIRST_CHARS = [...FOOTER_LABELS].map((label) => label.charAt(0)).join('');

/** A totals/summary line at the end of a report: its first non-empty cell is a totals label. */
export function isFooterRecord(values: readonly string[]): boolean {
  const first = values.find((value) => value.trim() !== '');
  if (first === undefined) return false;
  // Checked per row: a first cell that cannot start a label (a date, most queue names) skips the normalisation.
  if (!FOOTER_FIRST_CHARS.includes(first.trim().charAt(0).toLowerCase())) return false;
  return FOOTER_LABELS.has(normaliseColumnName(first).replace(/[:：]$/, ''));
}

export function sniffLayout(sample: string, options: SniffOptions = {}): TextLayout {
  const lines = splitSampleLines(sample, options.isComplete ?? false);
  if (lines.every(isBlank)) throw fileError('file_empty', 'The file has no lines.');
  const delimiter = options.delimiter ?? sniffDelimiter(lines);
  const rows = lines.map((line) => (isBlank(line) ? [] : splitFields(line, delimiter)));
  const headerIndex = findHeaderIndex(rows, options.knownColumns);
  if (headerIndex < 0) throw fileError('header_missing', 'No header line was found in the first lines of the file.');
  const decimalSeparator = options.decimalSeparator ?? sniffDecimalSeparator(rows.slice(headerIndex + 1));
  return { delimiter, decimalSeparator, preambleLines: headerIndex, headerLine: headerIndex + 1 };
}
