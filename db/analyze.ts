/**
 * Planner statistics, kept by the app on both engines. PGlite has no autovacuum, and a server's autovacuum
 * may be off (it is on this project's CI server) or a minute behind a bulk load. Without statistics the
 * planner guesses "one row" for everything. That is harmless on small tables and ruinous on interval_facts:
 * a join of the demo's six months of facts to their daily rollups ran 60-75 s on PGlite and 4 s on the
 * server under row-level security with no statistics, and 0.2-2 s after ANALYZE.
 *
 * The rule stands in for autovacuum's: a table is analyzed when it has rows but was never analyzed, or
 * when its size in pages has moved by more than a fifth (and at least 8 pages) since the last ANALYZE
 * recorded it in pg_class. Sizes are used rather than pg_stat counters because PGlite does not keep those
 * across restarts. An accepted feed upload checks its own tables at once (feeds/ingest.server.ts); the
 * jobs process checks every table at start and every minute (server/jobs.ts).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './client';

const staleTablesQuery = (only?: readonly string[]) => sql`
  with t as (
    select c.relname, c.reltuples, c.relpages, pg_relation_size(c.oid) / current_setting('block_size')::int as pages
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'${only ? sql` and c.relname in (${sql.join(only.map((name) => sql`${name}`), sql`, `)})` : sql``}
  )
  select relname from t
  where pages > 0 and (reltuples < 0 or abs(pages - relpages) > greatest(8, relpages * 0.2))
  order by relname`;

/** Lists the tables (all of them, or only those named) whose statistics are missing or stale by the rule above. */
export async function staleTables(db: Database, only?: readonly string[]): Promise<string[]> {
  if (only && !only.length) return [];
  const rows = await queryRows<{ relname: string }>(db, staleTablesQuery(only));
  return rows.map((r) => r.relname);
}

/**
 * Analyzes every stale table (or the stale ones among those named) and returns their names. Runs as the
 * connection's own role, the tables' owner, outside any tenant transaction. SKIP_LOCKED passes over a
 * table another ANALYZE (autovacuum's, or another process's) is working on.
 */
export async function analyzeStaleTables(db: Database, only?: readonly string[]): Promise<string[]> {
  const tables = await staleTables(db, only);
  for (const table of tables) await db.execute(sql`analyze (skip_locked) ${sql.identifier(table)}`);
  return tables;
}
