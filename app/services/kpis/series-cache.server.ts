/**
 * A per-process cache of day, week and month KPI series (the program overview and the KPI API), so a
 * repeated view costs one small query instead of the rollup aggregate and its look-ups.
 *
 * An entry is found by who asks (org, org kind, role) and what (program or units, range, grain, filters),
 * and is used only while its data version is unchanged. The version is read in the caller's tenant
 * transaction, under the same row-level security as the series itself, from every row the series reads:
 * the units, their program and vendor orgs, contract units, versions and SLAs, unit targets, and the
 * rollup rows of the range. Each table contributes the count of those rows and the sum of their `xmin`
 * (the id of the transaction that wrote each row version). Any insert, update or delete of one of them
 * commits a new row version with a new transaction id, so the version changes with the data, whoever
 * wrote it (a feed upload, a revision, a contract or target change, a rename, a cluster sibling, the CLI).
 * Timestamps would not do: `now()` is the transaction's start, and a long upload that started before a
 * short one commits after it with the older time. No upload, no decision, no edit can be served stale.
 *
 * Tenant safety: the reading org is part of the key (a vendor's series is computed under its row-level
 * security and never handed to the client, nor the reverse), and each database has its own cache.
 */
import { sql, type SQL } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { queryRows, type Database, type Tx } from '#db/client';
import type { ServiceCtx } from '../context';
import type { Filters } from './series-scope.server';
import type { KpiSeries } from './series-types';

/** At most this many cached periods (unit × period rows, ~1 KB each) per process and database. */
export const CACHE_PERIOD_BUDGET = 50_000;
/** And at most this many entries. */
export const CACHE_ENTRY_LIMIT = 1_000;

interface Entry {
  version: string;
  value: KpiSeries;
  periods: number;
}

/** A least-recently-used map (lru-cache) bounded by entries and by the periods they hold, answering only for its data version. */
export class SeriesLru {
  private readonly entries: LRUCache<string, Entry>;
  constructor(periodBudget = CACHE_PERIOD_BUDGET, entryLimit = CACHE_ENTRY_LIMIT) {
    this.entries = new LRUCache<string, Entry>({ max: entryLimit, maxSize: periodBudget, sizeCalculation: (entry) => entry.periods });
  }

  get(key: string, version: string): KpiSeries | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version === version) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, version: string, value: KpiSeries): void {
    const periods = value.units.reduce((n, unit) => n + unit.periods.length, 0) + 1;
    this.entries.delete(key);
    // An entry larger than the whole budget is not kept (lru-cache refuses it too, silently).
    if (periods > this.entries.maxSize) return;
    this.entries.set(key, { version, value: deepFreeze(value), periods });
  }

  get size(): { entries: number; periods: number } {
    return { entries: this.entries.size, periods: this.entries.calculatedSize };
  }
}

/** Shared by every request of the process; the value is frozen, so a caller cannot change it for the next. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const caches = new WeakMap<Database, SeriesLru>();
/** The cache of the database `ctx.db` (tests open many databases in one process). */
export function seriesCacheFor(db: Database): SeriesLru {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new SeriesLru()));
  return cache;
}

export interface CachedSeriesQuery {
  programId?: string;
  unitIds?: string[];
  /** The rollup days the series reads (its first period's start to its last period's end). */
  from: string;
  to: string;
  grain: string;
  filters: Filters;
  serviceLevelVariant?: string;
}

/** Σ xmin and the count of a set of rows: changes whenever one of them is written, added or removed. */
const rowsVersion = (alias: string) => sql.raw(`count(*) || '.' || coalesce(sum(${alias}.xmin::text::bigint), 0)`);

/** The data version of everything the series reads, as the tenant sees it (one statement). */
export async function seriesDataVersion(tx: Tx, query: CachedSeriesQuery): Promise<string> {
  const units = query.unitIds ? sql`u.id in (${sql.join(query.unitIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`u.program_id = ${query.programId!}::uuid`;
  const filtered = !!(query.filters.queueId || query.filters.channel);
  const rollups: SQL = filtered ? sql`interval_daily_rollups` : sql`interval_unit_daily_rollups`;
  const filterSql = sql.join(
    [query.filters.queueId ? sql` and d.queue_id = ${query.filters.queueId}::uuid` : sql``, query.filters.channel ? sql` and d.channel = ${query.filters.channel}` : sql``],
    sql``,
  );
  const programs = query.programId ? sql`p.id = ${query.programId}::uuid or p.id in (select program_id from u)` : sql`p.id in (select program_id from u)`;
  const [row] = await queryRows<{ version: string }>(
    tx,
    sql`with u as materialized (select u.client_org_id, u.id, u.program_id, u.vendor_org_id, u.xmin from delivery_units u where ${units}),
          cu as materialized (select cu.client_org_id, cu.contract_id, cu.xmin from contract_units cu join u on cu.client_org_id = u.client_org_id and cu.unit_id = u.id),
          v as materialized (select v.client_org_id, v.id, v.xmin from contract_versions v where (v.client_org_id, v.contract_id) in (select client_org_id, contract_id from cu))
        select concat_ws('/',
          (select ${rowsVersion('u')} from u),
          (select ${rowsVersion('p')} from programs p where ${programs}),
          (select ${rowsVersion('o')} from orgs o where o.id in (select vendor_org_id from u)),
          (select ${rowsVersion('cu')} from cu),
          (select ${rowsVersion('v')} from v),
          (select ${rowsVersion('s')} from contract_slas s where (s.client_org_id, s.contract_version_id) in (select client_org_id, id from v)),
          (select ${rowsVersion('t')} from unit_targets t join u on t.client_org_id = u.client_org_id and t.unit_id = u.id),
          (select ${rowsVersion('d')} from ${rollups} d join u on d.client_org_id = u.client_org_id and d.unit_id = u.id
             where d.day >= ${query.from}::date and d.day <= ${query.to}::date${filterSql})
        ) as version`,
  );
  return row!.version;
}

/** The series from the cache when its data version is unchanged; else computed (in the same transaction) and kept. */
export async function cachedSeries(ctx: ServiceCtx, tx: Tx, query: CachedSeriesQuery, compute: () => Promise<KpiSeries>): Promise<KpiSeries> {
  const cache = seriesCacheFor(ctx.db);
  const key = JSON.stringify([
    ctx.orgId,
    ctx.orgKind,
    ctx.role,
    query.programId ?? null,
    query.unitIds ?? null,
    query.from,
    query.to,
    query.grain,
    query.filters.queueId ?? null,
    query.filters.channel ?? null,
    query.serviceLevelVariant ?? null,
  ]);
  const version = await seriesDataVersion(tx, query);
  const hit = cache.get(key, version);
  if (hit) return hit;
  const value = await compute();
  cache.set(key, version, value);
  return value;
}
