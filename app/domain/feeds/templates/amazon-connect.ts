/**
 * Amazon Connect historical metrics report (FEEDS.md): one row per queue, or per queue and interval.
 * Times are seconds in the CSV download and H:MM:SS in files re-saved from the UI; a dash is no data.
 * Averages are turned back into sums with "Contacts handled" (their denominator).
 *
 * | Connect column                          | component                                   |
 * | Contacts queued                         | offered                                     |
 * | Contacts handled (else ... incoming)    | handled                                     |
 * | Contacts abandoned                      | abandoned                                   |
 * | Contacts transferred out                | transferred                                 |
 * | Contacts answered in X seconds          | answered_within_threshold, T = X            |
 * | Contacts abandoned in X seconds         | abandoned_within_threshold (same X)         |
 * | Average queue answer time x handled     | wait_s                                      |
 * | Average customer hold time x handled    | hold_s                                      |
 * | After contact work time x handled       | wrap_s                                      |
 * | Average handle time x handled - hold - wrap | talk_s (AHT includes talk, hold and ACW)|
 * Not imported: Service level X seconds (a ratio; its variant is recorded as "positive"), Occupancy,
 * Maximum queued time, Average queue abandon time, Online time and Agent on contact time (agent-activity
 * metrics, not sums over the queue's handled contacts).
 */
import type { ComponentName } from '../../kpi/components';
import { ColumnIndex } from '../canonical/columns';
import { noteIgnoredColumns } from '../canonical/header-checks';
import { IntervalRowChecker } from '../canonical/interval-checks';
import { RowReader, roundMeasure, sumFromAverage } from '../canonical/row-reader';
import type { IntervalMinutes, IntervalRow } from '../canonical/types';
import type { FeedRecord } from '../feed-reader';
import { columnsOf, definedComponents, finishIntervalRow, intervalMinutesBetween, readReportDateTime } from './interval-mapping';
import type { IntervalTemplate, MappingContext } from './template';

const METRICS = {
  offered: 'Contacts queued',
  handled: 'Contacts handled',
  handledIncoming: 'Contacts handled incoming',
  abandoned: 'Contacts abandoned',
  transferred: 'Contacts transferred out',
  asa: 'Average queue answer time',
  aht: 'Average handle time',
  hold: 'Average customer hold time',
  acw: 'After contact work time',
} as const;
const START_COLUMNS = ['StartInterval', 'Start interval', 'Interval start', 'Interval'];
const END_COLUMNS = ['EndInterval', 'End interval', 'Interval end'];
const ANSWERED_IN = /^contacts answered in (\d+) seconds$/;
const ABANDONED_IN = /^contacts abandoned in (\d+) seconds$/;
const SERVICE_LEVEL = /^service level (\d+) seconds$/;

interface ThresholdColumns {
  thresholdS: number | null;
  answered?: string;
  abandoned?: string;
}

/** The SLA's T when the file reports it, else the first "answered in X" column's X. */
function chooseThreshold(columns: ColumnIndex, preferred: number | undefined): ThresholdColumns {
  const answered = columns.matching(ANSWERED_IN).map(({ column, match }) => ({ column, x: Number(match[1]) }));
  const abandoned = columns.matching(ABANDONED_IN).map(({ column, match }) => ({ column, x: Number(match[1]) }));
  const candidates = [...answered, ...abandoned].map(({ x }) => x);
  const thresholdS = candidates.find((x) => x === preferred) ?? candidates[0] ?? null;
  return {
    thresholdS,
    answered: answered.find(({ x }) => x === thresholdS)?.column,
    abandoned: abandoned.find(({ x }) => x === thresholdS)?.column,
  };
}

async function* mapConnect(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncGenerator<IntervalRow> {
  const columns = new ColumnIndex(ctx.header);
  const col = (name: keyof typeof METRICS) => columns.find(METRICS[name]);
  const handledColumn = col('handled') ?? col('handledIncoming');
  const startColumn = columns.find(...START_COLUMNS);
  const endColumn = columns.find(...END_COLUMNS);
  const queueColumn = columns.find('Queue');
  const channelColumn = columns.find('Channel');
  const threshold = chooseThreshold(columns, ctx.thresholdS);

  if (!startColumn && !ctx.periodStart) {
    ctx.issues.add({
      code: 'interval_start_required',
      message: 'This report has one row per queue and no interval column: choose the day it covers.',
    });
    return;
  }
  const fixedMinutes: IntervalMinutes | undefined = startColumn ? ctx.intervalMinutes : (ctx.intervalMinutes ?? 1440);
  if (startColumn && !endColumn && !fixedMinutes) {
    ctx.issues.add({ code: 'interval_minutes_required', message: 'The report has no interval end: choose the interval length.' });
    return;
  }
  const componentColumns: Partial<Record<ComponentName, string>> = {
    offered: col('offered'),
    handled: handledColumn,
    abandoned: col('abandoned'),
    transferred: col('transferred'),
    answered_within_threshold: threshold.answered,
    abandoned_within_threshold: threshold.abandoned,
    wait_s: col('asa'),
    hold_s: col('hold'),
    wrap_s: col('acw'),
    talk_s: col('aht'),
  };
  noteIgnoredColumns(ctx.issues, columns.unused([...Object.values(componentColumns), startColumn, endColumn, queueColumn, channelColumn]));
  const checker = new IntervalRowChecker(ctx.timeZone, ctx.issues);

  for await (const record of records) {
    const cells = new RowReader(record, ctx.issues, { decimalSeparator: ctx.decimalSeparator });
    const intervalStart = startColumn ? readReportDateTime(cells, startColumn, ctx.timeZone) : ctx.periodStart;
    const intervalEnd = endColumn ? readReportDateTime(cells, endColumn, ctx.timeZone) : undefined;
    const intervalMinutes =
      fixedMinutes ?? (intervalStart && intervalEnd && endColumn ? intervalMinutesBetween(cells, intervalStart, intervalEnd, endColumn) : undefined);
    const handled = cells.count(handledColumn);
    const holdS = sumFromAverage(cells.duration(col('hold')), handled);
    const wrapS = sumFromAverage(cells.duration(col('acw')), handled);
    const handleS = sumFromAverage(cells.duration(col('aht')), handled);
    const components = definedComponents({
      offered: cells.count(col('offered')),
      handled,
      abandoned: cells.count(col('abandoned')),
      transferred: cells.count(col('transferred')),
      answered_within_threshold: cells.count(threshold.answered),
      abandoned_within_threshold: cells.count(threshold.abandoned),
      wait_s: sumFromAverage(cells.duration(col('asa')), handled),
      hold_s: holdS,
      wrap_s: wrapS,
      // What AHT leaves after hold and ACW is talk; rounding of the averages can make it a hair negative.
      talk_s: handleS === undefined ? undefined : Math.max(0, roundMeasure(handleS - (holdS ?? 0) - (wrapS ?? 0))),
    });
    const row = finishIntervalRow(
      cells,
      {
        intervalStart,
        intervalMinutes,
        queue: queueColumn ? cells.text(queueColumn, true) : ctx.queue,
        channel: cells.channel(channelColumn, ctx.channel ?? 'voice'),
        thresholdS: threshold.thresholdS,
        components,
      },
      checker,
      columnsOf(componentColumns, { intervalStart: startColumn }),
    );
    if (row) yield row;
    if (ctx.issues.isFull) return;
  }
}

const SIGNATURE = Object.values(METRICS);

export const amazonConnectTemplate: IntervalTemplate = {
  id: 'amazon-connect',
  label: 'Amazon Connect historical metrics',
  kind: 'intervals',
  vendorServiceLevelVariant: 'positive',
  knownColumns: ['Queue', ...START_COLUMNS, ...SIGNATURE],
  detect(header) {
    const columns = new ColumnIndex(header);
    const metrics =
      SIGNATURE.filter((name) => columns.has(name)).length +
      columns.matching(ANSWERED_IN).length +
      columns.matching(ABANDONED_IN).length +
      columns.matching(SERVICE_LEVEL).length;
    if (metrics < 2) return 0;
    const hasKey = header[0]?.trim().toLowerCase() === 'queue' || columns.find(...START_COLUMNS) !== undefined;
    return Math.min(1, 0.4 + 0.1 * metrics + (hasKey ? 0.2 : 0));
  },
  map: mapConnect,
};
