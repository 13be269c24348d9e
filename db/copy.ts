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

/** Bytes sent to the server per write (postgres.js); a write waits for 'drain' when the socket is full. */
const POSTGRES_COPY_BATCH_BYTES = 256 * 1024;

/**
 * A COPY in progress, fed one line at a time (lines in COPY's text format, as copyLine builds them).
 * `write` returns a promise only when it sent a batch and the caller must wait (back-pressure); hot
 * loaders write without an await per row.
 */
export interface CopyWriter {
  write(line: string): Promise<void> | undefined;
  /** Ends the COPY; resolves to the line count. */
  end(): Promise<number>;
  /** Abandons the COPY after a failure upstream (the transaction is rolled back by the caller). */
  abort(error: Error): Promise<void>;
}

export async function openCopy(tx: Tx, table: string, columns: readonly string[]): Promise<CopyWriter> {
  const target = `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;
  const raw = rawClientOf(tx);
  return raw.kind === 'postgres' ? openPostgresCopy(raw.client, target) : openPgliteCopy(raw.client, target);
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
  // Lines are encoded straight into a byte buffer: no string of the whole batch is built and flattened.
  let buffer = Buffer.allocUnsafe(POSTGRES_COPY_BATCH_BYTES);
  let used = 0;
  let count = 0;
  const send = async (chunk: Buffer | string) => {
    if (!stream.write(chunk as unknown as string)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    if (failure) throw failure;
  };
  const flush = () => {
    if (used === 0) return undefined;
    const chunk = buffer.subarray(0, used);
    // The socket may hold the chunk until it is written: the next lines go to a fresh buffer.
    buffer = Buffer.allocUnsafe(POSTGRES_COPY_BATCH_BYTES);
    used = 0;
    return send(chunk);
  };
  return {
    write(line) {
      count++;
      // A UTF-16 code unit is at most 3 bytes of UTF-8.
      if (used + line.length * 3 <= buffer.length) {
        used += buffer.write(line, used);
        return undefined;
      }
      const flushed = flush();
      if (line.length * 3 > buffer.length) return (flushed ?? Promise.resolve()).then(() => send(line));
      used += buffer.write(line, used);
      return flushed;
    },
    async end() {
      await flush();
      stream.end();
      await done;
      return count;
    },
    async abort(error) {
      (stream as unknown as { destroy(e: Error): void }).destroy(error);
      await done.catch(() => undefined);
    },
  };
}

async function openPgliteCopy(client: PgliteCopyClient, target: string): Promise<CopyWriter> {
  let parts: string[] = [];
  let count = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const blob = new Blob(parts);
    parts = [];
    await client.query(`COPY ${target} FROM '/dev/blob'`, [], { blob });
  };
  return {
    write(line) {
      parts.push(line);
      count++;
      return parts.length >= PGLITE_COPY_CHUNK_ROWS ? flush() : undefined;
    },
    async end() {
      await flush();
      return count;
    },
    async abort() {
      parts = [];
    },
  };
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
