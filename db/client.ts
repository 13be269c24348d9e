import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import * as schema from './schema/index';
import { openServerPool } from './server-pool';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Database | Tx;

export interface DbHandle {
  db: Database;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** PostgreSQL server only: swaps in a fresh connection pool and retires the current one (see server-pool.ts). */
  replacePool?(): void;
  /** PostgreSQL server only: whether the server answers `select 1` on a connection of its own within the time. */
  serverReachable?(timeoutMs: number): Promise<boolean>;
}

export interface OpenOptions {
  /** postgres://… to use a PostgreSQL server; absent for embedded PGlite. */
  url?: string;
  /** PGlite data directory; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** A PGlite data-directory dump (tar) to start from, used by tests to skip migrations. */
  loadDataDir?: Blob;
}

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.url) return openServerPool(options.url);
  const dataDir = options.dataDir ?? 'memory://';
  let lock: DataDirLock | undefined;
  if (!dataDir.startsWith('memory://')) {
    fs.mkdirSync(path.resolve(dataDir), { recursive: true });
    lock = acquireDataDirLock(path.resolve(dataDir));
  }
  try {
    const client = await PGlite.create(dataDir, { loadDataDir: options.loadDataDir });
    return {
      db: drizzlePglite(client, { schema }) as unknown as Database,
      engine: 'pglite',
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** Runs raw SQL and returns its rows on either engine (PGlite answers `{ rows }`, postgres.js an array). */
export async function queryRows<T extends Record<string, unknown>>(q: Queryable, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
