/**
 * Splits normalised delimited text (LF line breaks, preamble dropped) into records. Most exports quote
 * nothing, and for them a line is a record and a delimiter a cell boundary: that fast path splits the
 * text itself, in batches of one decoded chunk, with no per-field buffers. At the first line holding a
 * quote character the rest of the file goes to csv-parse, which knows quoting (and its errors), with its
 * line numbers shifted to stay the file's. Each record carries the file line it starts on (`toFileLine` maps
 * a line of the normalised text to the file's).
 */
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { fileError } from './issues';

/** A record as split: its cells (untrimmed) and the file's line it starts on (a quoted cell may span lines). */
export interface RawRecord {
  cells: string[];
  line: number;
}

/** Records per batch at most (a decoded chunk of 256 KiB holds ~3,000 canonical rows): what one await carries. */
const BATCH_RECORDS = 1024;

export async function* splitRecords(
  text: AsyncIterable<string>,
  delimiter: string,
  maxRecordChars: number,
  toFileLine: (line: number) => number,
): AsyncGenerator<RawRecord[]> {
  const chunks = text[Symbol.asyncIterator]();
  let pending = '';
  let line = 0;
  const tooLong = (at: number) => {
    const fileLine = toFileLine(at);
    return fileError('csv_record_too_large', `The record at line ${fileLine} is too long; check its quotes.`, { line: fileLine });
  };
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    const chunk = pending ? pending + next.value : next.value;
    const quoteAt = chunk.indexOf('"');
    // Lines before the one holding the first quote are split here; that line and the rest go to csv-parse.
    const fastEnd = quoteAt < 0 ? chunk.length : chunk.lastIndexOf('\n', quoteAt) + 1;
    let batch: RawRecord[] = [];
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0 && end < fastEnd; end = chunk.indexOf('\n', start)) {
      line++;
      if (end - start > maxRecordChars) throw tooLong(line);
      // csv-parse's skip_empty_lines: an empty line is counted, not returned.
      if (end > start) batch.push({ cells: chunk.slice(start, end).split(delimiter), line: toFileLine(line) });
      start = end + 1;
      if (batch.length === BATCH_RECORDS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    if (quoteAt >= 0) {
      yield* parseQuoted(prepend(chunk.slice(start), chunks), delimiter, maxRecordChars, line, toFileLine);
      return;
    }
    pending = chunk.slice(start);
    if (pending.length > maxRecordChars) throw tooLong(line + 1);
  }
  if (pending) yield [{ cells: pending.split(delimiter), line: toFileLine(line + 1) }];
}

/** csv-parse over the rest of the text, its lines (and its errors' lines) shifted by `lineOffset`. */
async function* parseQuoted(
  text: AsyncIterable<string>,
  delimiter: string,
  maxRecordChars: number,
  lineOffset: number,
  toFileLine: (line: number) => number,
): AsyncGenerator<RawRecord[]> {
  const parser = parse({
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: maxRecordChars,
  });
  const textStream = Readable.from(text, { objectMode: false });
  textStream.on('error', (error) => parser.destroy(error));
  textStream.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // csv-parse counts the line where the record ends; a quoted cell may span lines before it.
      const endLine = toFileLine(info.lines + lineOffset);
      yield [{ cells: record, line: endLine - record.reduce((n, cell) => n + countLineBreaks(cell), 0) }];
    }
  } catch (error) {
    const csvError = error as Partial<CsvError> & { lines?: number };
    if (typeof csvError.lines === 'number') csvError.lines += lineOffset;
    throw error;
  } finally {
    textStream.destroy();
  }
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

async function* prepend(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  if (first) yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}
