/**
 * Cisco UCCX "Contact Service Queue Activity Report (by Interval)" exported as CSV. FEEDS.md: store the
 * service-level counts, not one of the four percentages. Times are the site's local times (the unit's
 * `timeZone`), printed as "3/2/26 8:00:00 AM" or with a four-digit year.
 *
 * | UCCX field                                   | component                                |
 * | Interval Start Time / Interval End Time      | interval start and length                |
 * | CSQ Name                                     | queue                                    |
 * | Calls Presented                              | offered                                  |
 * | Calls Handled                                | handled                                  |
 * | Calls Abandoned                              | abandoned                                |
 * | Calls Handled < Service Level                | answered_within_threshold                |
 * | Calls Abandoned < Service Level              | abandoned_within_threshold               |
 * | Service Level (sec), else the SLA's T        | threshold                                |
 * | Avg Speed of Answer x Calls Handled          | wait_s                                   |
 * | Avg Handle Time x Calls Handled              | talk_s (UCCX handle time is talk + hold + work; no split here) |
 * Not imported: the four "Percent of Service Level Met" ratios, Calls Dequeued, averages and maxima of
 * queue and abandon time.
 */
import type { ComponentName } from '../../kpi/components';
import { ColumnIndex } from '../canonical/columns';
import { noteIgnoredColumns, requireColumns } from '../canonical/header-checks';
import { IntervalRowChecker } from '../canonical/interval-checks';
import { RowReader, sumFromAverage } from '../canonical/row-reader';
import type { IntervalRow } from '../canonical/types';
import type { FeedRecord } from '../feed-reader';
import { columnsOf, definedComponents, finishIntervalRow, intervalMinutesBetween, readReportDateTime } from './interval-mapping';
import type { IntervalTemplate, MappingContext } from './template';

const START = 'Interval Start Time';
const END = 'Interval End Time';

async function* mapUccx(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncGenerator<IntervalRow> {
  const columns = new ColumnIndex(ctx.header);
  const startColumn = columns.find(START);
  const endColumn = columns.find(END);
  const queueColumn = columns.find('CSQ Name', 'CSQ Name (Call Skills)');
  if (!requireColumns(ctx.issues, startColumn ? [] : [START]) || !startColumn) return;
  if (!endColumn && !ctx.intervalMinutes) {
    ctx.issues.add({ code: 'interval_minutes_required', message: `Without "${END}" the interval length must be set for the unit.` });
    return;
  }
  const col = columns.find.bind(columns);
  const componentColumns: Partial<Record<ComponentName, string>> = {
    offered: col('Calls Presented'),
    handled: col('Calls Handled'),
    abandoned: col('Calls Abandoned'),
    answered_within_threshold: col('Calls Handled < Service Level', 'Calls Handled Within Service Level', 'Calls Handled Within SL'),
    abandoned_within_threshold: col('Calls Abandoned < Service Level', 'Calls Abandoned Within Service Level', 'Calls Abandoned Within SL'),
    wait_s: col('Avg Speed of Answer'),
    talk_s: col('Avg Handle Time'),
  };
  const thresholdColumn = col('Service Level (sec)', 'Service Level');
  noteIgnoredColumns(ctx.issues, columns.unused([...Object.values(componentColumns), startColumn, endColumn, queueColumn, thresholdColumn]));
  const checker = new IntervalRowChecker(ctx.timeZone, ctx.issues);
  const hasThresholdCounts = componentColumns.answered_within_threshold !== undefined || componentColumns.abandoned_within_threshold !== undefined;

  for await (const record of records) {
    const cells = new RowReader(record, ctx.issues, { decimalSeparator: ctx.decimalSeparator });
    const intervalStart = readReportDateTime(cells, startColumn, ctx.timeZone);
    const intervalEnd = readReportDateTime(cells, endColumn, ctx.timeZone);
    const handled = cells.count(componentColumns.handled);
    const components = definedComponents({
      offered: cells.count(componentColumns.offered),
      handled,
      abandoned: cells.count(componentColumns.abandoned),
      answered_within_threshold: cells.count(componentColumns.answered_within_threshold),
      abandoned_within_threshold: cells.count(componentColumns.abandoned_within_threshold),
      wait_s: sumFromAverage(cells.duration(componentColumns.wait_s), handled),
      talk_s: sumFromAverage(cells.duration(componentColumns.talk_s), handled),
    });
    const row = finishIntervalRow(
      cells,
      {
        intervalStart,
        intervalMinutes:
          intervalStart && intervalEnd && endColumn ? intervalMinutesBetween(cells, intervalStart, intervalEnd, endColumn) : ctx.intervalMinutes,
        queue: queueColumn ? cells.text(queueColumn, true) : ctx.queue,
        channel: ctx.channel ?? 'voice',
        thresholdS: cells.count(thresholdColumn) ?? (hasThresholdCounts ? (ctx.thresholdS ?? null) : null),
        components,
      },
      checker,
      columnsOf(componentColumns, { intervalStart: startColumn, threshold: thresholdColumn }),
    );
    if (row) yield row;
    if (ctx.issues.isFull) return;
  }
}

const SIGNATURE = [START, END, 'CSQ Name', 'Calls Presented', 'Calls Handled', 'Calls Abandoned'];

export const ciscoUccxTemplate: IntervalTemplate = {
  id: 'cisco-uccx-csq',
  label: 'Cisco UCCX CSQ activity report',
  kind: 'intervals',
  knownColumns: [...SIGNATURE, 'Calls Handled < Service Level', 'Calls Abandoned < Service Level', 'Service Level (sec)', 'Avg Speed of Answer', 'Avg Handle Time'],
  detect(header) {
    const columns = new ColumnIndex(header);
    if (!columns.has('Calls Presented')) return 0;
    return SIGNATURE.filter((name) => columns.has(name)).length / SIGNATURE.length;
  },
  map: mapUccx,
};
