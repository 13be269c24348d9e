/**
 * The row rules every interval feed obeys whatever its template (DOMAIN.md "Consistency checks on every
 * row"): consistent components, the interval start aligned in the program's time zone, a reportable
 * threshold, and no duplicate (queue, channel, interval) within the file.
 */
import { REPORTABLE_THRESHOLDS_S } from '../../kpi/catalog';
import { checkConsistency, type ComponentName } from '../../kpi/components';
import type { MappingIssueCollector } from './issues';
import { isAlignedToInterval } from './local-time';
import type { IntervalRow } from './types';

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
  private readonly firstLineByKey = new Map<string, number>();

  constructor(
    private readonly timeZone: string,
    private readonly issues: MappingIssueCollector,
  ) {}

  /** Reports every broken rule of the row; true when it has none. */
  check(row: IntervalRow, columns: IntervalRowColumns): boolean {
    let isValid = true;
    const report = (issue: Parameters<MappingIssueCollector['add']>[0]) => {
      isValid = false;
      this.issues.add({ line: row.line, ...issue });
    };

    if (!isAlignedToInterval(row.intervalStart, row.intervalMinutes, this.timeZone)) {
      report({
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
      report({
        column: columns.threshold,
        value: String(row.thresholdS),
        code: 'threshold_invalid',
        message: `A threshold of ${row.thresholdS} s is not one platforms report (${REPORTABLE_THRESHOLDS_S.join(', ')}).`,
      });
    }
    const needsThreshold = THRESHOLD_COMPONENTS.filter((name) => row.components[name] !== undefined);
    if (row.thresholdS === null && needsThreshold.length > 0) {
      report({
        column: columns.threshold,
        code: 'threshold_missing',
        message: `${needsThreshold.join(' and ')} need the threshold T they were counted against.`,
      });
    }

    for (const violation of checkConsistency(row.components)) {
      const cells = violation.components.map((name) => columns.component(name) ?? name);
      report({
        column: cells[0],
        columns: cells,
        value: String(row.components[violation.components[0] ?? 'offered']),
        code: violation.rule,
        message: consistencyMessage(violation.rule, cells, violation.components.map((name) => row.components[name])),
      });
    }

    const key = `${row.queue}\u0000${row.channel}\u0000${row.intervalStart.getTime()}`;
    const firstLine = this.firstLineByKey.get(key);
    if (firstLine !== undefined) {
      report({
        column: columns.intervalStart,
        value: describeStart(row),
        code: 'duplicate_interval',
        message: `Lines ${firstLine} and ${row.line} both report ${row.queue} / ${row.channel} for the interval starting ${describeStart(row)}.`,
      });
    } else {
      this.firstLineByKey.set(key, row.line);
    }
    return isValid;
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
