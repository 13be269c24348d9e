/**
 * Which interval starts had a current row, per unit, queue, channel, interval length and upload: what
 * SLA coverage counts as received, and what a month close records as the facts' provenance. One pass over
 * the facts for any number of units.
 *
 * A month is thousands of starts per unit, and shipping each one (or a text list per group) costs more
 * than the scan itself. So the facts are counted per group and local-ish day (a fixed offset): the count,
 * the first and last start, and whether every start lies on the interval length's grid (whole multiples
 * of it since 2000-01-01 UTC). When the count equals the number of grid points between first and last,
 * the day is one unbroken run and its starts are exactly first, first + step, …, last. Any group with a day that is not (a gap inside a day,
 * two runs, an unaligned or fractional start) is read again start by start, so the answer is always the
 * exact set.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import { uuidArray } from './inputs.server';

export interface FactStarts {
  unitId: string;
  queueId: string;
  channel: string;
  intervalMinutes: number;
  uploadId: string;
  /** Epoch milliseconds, ascending, distinct. */
  starts: number[];
}


/**
 * The starts of current facts of `unitIds` in [start, end). `dayOffsetMs` places the day boundaries
 * (the program's UTC offset keeps a day's opening hours in one bucket); any value gives the same answer.
 */
export async function loadFactStarts(tx: Tx, clientOrgId: string, unitIds: string[], start: Date, end: Date, dayOffsetMs = 0): Promise<FactStarts[]> {
  if (!unitIds.length || start >= end) return [];
  const offset = Math.round(dayOffsetMs / 1000);
  // A month of 200 units is ~12,000 groups: with the default 4 MB the planner sorts 600,000 rows on disk
  // instead of hashing them. Raised for this statement only.
  await tx.execute(sql`set local work_mem = '32MB'`);
  // Per-row work is kept to comparisons and date_bin (integer arithmetic): a float epoch per row costs
  // more than the rest of the scan. The epoch is taken once per day and group.
  const origin = new Date(Date.UTC(2000, 0, 1) - offset * 1000).toISOString();
  const days = await queryRows<{ unit_id: string; queue_id: string; channel: string; interval_minutes: number; upload_id: string; n: number; first: number; last: number; aligned: boolean }>(
    tx,
    sql`select unit_id, queue_id, channel, interval_minutes::int as interval_minutes, upload_id, count(*)::int as n,
          date_part('epoch', min(interval_start)) as first, date_part('epoch', max(interval_start)) as last,
          bool_and(interval_minutes > 0 and date_bin(greatest(interval_minutes, 1) * interval '1 minute', interval_start, timestamptz '2000-01-01T00:00:00Z') = interval_start) as aligned
        from interval_facts where client_org_id = ${clientOrgId} and unit_id = any(${uuidArray(unitIds)})
          and superseded_by_upload_id is null and interval_start >= ${start.toISOString()}::timestamptz and interval_start < ${end.toISOString()}::timestamptz
        group by unit_id, queue_id, channel, interval_minutes, upload_id, date_bin(interval '1 day', interval_start, ${origin}::timestamptz)`,
  );
  await tx.execute(sql`set local work_mem to default`);
  const groups = new Map<string, { group: Omit<FactStarts, 'starts'>; runs: { first: number; last: number; step: number }[]; isExact: boolean }>();
  for (const day of days) {
    const key = `${day.unit_id}|${day.queue_id}|${day.channel}|${day.interval_minutes}|${day.upload_id}`;
    let entry = groups.get(key);
    if (!entry) {
      const group = { unitId: String(day.unit_id), queueId: String(day.queue_id), channel: String(day.channel), intervalMinutes: Number(day.interval_minutes), uploadId: String(day.upload_id) };
      groups.set(key, (entry = { group, runs: [], isExact: true }));
    }
    const step = Number(day.interval_minutes) * 60;
    const first = Number(day.first);
    const last = Number(day.last);
    const isRun = day.aligned === true && step > 0 && Number(day.n) === (last - first) / step + 1;
    if (isRun) entry.runs.push({ first, last, step });
    else entry.isExact = false;
  }
  const out: FactStarts[] = [];
  const irregular: Omit<FactStarts, 'starts'>[] = [];
  for (const { group, runs, isExact } of groups.values()) {
    if (!isExact) {
      irregular.push(group);
      continue;
    }
    runs.sort((a, b) => a.first - b.first);
    const starts: number[] = [];
    for (const run of runs) for (let at = run.first; at <= run.last; at += run.step) starts.push(at * 1000);
    out.push({ ...group, starts });
  }
  if (irregular.length) out.push(...(await loadExactStarts(tx, clientOrgId, irregular, start, end)));
  return out;
}

/** Start by start, for the groups whose days are not single unbroken runs. */
async function loadExactStarts(tx: Tx, clientOrgId: string, groups: Omit<FactStarts, 'starts'>[], start: Date, end: Date): Promise<FactStarts[]> {
  const out: FactStarts[] = [];
  for (let i = 0; i < groups.length; i += 1000) {
    const chunk = groups.slice(i, i + 1000);
    const keys = sql.join(
      chunk.map((g) => sql`(${g.unitId}::uuid, ${g.queueId}::uuid, ${g.channel}::text, ${g.intervalMinutes}::int, ${g.uploadId}::uuid)`),
      sql`, `,
    );
    const rows = await queryRows<{ unit_id: string; queue_id: string; channel: string; interval_minutes: number; upload_id: string; starts: string }>(
      tx,
      sql`select f.unit_id, f.queue_id, f.channel, f.interval_minutes::int as interval_minutes, f.upload_id,
            string_agg(distinct extract(epoch from f.interval_start)::bigint::text, ',') as starts
          from interval_facts f join (values ${keys}) as k(unit_id, queue_id, channel, interval_minutes, upload_id)
            on f.unit_id = k.unit_id and f.queue_id = k.queue_id and f.channel = k.channel and f.interval_minutes = k.interval_minutes and f.upload_id = k.upload_id
          where f.client_org_id = ${clientOrgId} and f.superseded_by_upload_id is null
            and f.interval_start >= ${start.toISOString()}::timestamptz and f.interval_start < ${end.toISOString()}::timestamptz
          group by 1, 2, 3, 4, 5`,
    );
    for (const r of rows) {
      const starts = r.starts
        .split(',')
        .map((seconds) => Number(seconds) * 1000)
        .sort((a, b) => a - b);
      out.push({ unitId: String(r.unit_id), queueId: String(r.queue_id), channel: String(r.channel), intervalMinutes: Number(r.interval_minutes), uploadId: String(r.upload_id), starts });
    }
  }
  return out;
}

/** The index of the first start ≥ `at` (binary search over ascending starts). */
export function lowerBound(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The starts in [start, end): the array itself when all are inside. */
export function startsWithin(starts: number[], start: number, end: number): number[] {
  if (!starts.length || (starts[0]! >= start && starts.at(-1)! < end)) return starts;
  return starts.slice(lowerBound(starts, start), lowerBound(starts, end));
}
