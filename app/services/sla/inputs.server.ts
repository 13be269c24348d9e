/**
 * What SLA evaluation reads for one contract and month, as the contract's client inside its tenant
 * transaction: the contract and its units, the program's time zone and hours, the versions in force,
 * the current facts (daily rollups for whole days, interval rows where an approved exclusion cuts into a
 * day) and which expected intervals had a row.
 */
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import { contracts, contractUnits, deliveryUnits, disputes, programs } from '#db/schema/index';
import { slaKey } from '#app/domain/contracts/version';
import { formatLocalDate, isoWeekOf, localDateOf, periodBounds, periodDates, periodKey, startOfLocalDate, type PeriodGrain } from '#app/domain/kpi/aggregate';
import { COMPONENT_NAMES, emptyComponents, type Components } from '#app/domain/kpi/components';
import type { ExclusionSpan } from '#app/domain/sla/exclusions';
import type { Holiday, HoursOfOperation } from '#app/domain/programs/schemas';
import { offsetAt } from '#app/domain/time/zoned';
import { notFound } from '#app/lib/errors';
import { loadVersions, type ContractVersionDto } from '../contracts.server';

export interface ContractContext {
  clientOrgId: string;
  contractId: string;
  vendorOrgId: string;
  programId: string;
  timeZone: string;
  unitIds: string[];
  hours: HoursOfOperation;
  holidays: Holiday[];
  versions: ContractVersionDto[];
}

/** The contract as the acting org sees it; NOT_FOUND when row-level security hides it. */
export async function loadContractContext(tx: Tx, contractId: string): Promise<ContractContext> {
  const context = (await loadContractContexts(tx, [contractId])).get(contractId);
  if (context === undefined) throw notFound('Contract not found');
  if (context === null) throw notFound('The contract covers no unit');
  return context;
}

/**
 * Many contracts' contexts in five queries, whatever their number: a contract row-level security hides
 * (or that does not exist) is absent from the map, one that covers no unit maps to null.
 */
export async function loadContractContexts(tx: Tx, contractIds: string[]): Promise<Map<string, ContractContext | null>> {
  const out = new Map<string, ContractContext | null>();
  if (!contractIds.length) return out;
  const rows = await tx.select({ id: contracts.id, clientOrgId: contracts.clientOrgId, vendorOrgId: contracts.vendorOrgId }).from(contracts).where(inArray(contracts.id, contractIds));
  if (!rows.length) return out;
  const ids = rows.map((r) => r.id);
  const units = await tx
    .select({ contractId: contractUnits.contractId, unitId: contractUnits.unitId, programId: deliveryUnits.programId, timeZone: programs.timeZone, hours: programs.hoursOfOperation, holidays: programs.holidays })
    .from(contractUnits)
    .innerJoin(deliveryUnits, and(eq(deliveryUnits.clientOrgId, contractUnits.clientOrgId), eq(deliveryUnits.id, contractUnits.unitId)))
    .innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)))
    .where(and(inArray(contractUnits.clientOrgId, [...new Set(rows.map((r) => r.clientOrgId))]), inArray(contractUnits.contractId, ids)))
    .orderBy(asc(contractUnits.contractId), asc(contractUnits.unitId));
  const unitsOf = new Map<string, typeof units>();
  for (const unit of units) unitsOf.set(unit.contractId, [...(unitsOf.get(unit.contractId) ?? []), unit]);
  const versions = await loadVersions(tx, ids);
  for (const contract of rows) {
    const own = unitsOf.get(contract.id) ?? [];
    const first = own[0];
    // A contract's units belong to one program in practice; its time zone and hours govern the periods.
    out.set(
      contract.id,
      first
        ? {
            clientOrgId: contract.clientOrgId,
            contractId: contract.id,
            vendorOrgId: contract.vendorOrgId,
            programId: first.programId,
            timeZone: first.timeZone,
            unitIds: own.map((u) => u.unitId),
            hours: first.hours,
            holidays: first.holidays,
            versions: versions.get(contract.id) ?? [],
          }
        : null,
    );
  }
  return out;
}

export type SlaTermsDto = ContractVersionDto['slas'][number];
export const keyOfSla = (sla: SlaTermsDto) => slaKey(sla);

export interface PlannedPeriod {
  grain: PeriodGrain;
  key: string;
  start: Date;
  end: Date;
}

// Period bounds cost a few Intl calls each, and a batch asks for the same ones for every contract.
const periodCache = new Map<string, readonly PlannedPeriod[]>();

/**
 * The periods of `month` an SLA of `grain` is judged on; a week belongs to the month of its Thursday.
 * Remembered per month, grain and zone (a pure function of them): treat the result as read-only.
 */
export function periodsOfMonth(month: string, grain: PeriodGrain, timeZone: string): readonly PlannedPeriod[] {
  const key = `${month}|${grain}|${timeZone}`;
  let periods = periodCache.get(key);
  if (!periods) {
    periods = Object.freeze(computePeriodsOfMonth(month, grain, timeZone).map((p) => Object.freeze(p)));
    if (periodCache.size >= 2000) periodCache.clear();
    periodCache.set(key, periods);
  }
  return periods;
}

/** The month's instant bounds in the zone (memoised with periodsOfMonth). */
export function monthBoundsOf(month: string, timeZone: string): { start: Date; end: Date } {
  const [period] = periodsOfMonth(month, 'month', timeZone);
  return { start: period!.start, end: period!.end };
}

function computePeriodsOfMonth(month: string, grain: PeriodGrain, timeZone: string): PlannedPeriod[] {
  if (grain === 'month') return [{ grain, key: month, ...periodBounds(month, 'month', timeZone) }];
  const { first, last } = periodDates(month, 'month');
  const out: PlannedPeriod[] = [];
  for (let d = first.day; d <= last.day; d++) {
    const date = { year: first.year, month: first.month, day: d };
    const key = formatLocalDate(date);
    if (grain === 'day') out.push({ grain, key, ...periodBounds(key, 'day', timeZone) });
    else if (new Date(Date.UTC(date.year, date.month - 1, d)).getUTCDay() === 4) {
      const { weekYear, week } = isoWeekOf(date);
      const weekKey = `${weekYear}-W${String(week).padStart(2, '0')}`;
      out.push({ grain, key: weekKey, ...periodBounds(weekKey, 'week', timeZone) });
    }
  }
  return out;
}

/** Whether a local day ("YYYY-MM-DD") lies in a period of the grain and key. */
export function dayInPeriod(day: string, period: PlannedPeriod): boolean {
  if (period.grain === 'month') return day.startsWith(period.key);
  if (period.grain === 'day') return day === period.key;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const { weekYear, week } = isoWeekOf({ year: y, month: m, day: d });
  return `${weekYear}-W${String(week).padStart(2, '0')}` === period.key;
}

const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * The interval starts a complete feed holds in [start, end): every interval of the program's opening
 * hours (holidays closed unless they give hours); a program with no hours at all is taken as open around
 * the clock. UTC steps, so a 23- or 25-hour day has 92 or 100 quarter-hours.
 */
export function expectedStarts(bounds: { start: Date; end: Date }, intervalMinutes: number, timeZone: string, hours: HoursOfOperation, holidays: Holiday[]): number[] {
  const starts: number[] = [];
  const hasHours = Object.values(hours).some((spans) => spans.length > 0);
  if (intervalMinutes >= 1440) {
    // A daily feed: one row per local day.
    return daysTouched(bounds.start, bounds.end, timeZone).map((day) => startOfLocalDate(localDateOfKey(day), timeZone).getTime());
  }
  const holidayHours = new Map(holidays.map((h) => [h.date, h.hours ?? []]));
  const step = intervalMinutes * 60_000;
  // The zone's offset is read once per UTC day (Intl costs ~5 µs a call): a zone never changes offset twice
  // within a day, so equal offsets at both ends of the day mean one offset all day; else every step asks.
  let dayStart = Number.NaN;
  let dayOffset: number | null = null;
  for (let at = bounds.start.getTime(); at < bounds.end.getTime(); at += step) {
    if (!hasHours) {
      starts.push(at);
      continue;
    }
    if (!(at >= dayStart && at < dayStart + DAY_MS)) {
      dayStart = at - (((at % DAY_MS) + DAY_MS) % DAY_MS);
      const first = offsetAt(dayStart, timeZone);
      dayOffset = first === offsetAt(dayStart + DAY_MS - 1, timeZone) ? first : null;
    }
    const wall = new Date(at + (dayOffset ?? offsetAt(at, timeZone)));
    const day = formatLocalDate({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() });
    const weekday = WEEKDAY_KEYS[wall.getUTCDay()]!;
    const spans = holidayHours.get(day) ?? hours[weekday] ?? [];
    const time = `${String(wall.getUTCHours()).padStart(2, '0')}:${String(wall.getUTCMinutes()).padStart(2, '0')}`;
    if (spans.some((s) => s.open <= time && time < s.close)) starts.push(at);
  }
  return starts;
}

const DAY_MS = 86_400_000;

export interface RollupRow {
  unitId: string;
  queueId: string;
  channel: string;
  day: string;
  source: 'intervals' | 'contacts';
  thresholdS: number | null;
  isThresholdMixed: boolean;
  components: Components;
}

export interface FactRow {
  unitId: string;
  queueId: string;
  channel: string;
  source: string;
  start: Date;
  components: Components;
}

const componentSelect = sql.raw(COMPONENT_NAMES.map((n) => `"${n}"::float8 as "${n}"`).join(', '));
const componentsOf = (row: Record<string, unknown>): Components => {
  const c = emptyComponents();
  for (const name of COMPONENT_NAMES) c[name] = Number(row[name] ?? 0);
  return c;
};

// The components as one text per row ("1,0.5,…" in COMPONENT_NAMES order, a missing one as 0): thousands
// of rows parse far faster than a column per component. float8 prints the shortest text that reads back
// as the same double, as it does for a float8 column.
const componentList = sql.raw(`concat_ws(',', ${COMPONENT_NAMES.map((n) => `coalesce("${n}"::float8, 0)`).join(', ')}) as components`);
const componentsOfList = (list: string): Components => {
  const values = list.split(',');
  const c = {} as Components;
  for (let i = 0; i < COMPONENT_NAMES.length; i++) c[COMPONENT_NAMES[i]!] = Number(values[i] ?? 0);
  return c;
};

/** The current daily rollups of the units over [firstDay, lastDay]. */
export async function loadRollups(tx: Tx, clientOrgId: string, unitIds: string[], firstDay: string, lastDay: string): Promise<RollupRow[]> {
  if (!unitIds.length) return [];
  const rows = await queryRows<{ unit_id: string; queue_id: string; channel: string; day: string; source: string; threshold_s: number | null; is_threshold_mixed: boolean; components: string }>(
    tx,
    sql`select unit_id, queue_id, channel, day::text as day, source, threshold_s, is_threshold_mixed, ${componentList}
        from interval_daily_rollups where client_org_id = ${clientOrgId} and unit_id = any(${uuidArray(unitIds)})
        and day between ${firstDay}::date and ${lastDay}::date`,
  );
  return rows.map((r) => ({
    unitId: String(r.unit_id),
    queueId: String(r.queue_id),
    channel: String(r.channel),
    day: String(r.day),
    source: r.source as RollupRow['source'],
    thresholdS: r.threshold_s === null ? null : Number(r.threshold_s),
    isThresholdMixed: Boolean(r.is_threshold_mixed),
    components: componentsOfList(r.components),
  }));
}

/** A uuid[] parameter (one value, however many ids): ids are checked, so the literal is safe. */
export function uuidArray(ids: string[]) {
  for (const id of ids) if (!UUID.test(id)) throw new RangeError(`Not a uuid: ${id}`);
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Current interval rows of the units in [start, end): only read for days an exclusion cuts into. */
export async function loadFacts(tx: Tx, clientOrgId: string, unitIds: string[], start: Date, end: Date): Promise<FactRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`select unit_id, queue_id, channel, source, interval_start, ${componentSelect}
        from interval_facts where client_org_id = ${clientOrgId} and unit_id = any(${uuidArray(unitIds)})
        and superseded_by_upload_id is null and interval_start >= ${start.toISOString()}::timestamptz and interval_start < ${end.toISOString()}::timestamptz`,
  );
  return rows.map((r) => ({
    unitId: String(r.unit_id),
    queueId: String(r.queue_id),
    channel: String(r.channel),
    source: String(r.source),
    start: new Date(r.interval_start as string | Date),
    components: componentsOf(r),
  }));
}

/** Approved exclusions of the contracts overlapping [start, end), each with its contract. */
export async function loadExclusions(tx: Tx, clientOrgId: string, contractIds: string[], start: Date, end: Date): Promise<(ExclusionSpan & { contractId: string })[]> {
  if (!contractIds.length) return [];
  return tx
    .select({ contractId: disputes.contractId, start: disputes.spanStart, end: disputes.spanEnd, unitId: disputes.unitId, queueId: disputes.queueId, channel: disputes.channel })
    .from(disputes)
    .where(
      and(
        eq(disputes.clientOrgId, clientOrgId),
        inArray(disputes.contractId, contractIds),
        eq(disputes.status, 'approved'),
        lt(disputes.spanStart, end),
        sql`${disputes.spanEnd} > ${start.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(disputes.spanStart), asc(disputes.id));
}

function localDateOfKey(day: string) {
  const [year, month, d] = day.split('-').map(Number) as [number, number, number];
  return { year, month, day: d };
}

/** Local days ("YYYY-MM-DD") an instant range touches. */
export function daysTouched(start: Date, end: Date, timeZone: string): string[] {
  const days: string[] = [];
  const last = periodKey(new Date(end.getTime() - 1), 'day', timeZone);
  let day = periodKey(start, 'day', timeZone);
  for (let guard = 0; day <= last && guard < 400; guard++) {
    days.push(day);
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    day = formatLocalDate(localDateOf(new Date(Date.UTC(y, m - 1, d + 1, 12)), 'UTC'));
  }
  return days;
}

