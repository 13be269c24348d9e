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

/** Text buffered before a write to the server (postgres.js); the write waits for 'drain' when the socket is full. */
const POSTGRES_COPY_BATCH_CHARS = 128 * 1024;

/**
 * COPYs lines already in COPY's text format (copyLine's output: fields escaped, tab-separated, each ending
 * in a newline) into `table`; returns the line count. For hot loaders that build the text directly.
 */
export async function copyLinesInto(tx: Tx, table: string, columns: readonly string[], lines: AsyncIterable<string> | Iterable<string>): Promise<number> {
  const target = `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;
  const raw = rawClientOf(tx);
  let count = 0;
  if (raw.kind === 'postgres') {
    const stream = await raw.client.unsafe(`COPY ${target} FROM STDIN`).writable();
    let failure: Error | undefined;
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', () => resolve());
      stream.on('error', (error: Error) => {
        failure = error;
        stream.emit('drain');
        reject(error);
      });
    });
    let batch = '';
    const flush = async () => {
      if (!batch) return;
      const chunk = batch;
      batch = '';
      if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      if (failure) throw failure;
    };
    try {
      for await (const line of lines) {
        batch += line;
        count++;
        if (batch.length > POSTGRES_COPY_BATCH_CHARS) await flush();
      }
      await flush();
    } catch (error) {
      (stream as unknown as { destroy(e: Error): void }).destroy(error as Error);
      await done.catch(() => undefined);
      throw error;
    }
    stream.end();
    await done;
    return count;
  }
  let parts: string[] = [];
  const flush = async () => {
    if (parts.length === 0) return;
    const blob = new Blob(parts);
    parts = [];
    await raw.client.query(`COPY ${target} FROM '/dev/blob'`, [], { blob });
  };
  for await (const line of lines) {
    parts.push(line);
    count++;
    if (parts.length >= PGLITE_COPY_CHUNK_ROWS) await flush();
  }
  await flush();
  return count;
}

/** Grants the tenant role read access to a temp staging table created by the connection's own role. */
export async function grantStagingToTenant(tx: Tx, table: string): Promise<void> {
  await tx.execute(sql.raw(`GRANT SELECT ON ${quoteIdent(table)} TO outpost_app`));
}
