/**
 * The row rules every interval feed obeys whatever its template (DOMAIN.md "Consistency checks on every
 * row"): consistent components, the interval start aligned in the program's time zone, a reportable
 * threshold, and no duplicate (queue, channel, interval) within the file.
 *
 * The duplicate rule needs every key seen so far. For a preview or a pure mapping it is kept here in a
 * map; an import defers it (deferDuplicateIntervalCheck) to the staging table, where it is checked
 * set-based (services/feeds/stage.server.ts), so memory does not grow with the file.
 */
import { REPORTABLE_THRESHOLDS_S } from '../../kpi/catalog';
import { checkConsistency, type ComponentName } from '../../kpi/components';
import { offsetAt } from '../../time/zoned';
import type { MappingIssueCollector } from './issues';
import type { IntervalRow } from './types';

/** An import's deferred duplicate check: what the set-based check needs to word its issues as the checker would. */
export interface DeferredDuplicateCheck {
  /** The column interval starts were read from (the header's spelling), for the issue's cell. */
  intervalStartColumn?: string;
}

const deferredChecks = new WeakMap<MappingIssueCollector, DeferredDuplicateCheck>();

/**
 * Every IntervalRowChecker reporting to `issues` leaves the in-file duplicate rule to the caller, which
 * checks it set-based after staging (and reports it with duplicateIntervalIssue).
 */
export function deferDuplicateIntervalCheck(issues: MappingIssueCollector): DeferredDuplicateCheck {
  let deferred = deferredChecks.get(issues);
  if (!deferred) deferredChecks.set(issues, (deferred = {}));
  return deferred;
}

/** The 'duplicate_interval' issue: `line` repeats the (queue, channel, interval) of `firstLine`. */
export function duplicateIntervalIssue(
  at: { firstLine: number; line: number; queue: string; channel: string; intervalStart: Date },
  column: string | undefined,
): Parameters<MappingIssueCollector['add']>[0] {
  const start = at.intervalStart.toISOString();
  return {
    line: at.line,
    column,
    value: start,
    code: 'duplicate_interval',
    message: `Lines ${at.firstLine} and ${at.line} both report ${at.queue} / ${at.channel} for the interval starting ${start}.`,
  };
}

const MS_PER_DAY = 86_400_000;

/** Per zone, by UTC day: the zone's offset when it is the same all day, null when it changes that day. */
const dayOffsets = new Map<string, Map<number, number | null>>();
const DAY_OFFSET_CACHE_SIZE = 4096;

/**
 * The zone's offset at an instant, looked up once per UTC day: no zone changes its offset twice within a
 * day, so the same offset at both ends of a day holds all day (an Intl look-up costs ~50 µs, and a year of
 * 15-minute intervals has 35,040 distinct starts but 365 days).
 */
function alignmentOffset(epochMs: number, timeZone: string): number {
  let byDay = dayOffsets.get(timeZone);
  if (!byDay) dayOffsets.set(timeZone, (byDay = new Map()));
  const day = Math.floor(epochMs / MS_PER_DAY);
  let offset = byDay.get(day);
  if (offset === undefined) {
    const atStart = offsetAt(day * MS_PER_DAY, timeZone);
    offset = atStart === offsetAt((day + 1) * MS_PER_DAY - 1, timeZone) ? atStart : null;
    if (byDay.size >= DAY_OFFSET_CACHE_SIZE) byDay.clear();
    byDay.set(day, offset);
  }
  return offset ?? offsetAt(epochMs, timeZone);
}

/**
 * Whether an interval of `minutes` may start at `epochMs` in `timeZone` (15-minute boundaries, local
 * midnight): the local time of day is the instant plus the zone's offset there.
 */
export function isAlignedStart(epochMs: number, minutes: number, timeZone: string): boolean {
  const local = epochMs + alignmentOffset(epochMs, timeZone);
  const msIntoDay = ((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  return msIntoDay % (minutes * 60_000) === 0;
}

const THRESHOLD_COMPONENTS: readonly ComponentName[] = ['answered_within_threshold', 'abandoned_within_threshold'];

export function isReportableThreshold(seconds: number): boolean {
  return (REPORTABLE_THRESHOLDS_S as readonly number[]).includes(seconds);
}

export interface IntervalRowColumns {
  /** The column a component was read from, to place an issue on its cell. */
  component(name: ComponentName): string | undefined;
  intervalStart?: string;
  threshold?: string;
}

const describeStart = (row: IntervalRow) => row.intervalStart.toISOString();

export class IntervalRowChecker {
  /** Only when the check is not deferred: one key per row (a preview's few rows, a pure mapping). */
  private readonly firstLineByKey = new Map<string, number>();
  private readonly deferred: DeferredDuplicateCheck | undefined;
  // Rows of one interval start come together (one per queue): its alignment is worked out once.
  private alignedStartMs = NaN;
  private alignedMinutes = 0;
  private isAligned = false;

  constructor(
    private readonly timeZone: string,
    private readonly issues: MappingIssueCollector,
  ) {
    this.deferred = deferredChecks.get(issues);
  }

  /** Reports every broken rule of the row; true when it has none. */
  check(row: IntervalRow, columns: IntervalRowColumns): boolean {
    const startMs = row.intervalStart.getTime();
    if (startMs !== this.alignedStartMs || row.intervalMinutes !== this.alignedMinutes) {
      this.alignedStartMs = startMs;
      this.alignedMinutes = row.intervalMinutes;
      this.isAligned = isAlignedStart(startMs, row.intervalMinutes, this.timeZone);
    }
    let isValid = true;
    if (!this.isAligned) {
      isValid = false;
      this.report(row, {
        column: columns.intervalStart,
        value: describeStart(row),
        code: 'interval_misaligned',
        message:
          row.intervalMinutes === 1440
            ? `The day interval starting ${describeStart(row)} does not start at midnight in ${this.timeZone}.`
            : `The interval starting ${describeStart(row)} is not on a ${row.intervalMinutes}-minute boundary in ${this.timeZone}.`,
      });
    }

    if (row.thresholdS !== null && !isReportableThreshold(row.thresholdS)) {
      isValid = false;
      this.report(row, {
        column: columns.threshold,
        value: String(row.thresholdS),
        code: 'threshold_invalid',
        message: `A threshold of ${row.thresholdS} s is not one platforms report (${REPORTABLE_THRESHOLDS_S.join(', ')}).`,
      });
    }
    if (row.thresholdS === null) {
      const needsThreshold = THRESHOLD_COMPONENTS.filter((name) => row.components[name] !== undefined);
      if (needsThreshold.length > 0) {
        isValid = false;
        this.report(row, {
          column: columns.threshold,
          code: 'threshold_missing',
          message: `${needsThreshold.join(' and ')} need the threshold T they were counted against.`,
        });
      }
    }

    const violations = checkConsistency(row.components);
    for (const violation of violations) {
      isValid = false;
      const cells = violation.components.map((name) => columns.component(name) ?? name);
      this.report(row, {
        column: cells[0],
        columns: cells,
        value: String(row.components[violation.components[0] ?? 'offered']),
        code: violation.rule,
        message: consistencyMessage(violation.rule, cells, violation.components.map((name) => row.components[name])),
      });
    }

    if (this.deferred) {
      this.deferred.intervalStartColumn ??= columns.intervalStart;
      return isValid;
    }
    const key = `${row.queue}\u0000${row.channel}\u0000${startMs}`;
    const firstLine = this.firstLineByKey.get(key);
    if (firstLine !== undefined) {
      isValid = false;
      this.issues.add(duplicateIntervalIssue({ firstLine, line: row.line, queue: row.queue, channel: row.channel, intervalStart: row.intervalStart }, columns.intervalStart));
    } else {
      this.firstLineByKey.set(key, row.line);
    }
    return isValid;
  }

  private report(row: IntervalRow, issue: Parameters<MappingIssueCollector['add']>[0]): void {
    this.issues.add({ line: row.line, ...issue });
  }
}

function consistencyMessage(rule: string, cells: string[], values: Array<number | undefined>): string {
  const [part, whole] = cells;
  const [partValue, wholeValue] = values;
  if (whole !== undefined) return `"${part}" (${partValue}) is more than "${whole}" (${wholeValue}).`;
  if (rule === 'non_integer_count') return `"${part}" (${partValue}) must be a whole number.`;
  if (rule === 'negative_value') return `"${part}" (${partValue}) cannot be negative.`;
  return `"${part}" is not a finite number.`;
}
