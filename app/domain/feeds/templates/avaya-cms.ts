/**
 * Avaya CMS split/skill report as supervisor exports it (FEEDS.md): 3 to 5 preamble lines (dropped by the
 * reader's sniffing, helped by knownColumns), a totals footer (dropped by the reader), times in the site's
 * local time zone, which is the unit's `timeZone`. A Date without a time is a daily report; with a time
 * (or a Time column such as "8:00 AM-8:30 AM") an interval report of the unit's interval length.
 *
 * | CMS column                              | component                                        |
 * | Calls Offered                           | offered                                          |
 * | ACD Calls                               | handled                                          |
 * | Aban Calls                              | abandoned                                        |
 * | Calls Answ <30 secs                     | answered_within_threshold, T = 30 (from the label) |
 * | Avg Speed Ans x ACD Calls               | wait_s                                           |
 * | Hold Time                               | hold_s                                           |
 * | ACD Time (else Avg ACD Time x ACD Calls) - Hold Time | talk_s (CMS talk time includes hold) |
 * | ACW Time (else Avg ACW Time x ACD Calls) | wrap_s                                          |
 * Not imported: Avg Aban Time, Avg Handle Time, % Within Service Level, Max Delay, Dequeued Calls.
 */
import type { ComponentName } from '../../kpi/components';
import { ColumnIndex } from '../canonical/columns';
import { noteIgnoredColumns, requireColumns } from '../canonical/header-checks';
import { IntervalRowChecker } from '../canonical/interval-checks';
import { RowReader, roundMeasure, sumFromAverage } from '../canonical/row-reader';
import type { IntervalMinutes, IntervalRow } from '../canonical/types';
import type { FeedRecord } from '../feed-reader';
import { columnsOf, definedComponents, finishIntervalRow, intervalMinutesBetween, parseReportDateTime } from './interval-mapping';
import type { IntervalTemplate, MappingContext } from './template';

const ANSWERED_WITHIN = /^calls answ\s*<\s*(\d+)\s*secs?$/;
const HAS_TIME = /\d:\d\d/;
const TIME_RANGE = /^(\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?)\s*-\s*(\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?)$/;

async function* mapAvaya(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncGenerator<IntervalRow> {
  const columns = new ColumnIndex(ctx.header);
  const dateColumn = columns.find('Date');
  const timeColumn = columns.find('Time', 'Interval');
  const queueColumn = columns.find('Split/Skill', 'Skill', 'Split');
  if (!requireColumns(ctx.issues, dateColumn ? [] : ['Date']) || !dateColumn) return;
  const answered = columns.matching(ANSWERED_WITHIN)[0];
  const col = columns.find.bind(columns);
  const componentColumns: Partial<Record<ComponentName, string>> = {
    offered: col('Calls Offered'),
    handled: col('ACD Calls'),
    abandoned: col('Aban Calls'),
    answered_within_threshold: answered?.column,
    wait_s: col('Avg Speed Ans'),
    hold_s: col('Hold Time'),
    talk_s: col('ACD Time') ?? col('Avg ACD Time'),
    wrap_s: col('ACW Time') ?? col('Avg ACW Time'),
  };
  noteIgnoredColumns(ctx.issues, columns.unused([...Object.values(componentColumns), dateColumn, timeColumn, queueColumn]));
  const checker = new IntervalRowChecker(ctx.timeZone, ctx.issues);

  for await (const record of records) {
    const cells = new RowReader(record, ctx.issues, { decimalSeparator: ctx.decimalSeparator });
    const date = cells.text(dateColumn, true) ?? '';
    const time = cells.text(timeColumn) ?? '';
    const range = TIME_RANGE.exec(time);
    const startText = range ? `${date} ${range[1]}` : `${date} ${time}`.trim();
    const hasTime = HAS_TIME.test(startText);
    let intervalStart: Date | undefined;
    let intervalMinutes: IntervalMinutes | undefined = hasTime ? ctx.intervalMinutes : 1440;
    if (date) {
      const start = parseReportDateTime(startText, ctx.timeZone);
      if (!start.ok) cells.report(start.reason.code, timeColumn && time ? timeColumn : dateColumn, start.reason.message);
      intervalStart = start.ok ? (start.value ?? undefined) : undefined;
      const end = range ? parseReportDateTime(`${date} ${range[2]}`, ctx.timeZone) : null;
      if (intervalStart && end?.ok && end.value && timeColumn) {
        // "11:30 PM-12:00 AM" ends the next day.
        const endMs = end.value <= intervalStart ? end.value.getTime() + 86_400_000 : end.value.getTime();
        intervalMinutes = intervalMinutesBetween(cells, intervalStart, new Date(endMs), timeColumn);
      }
    }
    if (cells.isValid && intervalStart && !intervalMinutes) {
      cells.report('interval_minutes_required', dateColumn, 'The report has intraday times but no interval length: set the unit\'s interval length.');
    }
    const handled = cells.count(componentColumns.handled);
    const holdS = cells.duration(col('Hold Time'));
    const acdTime = cells.duration(col('ACD Time')) ?? sumFromAverage(cells.duration(col('Avg ACD Time')), handled);
    const components = definedComponents({
      offered: cells.count(componentColumns.offered),
      handled,
      abandoned: cells.count(componentColumns.abandoned),
      answered_within_threshold: cells.count(answered?.column),
      wait_s: sumFromAverage(cells.duration(col('Avg Speed Ans')), handled),
      hold_s: holdS,
      talk_s: acdTime === undefined ? undefined : Math.max(0, roundMeasure(acdTime - (holdS ?? 0))),
      wrap_s: cells.duration(col('ACW Time')) ?? sumFromAverage(cells.duration(col('Avg ACW Time')), handled),
    });
    const row = finishIntervalRow(
      cells,
      {
        intervalStart,
        intervalMinutes,
        queue: queueColumn ? cells.text(queueColumn, true) : ctx.queue,
        channel: ctx.channel ?? 'voice',
        thresholdS: answered ? Number(answered.match[1]) : null,
        components,
      },
      checker,
      columnsOf(componentColumns, { intervalStart: dateColumn }),
    );
    if (row) yield row;
    if (ctx.issues.isFull) return;
  }
}

const SIGNATURE = ['Calls Offered', 'ACD Calls', 'Aban Calls', 'Avg Speed Ans', 'Avg ACD Time', 'Avg ACW Time', 'ACD Time', 'ACW Time', 'Split/Skill'];

export const avayaCmsTemplate: IntervalTemplate = {
  id: 'avaya-cms',
  label: 'Avaya CMS split/skill report',
  kind: 'intervals',
  knownColumns: ['Date', ...SIGNATURE, 'Calls Answ <30 secs', 'Hold Time', 'Avg Aban Time', 'Avg Handle Time'],
  detect(header) {
    const columns = new ColumnIndex(header);
    const present = SIGNATURE.filter((name) => columns.has(name)).length + columns.matching(ANSWERED_WITHIN).length;
    return present < 2 ? 0 : Math.min(1, 0.4 + 0.1 * present);
  },
  map: mapAvaya,
};
