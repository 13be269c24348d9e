/**
 * Genesys Cloud interval export (FEEDS.md): 15-minute intervals in UTC, one row per queue, media type,
 * skill set and language. The portal's queue is the Genesys queue, so rows of the same queue, media type
 * and interval that differ only by skill set or language are summed into one row.
 *
 * | Genesys column                          | component                                  |
 * | Offered                                 | offered                                    |
 * | Interactions Handled (or Handled, Answered) | handled                                |
 * | Abandoned                               | abandoned                                  |
 * | Total Handle Time (Seconds), HH:MM:SS(.fff) too | talk_s + hold_s + wrap_s           |
 * | Total Hold Time, Total ACW Time         | hold_s, wrap_s (talk_s is the remainder)   |
 * | Average Speed of Answer x handled       | wait_s                                     |
 * Without the hold and ACW totals the whole handle time is stored as talk_s, so AHT stays exact.
 */
import type { ComponentName, Components } from '../../kpi/components';
import { ColumnIndex } from '../canonical/columns';
import { noteIgnoredColumns, requireColumns } from '../canonical/header-checks';
import { IntervalRowChecker } from '../canonical/interval-checks';
import { RowReader, roundMeasure, sumFromAverage } from '../canonical/row-reader';
import type { IntervalMinutes, IntervalRow } from '../canonical/types';
import type { FeedRecord } from '../feed-reader';
import { parseTimestamp } from '../timestamps';
import { durationUnitFromHeader, isNoData } from '../values';
import { columnsOf, definedComponents, finishIntervalRow, intervalMinutesBetween, type IntervalParts } from './interval-mapping';
import type { IntervalTemplate, MappingContext } from './template';

const START = 'Interval Start UTC Date';
const END = 'Interval End UTC Date';

interface PendingRow {
  parts: IntervalParts & { intervalStart: Date };
  cells: RowReader;
}

function addPresent(target: Partial<Components>, source: Partial<Components>): void {
  for (const [name, value] of Object.entries(source) as Array<[ComponentName, number]>) {
    target[name] = roundMeasure((target[name] ?? 0) + value);
  }
}

async function* mapGenesys(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncGenerator<IntervalRow> {
  const columns = new ColumnIndex(ctx.header);
  const startColumn = columns.find(START, 'Interval Start');
  const endColumn = columns.find(END, 'Interval End');
  const queueColumn = columns.find('Queue');
  const mediaColumn = columns.find('Media Type');
  const skillColumn = columns.find('Skill Set');
  const languageColumn = columns.find('Language');
  if (!requireColumns(ctx.issues, [startColumn ? null : START, queueColumn ? null : 'Queue'].filter((c): c is string => c !== null))) return;
  const handleColumn = columns.find('Total Handle Time (Seconds)', 'Total Handle Time');
  const componentColumns: Partial<Record<ComponentName, string>> = {
    offered: columns.find('Offered'),
    handled: columns.find('Interactions Handled', 'Handled', 'Answered'),
    abandoned: columns.find('Abandoned'),
    hold_s: columns.find('Total Hold Time (Seconds)', 'Total Hold Time'),
    wrap_s: columns.find('Total ACW Time (Seconds)', 'Total ACW Time', 'Total After Call Work Time'),
    talk_s: handleColumn,
    wait_s: columns.find('Average Speed of Answer (Seconds)', 'Average Speed of Answer'),
  };
  noteIgnoredColumns(ctx.issues, columns.unused([...Object.values(componentColumns), startColumn, endColumn, queueColumn, mediaColumn, skillColumn, languageColumn]));
  const unitOf = (column: string | undefined) => (column ? (durationUnitFromHeader(column) ?? 'seconds') : 'seconds');
  const checker = new IntervalRowChecker(ctx.timeZone, ctx.issues);
  const seenBreakdowns = new Map<string, number>();
  let pending = new Map<string, PendingRow>();
  let pendingStartMs: number | null = null;

  function* flush(): Generator<IntervalRow> {
    for (const { parts, cells } of pending.values()) {
      const row = finishIntervalRow(cells, parts, checker, columnsOf(componentColumns, { intervalStart: startColumn }));
      if (row) yield row;
    }
    pending = new Map();
    // Later rows of a flushed interval are duplicates that the checker reports by queue and channel.
    seenBreakdowns.clear();
  }

  for await (const record of records) {
    const cells = new RowReader(record, ctx.issues, { decimalSeparator: ctx.decimalSeparator });
    const readUtc = (column: string | undefined) => {
      if (!column || isNoData(cells.raw(column))) return undefined;
      // The layout is UTC: a value without a Z is still UTC, not the program's local time.
      const parsed = parseTimestamp(cells.raw(column), { timeZone: 'UTC' });
      if (!parsed.ok) cells.report(parsed.reason.code, column, parsed.reason.message);
      return parsed.ok ? (parsed.value ?? undefined) : undefined;
    };
    const intervalStart = readUtc(startColumn);
    if (!intervalStart && cells.isValid) cells.report('value_missing', startColumn, `"${startColumn}" is empty; it is required.`);
    const intervalEnd = readUtc(endColumn);
    const intervalMinutes: IntervalMinutes | undefined =
      intervalStart && intervalEnd && endColumn ? intervalMinutesBetween(cells, intervalStart, intervalEnd, endColumn) : (ctx.intervalMinutes ?? 15);
    const handled = cells.count(componentColumns.handled);
    const handleS = cells.duration(handleColumn, unitOf(handleColumn));
    const holdS = cells.duration(componentColumns.hold_s, unitOf(componentColumns.hold_s));
    const wrapS = cells.duration(componentColumns.wrap_s, unitOf(componentColumns.wrap_s));
    const components = definedComponents({
      offered: cells.count(componentColumns.offered),
      handled,
      abandoned: cells.count(componentColumns.abandoned),
      hold_s: holdS,
      wrap_s: wrapS,
      talk_s: handleS === undefined ? undefined : Math.max(0, roundMeasure(handleS - (holdS ?? 0) - (wrapS ?? 0))),
      wait_s: sumFromAverage(cells.duration(componentColumns.wait_s, unitOf(componentColumns.wait_s)), handled),
    });
    const queue = cells.text(queueColumn, true);
    const channel = cells.channel(mediaColumn, ctx.channel ?? 'voice');
    if (!intervalStart || !cells.isValid) continue;

    if (pendingStartMs !== null && pendingStartMs !== intervalStart.getTime()) yield* flush();
    pendingStartMs = intervalStart.getTime();
    const key = `${queue}\u0000${channel}`;
    const breakdown = `${key}\u0000${cells.raw(skillColumn)}\u0000${cells.raw(languageColumn)}\u0000${pendingStartMs}`;
    const firstLine = seenBreakdowns.get(breakdown);
    if (firstLine !== undefined) {
      cells.report('duplicate_interval', startColumn, `Lines ${firstLine} and ${record.line} report the same queue, media type, skill set, language and interval.`);
      continue;
    }
    seenBreakdowns.set(breakdown, record.line);
    const existing = pending.get(key);
    if (existing) addPresent(existing.parts.components, components);
    else pending.set(key, { cells, parts: { intervalStart, intervalMinutes, queue, channel, thresholdS: null, components } });
    if (ctx.issues.isFull) return;
  }
  yield* flush();
}

const SIGNATURE = [START, 'Queue', 'Media Type', 'Skill Set', 'Language', 'Offered', 'Interactions Handled', 'Total Handle Time (Seconds)'];

export const genesysCloudTemplate: IntervalTemplate = {
  id: 'genesys-cloud',
  label: 'Genesys Cloud interval export',
  kind: 'intervals',
  knownColumns: SIGNATURE,
  detect(header) {
    const columns = new ColumnIndex(header);
    if (!columns.has(START)) return 0;
    return SIGNATURE.filter((name) => columns.has(name)).length / SIGNATURE.length;
  },
  map: mapGenesys,
};
