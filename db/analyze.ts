/**
 * Planner statistics for the embedded engine. A PostgreSQL server keeps them fresh with its autovacuum
 * daemon; PGlite has none, so without this its tables are never analyzed and the planner guesses "one
 * row" for everything. That is harmless on small tables and ruinous on interval_facts: a join of the
 * demo's six months of facts to their daily rollups ran 60-75 s under row-level security with no
 * statistics and under 2 s after ANALYZE.
 *
 * The rule stands in for autovacuum's: a table is analyzed when it has rows but was never analyzed, or
 * when its size in pages has moved by more than a fifth (and at least 8 pages) since the last ANALYZE
 * recorded it in pg_class. Sizes are used rather than pg_stat counters because PGlite does not keep those
 * across restarts.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbHandle } from './client';

const STALE_TABLES = sql`
  with t as (
    select c.relname, c.reltuples, c.relpages, pg_relation_size(c.oid) / current_setting('block_size')::int as pages
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
  )
  select relname from t
  where pages > 0 and (reltuples < 0 or abs(pages - relpages) > greatest(8, relpages * 0.2))
  order by relname`;

/** Lists the tables whose statistics are missing or stale by the rule above (either engine). */
export async function staleTables(handle: DbHandle): Promise<string[]> {
  const rows = await queryRows<{ relname: string }>(handle.db, STALE_TABLES);
  return rows.map((r) => r.relname);
}

/** On PGlite, analyzes every stale table and returns their names; on a server, autovacuum does it. */
export async function analyzeStaleTables(handle: DbHandle): Promise<string[]> {
  if (handle.engine !== 'pglite') return [];
  const tables = await staleTables(handle);
  for (const table of tables) await handle.db.execute(sql`analyze ${sql.identifier(table)}`);
  return tables;
}
