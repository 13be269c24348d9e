/**
 * Bulk loading with COPY on both engines (STACK.md: ~8x drizzle's batched inserts). Rows go to a table
 * the caller created in the same transaction, typically a temp staging table: COPY FROM refuses tables
 * with row-level security, and on PGlite reading '/dev/blob' needs the connection's own (superuser)
 * role, so call it before the transaction drops to the tenant role.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from './client';

export type CopyValue = string | number | boolean | Date | null | undefined;

/** Rows per PGlite COPY statement: each chunk is one Blob, so memory stays bounded whatever the file. */
export const PGLITE_COPY_CHUNK_ROWS = 20_000;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field of COPY's text format: \N for null, backslash escapes for the delimiter and line breaks. */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

export function copyLine(row: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyField(row[i]);
  return line + '\n';
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface PostgresJsCopyClient {
  unsafe(query: string): { writable(): Promise<NodeJS.WritableStream & { write(chunk: string, cb?: (error?: Error | null) => void): boolean }> };
}
interface PgliteCopyClient {
  query(query: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}

/** The driver client behind a drizzle transaction (postgres.js' reserved connection, or PGlite's). */
function rawClientOf(tx: Tx): { kind: 'postgres'; client: PostgresJsCopyClient } | { kind: 'pglite'; client: PgliteCopyClient } {
  const client = (tx as unknown as { session: { client: unknown } }).session.client as Record<string, unknown>;
  if (typeof client.unsafe === 'function') return { kind: 'postgres', client: client as unknown as PostgresJsCopyClient };
  if (typeof client.query === 'function') return { kind: 'pglite', client: client as unknown as PgliteCopyClient };
  throw new Error('copyInto: unknown driver client');
}

/**
 * COPYs `rows` into `table` (columns in order) inside the transaction `tx`; returns the row count.
 * The source is consumed lazily, so a streaming reader's back-pressure reaches the file.
 */
export async function copyInto(tx: Tx, table: string, columns: readonly string[], rows: AsyncIterable<readonly CopyValue[]> | Iterable<readonly CopyValue[]>): Promise<number> {
  async function* lines() {
    for await (const row of rows) yield copyLine(row);
  }
  return copyLinesInto(tx, table, columns, lines());
}

/** Bytes of COPY text per batch: a write to the server (postgres.js) or a part of a Blob (PGlite). */
const COPY_BATCH_BYTES = 256 * 1024;

const TAB = 9;
const NEWLINE = 10;
const DIGIT_0 = 48;
const MINUS = 45;
const DOT = 46;
const BACKSLASH = 92;
const MAX_MICROS_MAGNITUDE = 2 ** 30;
const CAPITAL_N = 78;

/**
 * A COPY in progress, fed line by line. Either whole lines in COPY's text format (`write`, as copyLine
 * builds them), or field by field straight into the send buffer (`int`, `number`, `plain`, then
 * `endLine`), with no string per line. A promise is returned only when a batch was sent and the caller
 * must wait for it (back-pressure); hot loaders write without an await per row.
 */
export interface CopyWriter {
  write(line: string): Promise<void> | undefined;
  /** A whole number (\N when not finite). */
  int(value: number): void;
  /** A number, or \N for null, undefined and non-finite values. */
  number(value: number | null | undefined): void;
  /** Text that needs no escaping: ASCII without tab, line break or backslash (uuids, ISO times, names the code chose). */
  plain(text: string): void;
  /** Any text (escaped as COPY needs, UTF-8), or \N for null and undefined. */
  text(value: string | null | undefined): void;
  endLine(): Promise<void> | undefined;
  /** Ends the COPY; resolves to the line count. */
  end(): Promise<number>;
  /** Abandons the COPY after a failure upstream (the transaction is rolled back by the caller). */
  abort(error: Error): Promise<void>;
}

/** Where full batches go; the chunk is the sink's to keep (the encoder continues in a new buffer). */
type BatchSink = (chunk: Buffer, lines: number) => Promise<void> | undefined;

/** COPY text encoded into a byte buffer line by line; handed to the sink at line ends once a batch is full. */
class CopyEncoder {
  private buffer = Buffer.allocUnsafe(COPY_BATCH_BYTES);
  private used = 0;
  private isLineStart = true;
  private linesInBatch = 0;
  lines = 0;

  constructor(private readonly sink: BatchSink) {}

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    // A line longer than the room left: the buffer grows (a batch is only cut between lines).
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }

  private separate(): void {
    if (this.isLineStart) this.isLineStart = false;
    else this.buffer[this.used++] = TAB;
  }

  int(value: number): void {
    if (!Number.isSafeInteger(value)) return this.number(value);
    this.reserve(18);
    this.separate();
    if (value < 0) this.buffer[this.used++] = MINUS;
    this.digits(Math.abs(value));
  }

  number(value: number | null | undefined): void {
    if (value === null || value === undefined) this.nullField();
    else if (Number.isSafeInteger(value)) this.int(value);
    else if (!Number.isFinite(value)) this.nullField();
    else if (!this.micros(value)) this.plain(String(value));
  }

  /**
   * A number with at most 6 decimals below 2^30 (a feed's seconds, say 154.1), written as String() would
   * write it, without the string: the digits of its integer count of millionths. String(number) keeps its
   * results in V8's number-string cache, so a million of them lived long enough to be promoted. Below 2^30
   * two such decimals are never the same double, so the one whose double is `value` is its shortest form.
   */
  private micros(value: number): boolean {
    const magnitude = Math.abs(value);
    if (magnitude >= MAX_MICROS_MAGNITUDE) return false;
    const scaled = Math.round(magnitude * 1e6);
    if (scaled / 1e6 !== magnitude) return false;
    this.reserve(24);
    this.separate();
    if (value < 0) this.buffer[this.used++] = MINUS;
    this.digits(Math.floor(scaled / 1e6));
    let fraction = scaled % 1e6;
    let width = 6;
    while (fraction % 10 === 0) {
      fraction /= 10;
      width--;
    }
    this.buffer[this.used++] = DOT;
    for (let at = this.used + width - 1; at >= this.used; at--) {
      this.buffer[at] = DIGIT_0 + (fraction % 10);
      fraction = Math.floor(fraction / 10);
    }
    this.used += width;
    return true;
  }

  /** The decimal digits of a non-negative safe integer. */
  private digits(n: number): void {
    let count = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count++;
    let at = this.used + count;
    this.used = at;
    do {
      this.buffer[--at] = DIGIT_0 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  plain(text: string): void {
    this.reserve(text.length + 1);
    this.separate();
    this.used += this.buffer.write(text, this.used, 'latin1');
  }

  text(value: string | null | undefined): void {
    if (value === null || value === undefined) return this.nullField();
    const escaped = copyField(value);
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    this.reserve(escaped.length * 3 + 1);
    this.separate();
    this.used += this.buffer.write(escaped, this.used);
  }

  private nullField(): void {
    this.reserve(3);
    this.separate();
    this.buffer[this.used++] = BACKSLASH;
    this.buffer[this.used++] = CAPITAL_N;
  }

  /** A whole line in COPY's text format (ending in a newline). */
  line(text: string): Promise<void> | undefined {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    this.reserve(text.length * 3);
    this.used += this.buffer.write(text, this.used);
    return this.lineDone();
  }

  endLine(): Promise<void> | undefined {
    this.reserve(1);
    this.buffer[this.used++] = NEWLINE;
    return this.lineDone();
  }

  private lineDone(): Promise<void> | undefined {
    this.isLineStart = true;
    this.lines++;
    this.linesInBatch++;
    return this.used >= COPY_BATCH_BYTES - 4096 ? this.flush() : undefined;
  }

  /** Hands the lines so far to the sink. */
  flush(): Promise<void> | undefined {
    if (this.used === 0) return undefined;
    const chunk = this.buffer.subarray(0, this.used);
    const lines = this.linesInBatch;
    this.buffer = Buffer.allocUnsafe(COPY_BATCH_BYTES);
    this.used = 0;
    this.linesInBatch = 0;
    return this.sink(chunk, lines);
  }
}

export async function openCopy(tx: Tx, table: string, columns: readonly string[]): Promise<CopyWriter> {
  const target = `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;
  const raw = rawClientOf(tx);
  return raw.kind === 'postgres' ? openPostgresCopy(raw.client, target) : openPgliteCopy(raw.client, target);
}

function writerOf(encoder: CopyEncoder, end: () => Promise<void>, abort: (error: Error) => Promise<void>): CopyWriter {
  return {
    write: (line) => encoder.line(line),
    int: (value) => encoder.int(value),
    number: (value) => encoder.number(value),
    plain: (text) => encoder.plain(text),
    text: (value) => encoder.text(value),
    endLine: () => encoder.endLine(),
    async end() {
      await encoder.flush();
      await end();
      return encoder.lines;
    },
    abort,
  };
}

async function openPostgresCopy(client: PostgresJsCopyClient, target: string): Promise<CopyWriter> {
  const stream = await client.unsafe(`COPY ${target} FROM STDIN`).writable();
  let failure: Error | undefined;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', () => resolve());
    stream.on('error', (error: Error) => {
      failure = error;
      stream.emit('drain');
      reject(error);
    });
  });
  done.catch(() => undefined);
  const send = async (chunk: Buffer) => {
    if (!stream.write(chunk as unknown as string)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    if (failure) throw failure;
  };
  return writerOf(
    new CopyEncoder((chunk) => send(chunk)),
    async () => {
      stream.end();
      await done;
    },
    async (error) => {
      (stream as unknown as { destroy(e: Error): void }).destroy(error);
      await done.catch(() => undefined);
    },
  );
}

async function openPgliteCopy(client: PgliteCopyClient, target: string): Promise<CopyWriter> {
  let parts: Buffer[] = [];
  let lines = 0;
  let isAborted = false;
  const load = async () => {
    if (parts.length === 0 || isAborted) return;
    const blob = new Blob(parts as Uint8Array<ArrayBuffer>[]);
    parts = [];
    lines = 0;
    await client.query(`COPY ${target} FROM '/dev/blob'`, [], { blob });
  };
  const encoder = new CopyEncoder((chunk, chunkLines) => {
    parts.push(chunk);
    lines += chunkLines;
    return lines >= PGLITE_COPY_CHUNK_ROWS ? load() : undefined;
  });
  return writerOf(encoder, load, async () => {
    isAborted = true;
    parts = [];
  });
}

/**
 * COPYs lines already in COPY's text format (copyLine's output: fields escaped, tab-separated, each ending
 * in a newline) into `table`; returns the line count.
 */
export async function copyLinesInto(tx: Tx, table: string, columns: readonly string[], lines: AsyncIterable<string> | Iterable<string>): Promise<number> {
  const copy = await openCopy(tx, table, columns);
  try {
    for await (const line of lines) {
      const wait = copy.write(line);
      if (wait) await wait;
    }
  } catch (error) {
    await copy.abort(error as Error);
    throw error;
  }
  return copy.end();
}

/** Grants the tenant role read access to a temp staging table created by the connection's own role. */
export async function grantStagingToTenant(tx: Tx, table: string): Promise<void> {
  await tx.execute(sql.raw(`GRANT SELECT ON ${quoteIdent(table)} TO outpost_app`));
}
