import { emptyComponents, COMPONENT_NAMES, type Components } from '../kpi/components';

/**
 * Intervals excluded from SLA evaluation by approved disputes (DOMAIN.md "Exclusions": the client's IVR
 * outage, a storm closing the site). A span is a half-open UTC range [start, end). A row is excluded when
 * its interval START lies in the span: approved spans are drawn on interval boundaries, so an interval is
 * left out whole or not at all, exactly like periodBounds assigns an interval to a period by its start.
 */
export interface ExclusionSpan {
  start: Date;
  end: Date;
  /** Limits the exclusion to one unit, queue or channel; null/undefined applies to every one. */
  unitId?: string | null;
  queueId?: string | null;
  channel?: string | null;
}

/** One stored interval row of the SLA's scope, with the identity an exclusion may be limited to. */
export interface ScopedIntervalRow {
  /** The interval's start, a UTC instant. */
  start: Date;
  unitId?: string | null;
  queueId?: string | null;
  channel?: string | null;
  components: Components;
}

const matchesScope = (limit: string | null | undefined, value: string | null | undefined) =>
  limit === null || limit === undefined || limit === value;

export function isExcluded(row: Omit<ScopedIntervalRow, 'components'>, exclusions: readonly ExclusionSpan[]): boolean {
  const at = row.start.getTime();
  return exclusions.some(
    (span) =>
      span.start.getTime() <= at &&
      at < span.end.getTime() &&
      matchesScope(span.unitId, row.unitId) &&
      matchesScope(span.queueId, row.queueId) &&
      matchesScope(span.channel, row.channel),
  );
}

export interface SumExcludingResult {
  /** Σ components of the rows that are not excluded. */
  components: Components;
  includedRows: number;
  excludedRows: number;
  /** Distinct interval starts that kept data: the "received" side of the coverage. */
  receivedIntervals: number;
}

/** Sums the rows that no exclusion covers: what SLA evaluation reads. */
export function sumExcluding(rows: Iterable<ScopedIntervalRow>, exclusions: readonly ExclusionSpan[]): SumExcludingResult {
  const components = emptyComponents();
  const starts = new Set<number>();
  let includedRows = 0;
  let excludedRows = 0;
  for (const row of rows) {
    if (isExcluded(row, exclusions)) {
      excludedRows += 1;
      continue;
    }
    includedRows += 1;
    starts.add(row.start.getTime());
    for (const name of COMPONENT_NAMES) components[name] += row.components[name];
  }
  return { components, includedRows, excludedRows, receivedIntervals: starts.size };
}

/**
 * How many intervals a complete feed holds in [start, end) (UTC bounds, so a 23- or 25-hour day counts
 * 92 or 100 quarter-hours), less those an exclusion covers for the whole scope. Exclusions limited to a
 * unit, queue or channel only remove the intervals of that stream: pass the ones that apply to it.
 */
export function countExpectedIntervals(
  bounds: { start: Date; end: Date },
  intervalMinutes: number,
  exclusions: readonly ExclusionSpan[] = [],
  scope: { unitId?: string | null; queueId?: string | null; channel?: string | null } = {},
): number {
  if (!(intervalMinutes > 0)) throw new RangeError('intervalMinutes must be positive');
  const step = intervalMinutes * 60_000;
  let count = 0;
  for (let at = bounds.start.getTime(); at < bounds.end.getTime(); at += step) {
    if (!isExcluded({ start: new Date(at), ...scope }, exclusions)) count += 1;
  }
  return count;
}
