/**
 * Streaming reader for delimited text exports (CSV, semicolon CSV, tab-separated "Unicode text", NICE's
 * pipe-delimited ctQueue files). Bytes are decoded, the first 64 KiB sniffed, the preamble dropped, and
 * records are split as the text streams (split-records.ts), so memory does not grow with the file.
 */
import { Readable } from 'node:stream';
import type { CsvError } from 'csv-parse';
import { FeedTextDecoder, type DecodeOptions, type DetectedEncoding } from './decode';
import { RecordBuilder, validateHeader, type FeedReader, type FeedRecord } from './feed-reader';
import { FeedFileError, FeedIssueCollector, fileError } from './issues';
import { SNIFF_LINES, sniffLayout, type SniffOptions, type TextLayout } from './sniff';
import { splitRecords, type RawRecord } from './split-records';

export interface CsvFeedOptions extends DecodeOptions, Omit<SniffOptions, 'isComplete'> {
  issues?: FeedIssueCollector;
  /** A record longer than this (e.g. an unclosed quote swallowing the file) stops the read. */
  maxRecordChars?: number;
}

/**
 * The data rows without a record object per row, for a mapper that reads cells by position
 * (canonical/intervals.ts): batches of raw records, one per decoded chunk, and the reader's row rules
 * (RecordBuilder.accept) to apply to each, in order. Iterating it reads the file, as `records` would.
 */
export interface RawRecordBatches {
  batches: AsyncIterable<readonly RawRecord[]>;
  /** Whether the record is a data row (blank lines, a totals footer and wrong cell counts are not); its cells are then trimmed. */
  accept(record: RawRecord): boolean;
}

export interface CsvFeed extends FeedReader {
  format: 'csv';
  encoding: DetectedEncoding;
  layout: TextLayout;
  /** The same rows as `records`, in batches of cells: iterate one or the other. */
  rawBatches: RawRecordBatches;
}

export const DEFAULT_MAX_RECORD_CHARS = 1_000_000;
const SNIFF_SAMPLE_CHARS = 64 * 1024;

type ByteSource = Readable | AsyncIterable<Uint8Array>;

/**
 * Opens a delimited text feed: decodes and sniffs the start of the file, validates the header, and
 * returns a reader whose `records` stream the rest. File-level failures throw a FeedFileError.
 */
export async function openCsvFeed(source: ByteSource, options: CsvFeedOptions = {}): Promise<CsvFeed> {
  const input = source instanceof Readable ? source : Readable.from(source, { objectMode: false });
  const decoder = new FeedTextDecoder(options);
  input.on('error', (error) => decoder.destroy(error));
  input.pipe(decoder);
  const chunks = decoder[Symbol.asyncIterator]() as AsyncIterator<string>;

  let sample = '';
  let isComplete = false;
  while (sample.length < SNIFF_SAMPLE_CHARS && countLineBreaks(sample) <= SNIFF_LINES) {
    const next = await chunks.next();
    if (next.done) {
      isComplete = true;
      break;
    }
    sample += next.value;
  }
  const encoding = decoder.detected;
  if (!encoding || sample.trim() === '') throw fileError('file_empty', 'The file is empty.');
  const layout = sniffLayout(sample, { ...options, isComplete });

  const text = normaliseLineBreaks(prepend(sample, chunks), layout.preambleLines);
  const maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const toFileLine = (parserLine: number) => parserLine + layout.preambleLines;
  const batches = splitRecords(text, layout.delimiter, maxRecordChars, toFileLine)[Symbol.asyncIterator]();
  let batch: readonly RawRecord[] = [];
  let index = 0;
  const fill = async (): Promise<boolean> => {
    while (index >= batch.length) {
      const next = await nextBatch(batches, toFileLine);
      if (!next) return false;
      batch = next;
      index = 0;
    }
    return true;
  };

  if (!(await fill())) throw fileError('header_missing', 'The file has no header line.');
  const first = batch[index++]!;
  const header = validateHeader(first.cells, first.line);
  const issues = options.issues ?? new FeedIssueCollector();

  const builder = new RecordBuilder(header, issues);
  const close = async () => {
    await batches.return?.(undefined);
    input.destroy();
  };
  async function* records(): AsyncGenerator<FeedRecord> {
    try {
      // Records come in batches (one per decoded chunk on the fast path): one await per batch, not per row.
      while (await fill()) {
        while (index < batch.length) {
          const next = batch[index++]!;
          const record = builder.build(next.cells, next.line);
          if (record) yield record;
          if (issues.isFull) return;
        }
      }
    } finally {
      await close();
    }
  }
  async function* rawBatches(): AsyncGenerator<readonly RawRecord[]> {
    try {
      while (await fill()) {
        const rest = index === 0 ? batch : batch.slice(index);
        index = batch.length;
        yield rest;
        if (issues.isFull) return;
      }
    } finally {
      await close();
    }
  }

  return {
    format: 'csv',
    header,
    headerLine: layout.headerLine,
    issues,
    encoding,
    layout,
    records: records(),
    rawBatches: { batches: rawBatches(), accept: (record) => builder.accept(record.cells, record.line) },
    get recordsRead() {
      return builder.built;
    },
  };
}

async function nextBatch(batches: AsyncIterator<RawRecord[]>, toFileLine: (line: number) => number): Promise<RawRecord[] | null> {
  try {
    const next = await batches.next();
    return next.done ? null : next.value;
  } catch (error) {
    throw toFeedFileError(error, toFileLine);
  }
}

function isCsvError(error: unknown): error is CsvError {
  return error instanceof Error && typeof (error as Partial<CsvError>).code === 'string' && 'lines' in error;
}

function csvErrorLine(error: CsvError): number {
  return typeof error.lines === 'number' ? error.lines : 1;
}

function toFeedFileError(error: unknown, toFileLine: (line: number) => number): Error {
  if (error instanceof FeedFileError) return error;
  if (!isCsvError(error)) return error instanceof Error ? error : new Error(String(error));
  const line = toFileLine(csvErrorLine(error));
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return fileError('csv_quote_error', `A quoted cell opened at or before line ${line} is never closed.`, { line });
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return fileError('csv_quote_error', `Line ${line} has a quote character in the wrong place.`, { line });
    case 'CSV_MAX_RECORD_SIZE':
      return fileError('csv_record_too_large', `The record at line ${line} is too long; check its quotes.`, { line });
    default:
      return fileError('csv_parse_error', `Line ${line} cannot be read: ${error.message}`, { line });
  }
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

async function* prepend(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Turns CRLF and lone CR (old Mac Excel "CSV (Macintosh)") into LF and drops the preamble lines.
 * csv-parse 7 miscounts lines on CRLF input; after this its line numbers are the file's physical lines.
 */
async function* normaliseLineBreaks(chunks: AsyncIterable<string>, skipLines: number): AsyncGenerator<string> {
  let linesToSkip = skipLines;
  let endedWithCarriageReturn = false;
  for await (const chunk of chunks) {
    let text: string = endedWithCarriageReturn && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    endedWithCarriageReturn = text.endsWith('\r');
    text = text.replace(/\r\n?/g, '\n');
    while (linesToSkip > 0 && text.length > 0) {
      const end = text.indexOf('\n');
      if (end < 0) {
        text = '';
        break;
      }
      text = text.slice(end + 1);
      linesToSkip--;
    }
    if (text.length > 0) yield text;
  }
}
