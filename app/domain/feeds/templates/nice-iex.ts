/**
 * NICE IEX WFM queue export "ctQueue" (FEEDS.md): pipe-delimited, one record per queue per period, `date`
 * as mmddyyyy, `period` as the 24-hour start and a `TZ` column (IANA name). On the DST change date the
 * repeated hour cannot be told apart: those rows are dst_ambiguous errors, never a guess.
 *
 * | ctQueue field                               | component                               |
 * | offered / calls_offered                     | offered                                 |
 * | handled / calls_handled                     | handled                                 |
 * | abandoned / aban / calls_abandoned          | abandoned                               |
 * | answered_in_sl / sl_answered (+ sl_seconds) | answered_within_threshold, T = sl_seconds or the SLA's T |
 * | delay_seconds / queue_delay_seconds         | wait_s (a sum)                          |
 * | talk_seconds / talk_time                    | talk_s                                  |
 * | hold_seconds / hold_time                    | hold_s                                  |
 * | ACW_Seconds, else ACW_Time                  | wrap_s (CXone writes the same quantity in both units) |
 * The period length is not in the file: the unit's interval length, 15 minutes when not set.
 * The channel is the file's (a `channel` / `media_type` / `contact_type` column, as CXone exports carry)
 * or else the channel of the unit's queue of that name; only a queue the unit lacks falls back to voice,
 * and that row is rejected as an unknown queue anyway.
 */
import type { ComponentName } from '../../kpi/components';
import { ColumnIndex } from '../canonical/columns';
import { noteIgnoredColumns, requireColumns } from '../canonical/header-checks';
import { IntervalRowChecker } from '../canonical/interval-checks';
import { RowReader } from '../canonical/row-reader';
import type { Channel, IntervalRow } from '../canonical/types';
import type { FeedRecord } from '../feed-reader';
import { parseNiceDatePeriod } from '../timestamps';
import { isNoData } from '../values';
import { columnsOf, definedComponents, finishIntervalRow } from './interval-mapping';
import type { IntervalTemplate, MappingContext } from './template';

const FIELDS = {
  offered: ['offered', 'calls_offered', 'contacts_offered'],
  handled: ['handled', 'calls_handled', 'contacts_handled'],
  abandoned: ['abandoned', 'aban', 'calls_abandoned'],
  answered: ['answered_in_sl', 'sl_answered', 'calls_in_sl'],
  threshold: ['sl_seconds', 'sl_threshold'],
  wait: ['delay_seconds', 'queue_delay_seconds'],
  talk: ['talk_seconds', 'talk_time'],
  hold: ['hold_seconds', 'hold_time'],
  acwSeconds: ['acw_seconds'],
  acwTime: ['acw_time'],
  channel: ['channel', 'media_type', 'contact_type', 'media'],
} as const;

async function* mapNice(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncGenerator<IntervalRow> {
  const columns = new ColumnIndex(ctx.header);
  const field = (name: keyof typeof FIELDS) => columns.find(...FIELDS[name]);
  const dateColumn = columns.find('date');
  const periodColumn = columns.find('period');
  const zoneColumn = columns.find('TZ', 'timezone');
  const queueColumn = columns.find('queue');
  const channelColumn = field('channel');
  const missing = [dateColumn ? null : 'date', periodColumn ? null : 'period'].filter((c): c is string => c !== null);
  if (!requireColumns(ctx.issues, missing) || !dateColumn || !periodColumn) return;
  const componentColumns: Partial<Record<ComponentName, string>> = {
    offered: field('offered'),
    handled: field('handled'),
    abandoned: field('abandoned'),
    answered_within_threshold: field('answered'),
    wait_s: field('wait'),
    talk_s: field('talk'),
    hold_s: field('hold'),
    wrap_s: field('acwSeconds') ?? field('acwTime'),
  };
  const thresholdColumn = field('threshold');
  noteIgnoredColumns(
    ctx.issues,
    columns.unused([...Object.values(componentColumns), field('acwTime'), thresholdColumn, dateColumn, periodColumn, zoneColumn, queueColumn, channelColumn]),
  );
  const checker = new IntervalRowChecker(ctx.timeZone, ctx.issues);

  for await (const record of records) {
    const cells = new RowReader(record, ctx.issues, { decimalSeparator: ctx.decimalSeparator });
    const zone = cells.text(zoneColumn) ?? ctx.timeZone;
    const date = cells.text(dateColumn, true);
    const period = cells.text(periodColumn, true);
    let intervalStart: Date | undefined;
    if (date !== undefined && period !== undefined) {
      const parsed = parseNiceDatePeriod(date, period, zone);
      if (parsed.ok) intervalStart = parsed.value ?? undefined;
      else cells.report(parsed.reason.code, parsed.reason.code === 'timezone_invalid' ? zoneColumn : periodColumn, parsed.reason.message);
    }
    const acwSeconds = cells.duration(field('acwSeconds'));
    const acwTime = isNoData(cells.raw(field('acwTime'))) ? undefined : cells.duration(field('acwTime'));
    const answered = cells.count(field('answered'));
    const components = definedComponents({
      offered: cells.count(field('offered')),
      handled: cells.count(field('handled')),
      abandoned: cells.count(field('abandoned')),
      answered_within_threshold: answered,
      wait_s: cells.duration(field('wait')),
      talk_s: cells.duration(field('talk')),
      hold_s: cells.duration(field('hold')),
      wrap_s: acwSeconds ?? acwTime,
    });
    const thresholdS = cells.count(thresholdColumn) ?? (answered === undefined ? null : (ctx.thresholdS ?? null));
    const queue = queueColumn ? cells.text(queueColumn, true) : ctx.queue;
    const channel = channelColumn ? cells.channel(channelColumn) : channelOfQueue(queue, ctx);
    const row = finishIntervalRow(
      cells,
      {
        intervalStart,
        intervalMinutes: ctx.intervalMinutes ?? 15,
        queue,
        channel,
        thresholdS,
        components,
      },
      checker,
      columnsOf(componentColumns, { intervalStart: periodColumn, threshold: thresholdColumn }),
    );
    if (row) yield row;
    if (ctx.issues.isFull) return;
  }
}

function channelOfQueue(queue: string | undefined, ctx: MappingContext): Channel {
  return (queue === undefined ? undefined : ctx.queueChannels?.get(queue.trim().toLowerCase())) ?? ctx.channel ?? 'voice';
}

export const niceIexTemplate: IntervalTemplate = {
  id: 'nice-iex-ctqueue',
  label: 'NICE IEX queue export (ctQueue)',
  kind: 'intervals',
  knownColumns: ['date', 'period', 'TZ', 'queue', ...Object.values(FIELDS).flat()],
  detect(header) {
    const columns = new ColumnIndex(header);
    if (!columns.has('date') || !columns.has('period')) return 0;
    const extras = [columns.has('TZ'), columns.has('queue'), columns.find(...FIELDS.offered) !== undefined].filter(Boolean).length;
    return 0.6 + 0.13 * extras;
  },
  map: mapNice,
};
