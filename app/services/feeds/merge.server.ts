/**
 * The set-based half of an import, as the tenant role inside the upload's one transaction: supersede the
 * current rows of the same unit, source, queue and channel in the period the file covers, insert the
 * staged rows, refresh the daily rollups of the touched days, and measure the totals before and after.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import { FEED_KINDS, type FeedKind } from '#db/schema/index';
import { COMPONENT_NAMES, MEASURE_COMPONENT_NAMES, type ComponentName } from '#app/domain/kpi/components';
import type { IntervalRow } from '#app/domain/feeds/canonical';
import { STAGING_CONTACTS, STAGING_INTERVALS, type QueueRange } from './stage.server';
import type { UnitFeedContext } from './unit-context.server';

export const MEASURES: ReadonlySet<string> = new Set(MEASURE_COMPONENT_NAMES);

const ident = (name: string) => sql.raw(`"${name}"`);
const componentList = sql.raw(COMPONENT_NAMES.map((n) => `"${n}"`).join(', '));

/** The (queue, channel, period) ranges of the file as a VALUES list. */
function rangesValues(ranges: readonly QueueRange[]): SQL {
  return sql.join(
    ranges.map((r) => sql`(${r.queueId}::uuid, ${r.channel}::text, ${r.start.toISOString()}::timestamptz, ${r.end.toISOString()}::timestamptz)`),
    sql`, `,
  );
}

/**
 * A current row is replaced when it overlaps the local days the file covers for its queue and channel: a
 * corrected day replaces the whole day, even intervals the new file leaves out, so the day's totals equal
 * the new file. Rows start at most a day (the longest interval) before the range they overlap.
 */
function overlapping(unit: UnitFeedContext, source: FeedKind): SQL {
  return sql`f.client_org_id = ${unit.clientOrgId} and f.unit_id = ${unit.unitId} and f.source = ${source}
    and f.superseded_by_upload_id is null and f.queue_id = r.queue_id and f.channel = r.channel
    and f.interval_start > r.s - interval '1 day' and f.interval_start < r.e
    and f.interval_start + f.interval_minutes * interval '1 minute' > r.s`;
}

/** The file's ranges widened to whole local days of the program's time zone. */
function dayRanges(unit: UnitFeedContext, ranges: readonly QueueRange[]): SQL {
  const tz = unit.timeZone;
  return sql`r0(queue_id, channel, s, e) as (values ${rangesValues(ranges)}),
    r as (select queue_id, channel, date_trunc('day', s at time zone ${tz}) at time zone ${tz} as s,
      (date_trunc('day', (e - interval '1 microsecond') at time zone ${tz}) + interval '1 day') at time zone ${tz} as e from r0)`;
}

export interface SupersedeResult {
  uploadIds: string[];
  rows: number;
  previousRevision: number;
  totalsBefore: Partial<Record<ComponentName, number>>;
}

export async function supersedeCurrentRows(tx: Tx, unit: UnitFeedContext, source: FeedKind, uploadId: string, ranges: readonly QueueRange[]): Promise<SupersedeResult> {
  const result: SupersedeResult = { uploadIds: [], rows: 0, previousRevision: 0, totalsBefore: {} };
  if (ranges.length === 0) return result;
  const sums = sql.raw(COMPONENT_NAMES.map((n) => `sum(f."${n}")::text as "${n}"`).join(', '));
  const groups = await queryRows<Record<string, string | number | null>>(
    tx,
    sql`with ${dayRanges(unit, ranges)}
        select f.upload_id, count(*)::int as n, ${sums}
        from interval_facts f join r on true where ${overlapping(unit, source)} group by f.upload_id`,
  );
  if (groups.length === 0) return result;
  for (const group of groups) {
    result.uploadIds.push(String(group.upload_id));
    result.rows += Number(group.n);
    for (const name of COMPONENT_NAMES) {
      const value = group[name];
      if (value !== null && value !== undefined) result.totalsBefore[name] = round3((result.totalsBefore[name] ?? 0) + Number(value));
    }
  }
  await tx.execute(sql`with ${dayRanges(unit, ranges)}
    update interval_facts f set superseded_by_upload_id = ${uploadId} from r where ${overlapping(unit, source)}`);
  if (source === 'contacts') {
    await tx.execute(sql`with ${dayRanges(unit, ranges)}
      update contact_records c set superseded_by_upload_id = ${uploadId} from r
      where c.client_org_id = ${unit.clientOrgId} and c.unit_id = ${unit.unitId} and c.superseded_by_upload_id is null
        and c.upload_id <> ${uploadId} and c.queue_id = r.queue_id and c.channel = r.channel and c.queued_at >= r.s and c.queued_at < r.e`);
  }
  const ids = sql.join(result.uploadIds.map((id) => sql`${id}::uuid`), sql`, `);
  const [previous] = await queryRows<{ revision: number | null }>(
    tx,
    sql`update feed_uploads set superseded_by_upload_id = ${uploadId} where client_org_id = ${unit.clientOrgId} and id in (${ids})
        returning revision`,
  ).then((rows) => [{ revision: Math.max(0, ...rows.map((r) => r.revision ?? 0)) }]);
  result.previousRevision = previous?.revision ?? 0;
  return result;
}

export async function insertStagedRows(tx: Tx, unit: UnitFeedContext, source: FeedKind, uploadId: string, hasContacts: boolean): Promise<void> {
  await tx.execute(sql`insert into interval_facts (client_org_id, unit_id, vendor_org_id, upload_id, source, queue_id, channel, interval_start,
      interval_minutes, threshold_s, line, ${componentList})
    select ${unit.clientOrgId}, ${unit.unitId}, ${unit.vendorOrgId}, ${uploadId}, ${source}, queue_id, channel, interval_start,
      interval_minutes, threshold_s, line, ${componentList}
    from ${ident(STAGING_INTERVALS)}`);
  if (!hasContacts) return;
  await tx.execute(sql`insert into contact_records (client_org_id, unit_id, vendor_org_id, upload_id, contact_id, queue_id, channel, queued_at,
      answered_at, abandoned_at, talk_s, hold_s, wrap_s, transferred, fcr_resolved, csat_score, nps_score, line)
    select ${unit.clientOrgId}, ${unit.unitId}, ${unit.vendorOrgId}, ${uploadId}, contact_id, queue_id, channel, queued_at,
      answered_at, abandoned_at, talk_s, hold_s, wrap_s, coalesce(transferred, false), fcr_resolved, csat_score, nps_score, line
    from ${ident(STAGING_CONTACTS)}`);
}

/** The staged components as interval_facts stores them: measures rounded to its 3 decimals (the insert's cast). */
const stagedComponents = sql.raw(COMPONENT_NAMES.map((n) => (MEASURES.has(n) ? `round("${n}", 3) as "${n}"` : `"${n}"`)).join(', '));
const factComponents = sql.raw(COMPONENT_NAMES.map((n) => `f."${n}"`).join(', '));

/**
 * Recomputes the rollups of every local day the ranges touch (whole days, so a partial-day correction
 * still sums the day). Where both sources have rows for a day, the unit's authoritative one is summed.
 *
 * The upload's own rows are summed from the staging table (just inserted, a sequential scan of a temp
 * table) rather than read back from interval_facts: after the supersede, the current rows of `source` in a
 * range's own span [s, e) are exactly the staged ones. Only the rest of the touched days (the other source,
 * and `source` outside [s, e)) is read from interval_facts, through its current-rows index.
 */
export async function refreshDailyRollups(tx: Tx, unit: UnitFeedContext, source: FeedKind, ranges: readonly QueueRange[]): Promise<void> {
  if (ranges.length === 0) return;
  const tz = unit.timeZone;
  const auth = unit.settings.authoritativeSource;
  // The day bounds are worked out once per range (materialized), not per joined fact row.
  const days = sql`with r(queue_id, channel, s, e) as (values ${rangesValues(ranges)}),
    rd as (select queue_id, channel, s, e, ((r.s - interval '1 day') at time zone ${tz})::date as lo, (r.e at time zone ${tz})::date as hi from r),
    b as materialized (select queue_id, channel, s, e, lo, hi, lo::timestamp at time zone ${tz} as lo_ts, (hi + 1)::timestamp at time zone ${tz} as hi_ts from rd)`;
  await tx.execute(sql`${days}
    delete from interval_daily_rollups d using b
    where d.client_org_id = ${unit.clientOrgId} and d.unit_id = ${unit.unitId} and d.queue_id = b.queue_id and d.channel = b.channel
      and d.day between b.lo and b.hi`);
  // A queue's day is one group, so they are few, but the planner's estimate from the unanalysed staging table
  // is not: under the default work_mem it sorts the rows on disk instead of hashing them (0.66 s → 0.42 s of
  // server time on 250,000 rows). Local to the upload's transaction.
  await tx.execute(sql`set local work_mem = '64MB'`);
  const sums = sql.raw(COMPONENT_NAMES.map((n) => `sum("${n}") as "${n}"`).join(', '));
  // The other kinds as an equality (source is the index's last column), where "<> source" would be a filter.
  const otherSources = sql.join(
    FEED_KINDS.filter((kind) => kind !== source).map((kind) => sql`${kind}`),
    sql`, `,
  );
  const factsIn = (where: SQL) => sql`select f.queue_id, f.channel, f.interval_start, f.source, f.threshold_s, ${factComponents}
    from interval_facts f where f.client_org_id = ${unit.clientOrgId} and f.unit_id = ${unit.unitId} and f.superseded_by_upload_id is null
      and f.queue_id = b.queue_id and f.channel = b.channel and ${where}`;
  await tx.execute(sql`${days},
    current_rows as (
      select queue_id, channel, interval_start, ${source}::text as source, threshold_s, ${stagedComponents} from ${ident(STAGING_INTERVALS)}
      union all
      -- Per range, three index range scans (a lateral subquery with OFFSET 0 is evaluated per range row).
      select f.* from b cross join lateral (
        ${factsIn(sql`f.source = ${source} and f.interval_start >= b.lo_ts and f.interval_start < b.s`)}
        union all
        ${factsIn(sql`f.source = ${source} and f.interval_start >= b.e and f.interval_start < b.hi_ts`)}
        union all
        ${factsIn(sql`f.source in (${otherSources}) and f.interval_start >= b.lo_ts and f.interval_start < b.hi_ts`)}
        offset 0) f),
    g as (
      select queue_id, channel, (interval_start at time zone ${tz})::date as day, source, count(*)::int as interval_count,
        min(threshold_s) as tmin, max(threshold_s) as tmax, ${sums}
      from current_rows group by 1, 2, 3, 4)
    insert into interval_daily_rollups (client_org_id, unit_id, vendor_org_id, queue_id, channel, day, source, interval_count, threshold_s,
      is_threshold_mixed, ${componentList})
    select distinct on (g.queue_id, g.channel, g.day) ${unit.clientOrgId}, ${unit.unitId}, ${unit.vendorOrgId}, g.queue_id, g.channel, g.day,
      g.source, g.interval_count, case when g.tmin = g.tmax then g.tmin end, coalesce(g.tmin <> g.tmax, false), ${componentList}
    from g
    order by g.queue_id, g.channel, g.day, g.source = ${auth} desc`);
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Current rows of one source in the ranges, as interval rows keyed by queue id (for the cross-check). */
export async function loadCurrentRows(tx: Tx, unit: UnitFeedContext, source: FeedKind, ranges: readonly QueueRange[], limit: number): Promise<IntervalRow[] | null> {
  if (ranges.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`with r(queue_id, channel, s, e) as (values ${rangesValues(ranges)})
      select f.queue_id, f.channel, f.interval_start, f.interval_minutes, f.threshold_s, f.line, ${componentList}
      from interval_facts f join r on f.queue_id = r.queue_id and f.channel = r.channel
      where f.client_org_id = ${unit.clientOrgId} and f.unit_id = ${unit.unitId} and f.source = ${source}
        and f.superseded_by_upload_id is null and f.interval_start >= r.s and f.interval_start < r.e
      limit ${limit + 1}`,
  );
  if (rows.length > limit) return null;
  return rows.map((row) => {
    const components: IntervalRow['components'] = {};
    for (const name of COMPONENT_NAMES) {
      const value = row[name];
      if (value !== null && value !== undefined) components[name] = Number(value);
    }
    return {
      queue: String(row.queue_id),
      channel: row.channel as IntervalRow['channel'],
      intervalStart: new Date(row.interval_start as string | Date),
      intervalMinutes: Number(row.interval_minutes) as IntervalRow['intervalMinutes'],
      thresholdS: row.threshold_s === null ? null : Number(row.threshold_s),
      components,
      line: Number(row.line ?? 0),
    };
  });
}

