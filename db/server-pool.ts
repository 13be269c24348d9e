import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Database, DbHandle } from './client';
import * as schema from './schema/index';

/** How long a pool being replaced gets to finish the queries it is running before its sockets are closed. */
const RETIRE_AFTER_S = 10;

/**
 * After a failed connection attempt postgres.js waits before the next one, by default 3^n / 100 s with n
 * counted across the whole pool: after a few seconds of a database restart that is 10-20 s, and a request
 * given to such a connection once the database is back waited that long. The outage guard answers 503
 * while the database is down, so a short wait does not hammer it: 50 ms doubling to at most 1 s.
 */
export const reconnectDelaySeconds = (attempt: number): number => Math.min(0.05 * 2 ** attempt, 1);

/**
 * The PostgreSQL server's pool, replaceable while the process runs.
 *
 * postgres.js 3.4.9 (the latest) could wedge a pooled connection for good when the server dropped it (its
 * `closed()` cleared the pending write timer without forgetting it, so after the reconnect no small write
 * was ever flushed); patches/postgres+3.4.9.patch fixes that. Should a pool stick for any other reason,
 * `replacePool()` swaps in a fresh pool (new requests use it at once, through `handle.db`) and retires the
 * old one; `serverReachable()` asks the server on a connection of its own, so the caller can tell "the
 * database is down" from "our pool is stuck".
 */
export function openServerPool(url: string, poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10)): DbHandle {
  const open = () =>
    postgres(url, {
      max: poolSize,
      backoff: reconnectDelaySeconds,
      onnotice: () => {},
      connection: { application_name: 'outpost' },
    });
  let client = open();
  let db = drizzlePostgres(client, { schema }) as unknown as Database;
  return {
    get db() {
      return db;
    },
    engine: 'postgres',
    close: () => client.end(),
    replacePool() {
      const retired = client;
      client = open();
      db = drizzlePostgres(client, { schema }) as unknown as Database;
      void retired.end({ timeout: RETIRE_AFTER_S }).catch(() => {});
    },
    async serverReachable(timeoutMs: number) {
      const single = postgres(url, { max: 1, connect_timeout: Math.max(1, Math.ceil(timeoutMs / 1000)), onnotice: () => {}, connection: { application_name: 'outpost-probe' } });
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('database probe timed out')), timeoutMs);
        });
        await Promise.race([single`select 1`, timeout]);
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
        void single.end({ timeout: 0 }).catch(() => {});
      }
    },
  };
}
