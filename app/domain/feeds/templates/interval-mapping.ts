/** Steps every interval template shares: dates as platforms print them, interval lengths, finishing a row. */
import type { ComponentName, Components } from '../../kpi/components';
import type { IntervalRowChecker, IntervalRowColumns } from '../canonical/interval-checks';
import type { RowReader } from '../canonical/row-reader';
import { isIntervalMinutes, type Channel, type IntervalMinutes, type IntervalRow } from '../canonical/types';
import { parseTimestamp, type InstantResult } from '../timestamps';
import { isNoData } from '../values';

const US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

/**
 * Avaya CMS and Cisco UCCX print US dates, often with a two-digit year and a 12-hour clock
 * ("3/2/26 8:00:00 AM"); ISO text goes to parseTimestamp unchanged.
 */
export function parseReportDateTime(raw: string, timeZone: string): InstantResult {
  const text = raw.trim();
  const match = US_DATE_TIME.exec(text);
  if (!match) return parseTimestamp(text, { timeZone, dateOrder: 'mdy' });
  const [, month = '', day = '', year = '', hour, minute, second, meridiem] = match;
  let hours = Number(hour ?? 0);
  if (meridiem) {
    if (hours < 1 || hours > 12) return { ok: false, reason: { code: 'timestamp_invalid', message: `"${raw}" has an hour outside 1-12.` } };
    hours = (hours % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  const fullYear = year.length === 2 ? 2000 + Number(year) : Number(year);
  const pad = (n: number | string) => String(n).padStart(2, '0');
  const local = `${fullYear}-${pad(month)}-${pad(day)} ${pad(hours)}:${pad(minute ?? 0)}:${pad(second ?? 0)}`;
  return parseTimestamp(local, { timeZone });
}

/** Reads a report date-time cell, reporting a failure at its column. */
export function readReportDateTime(cells: RowReader, column: string | undefined, timeZone: string): Date | undefined {
  if (column === undefined) return undefined;
  const raw = cells.raw(column);
  if (isNoData(raw)) {
    cells.report('value_missing', column, `"${column}" is empty; it is required.`);
    return undefined;
  }
  const parsed = parseReportDateTime(raw, timeZone);
  if (!parsed.ok) {
    cells.report(parsed.reason.code, column, parsed.reason.message);
    return undefined;
  }
  return parsed.value ?? undefined;
}

/** The interval length from a start and an end column (Connect, UCCX, Genesys). */
export function intervalMinutesBetween(cells: RowReader, start: Date, end: Date, column: string): IntervalMinutes | undefined {
  const minutes = (end.getTime() - start.getTime()) / 60_000;
  if (isIntervalMinutes(minutes)) return minutes;
  // A day across a DST change is 23 or 25 hours long and still one day interval.
  if (minutes === 1380 || minutes === 1500) return 1440;
  cells.report('interval_minutes_invalid', column, `The interval is ${minutes} minutes long; 15, 30, 60 or a day are accepted.`);
  return undefined;
}

export interface IntervalParts {
  intervalStart: Date | undefined;
  intervalMinutes: IntervalMinutes | undefined;
  queue: string | undefined;
  channel: Channel | undefined;
  thresholdS: number | null;
  components: Partial<Components>;
}

/** Components whose value is known; undefined (no data) stays absent. */
export function definedComponents(values: Partial<Record<ComponentName, number | undefined>>): Partial<Components> {
  const components: Partial<Components> = {};
  for (const [name, value] of Object.entries(values) as Array<[ComponentName, number | undefined]>) {
    if (value !== undefined) components[name] = value;
  }
  return components;
}

/** The row when every cell read and every row rule holds; issues are reported either way. */
export function finishIntervalRow(
  cells: RowReader,
  parts: IntervalParts,
  checker: IntervalRowChecker,
  columns: IntervalRowColumns,
): IntervalRow | null {
  const { intervalStart, intervalMinutes, queue, channel } = parts;
  if (!cells.isValid || !intervalStart || !intervalMinutes || !queue || !channel) return null;
  const row: IntervalRow = {
    intervalStart,
    intervalMinutes,
    queue,
    channel,
    thresholdS: parts.thresholdS,
    components: parts.components,
    line: cells.line,
  };
  return checker.check(row, columns) ? row : null;
}

/** The columns a template read each component from, for issue placement. */
export function columnsOf(map: Partial<Record<ComponentName, string>>, extra: Omit<IntervalRowColumns, 'component'> = {}): IntervalRowColumns {
  return { component: (name) => map[name], ...extra };
}
