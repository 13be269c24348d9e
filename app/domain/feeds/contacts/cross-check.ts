/**
 * Vendor-reported interval figures against the ones rebuilt from the vendor's own contact records
 * (FEEDS.md: clients' most common complaint is figures that look perfect while service visibly is not).
 */
import { COMPONENT_NAMES, isCountComponent, type ComponentName } from '../../kpi/components';
import type { Channel, IntervalRow } from '../canonical/types';

export interface CrossCheckTolerance {
  /** Differences up to this many contacts are ignored (counts). */
  countAbsolute?: number;
  /** Differences up to this many seconds are ignored (durations and qa_points); averages turned into sums carry rounding. */
  measureAbsolute?: number;
  /** Differences up to this share of the larger value are ignored, e.g. 0.02. */
  relative?: number;
}

export interface ComponentDifference {
  queue: string;
  channel: Channel;
  intervalStart: Date;
  intervalMinutes: number;
  component: ComponentName;
  rebuilt: number;
  reported: number;
  /** reported - rebuilt */
  difference: number;
  /** The vendor's row line, or the first contact's line when the vendor did not report the interval. */
  line: number;
}

export interface CrossCheckResult {
  differences: ComponentDifference[];
  /** Intervals whose thresholds differ: their within-threshold components were not compared. */
  thresholdMismatches: Array<{ queue: string; channel: Channel; intervalStart: Date; rebuiltS: number | null; reportedS: number | null }>;
}

const THRESHOLD_COMPONENTS: ReadonlySet<ComponentName> = new Set(['answered_within_threshold', 'abandoned_within_threshold']);

const keyOf = (row: IntervalRow) => `${row.intervalStart.getTime()}\u0000${row.queue}\u0000${row.channel}`;

function measuredComponents(rows: readonly IntervalRow[]): Set<ComponentName> {
  const measured = new Set<ComponentName>();
  for (const row of rows) for (const name of Object.keys(row.components) as ComponentName[]) measured.add(name);
  return measured;
}

function exceeds(name: ComponentName, rebuilt: number, reported: number, tolerance: CrossCheckTolerance): boolean {
  const difference = Math.abs(reported - rebuilt);
  const absolute = isCountComponent(name) ? (tolerance.countAbsolute ?? 0) : (tolerance.measureAbsolute ?? 0);
  const relative = (tolerance.relative ?? 0) * Math.max(Math.abs(rebuilt), Math.abs(reported));
  // Floating-point sums of seconds differ in the last bits; a microsecond is no difference.
  return difference > Math.max(absolute, relative, 1e-6);
}

/**
 * Compares per (queue, channel, interval) every component both sides measure. An interval one side lacks
 * counts as zero on that side (no contacts, or nothing reported), so a missing interval is flagged too.
 */
export function crossCheckIntervals(
  rebuilt: readonly IntervalRow[],
  reported: readonly IntervalRow[],
  tolerance: CrossCheckTolerance = {},
): CrossCheckResult {
  const compared = [...measuredComponents(rebuilt)].filter((name) => measuredComponents(reported).has(name));
  const comparedInOrder = COMPONENT_NAMES.filter((name) => compared.includes(name));
  const rebuiltByKey = new Map(rebuilt.map((row) => [keyOf(row), row]));
  const reportedByKey = new Map(reported.map((row) => [keyOf(row), row]));
  const keys = [...new Set([...rebuiltByKey.keys(), ...reportedByKey.keys()])];
  const result: CrossCheckResult = { differences: [], thresholdMismatches: [] };

  for (const key of keys) {
    const ours = rebuiltByKey.get(key);
    const theirs = reportedByKey.get(key);
    const row = (theirs ?? ours) as IntervalRow;
    const isThresholdComparable = !ours || !theirs || ours.thresholdS === theirs.thresholdS;
    if (!isThresholdComparable) {
      result.thresholdMismatches.push({
        queue: row.queue,
        channel: row.channel,
        intervalStart: row.intervalStart,
        rebuiltS: ours?.thresholdS ?? null,
        reportedS: theirs?.thresholdS ?? null,
      });
    }
    for (const name of comparedInOrder) {
      if (THRESHOLD_COMPONENTS.has(name) && !isThresholdComparable) continue;
      const oursValue = ours ? ours.components[name] : 0;
      const theirsValue = theirs ? theirs.components[name] : 0;
      // A component one row leaves out is "no data" there, not a difference.
      if (oursValue === undefined || theirsValue === undefined) continue;
      if (!exceeds(name, oursValue, theirsValue, tolerance)) continue;
      result.differences.push({
        queue: row.queue,
        channel: row.channel,
        intervalStart: row.intervalStart,
        intervalMinutes: row.intervalMinutes,
        component: name,
        rebuilt: oursValue,
        reported: theirsValue,
        difference: Math.round((theirsValue - oursValue) * 1000) / 1000,
        line: row.line,
      });
    }
  }
  result.differences.sort((a, b) => a.intervalStart.getTime() - b.intervalStart.getTime() || a.queue.localeCompare(b.queue));
  return result;
}
