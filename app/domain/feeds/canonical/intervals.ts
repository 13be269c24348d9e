/**
 * The canonical interval format of issue 4: interval_start (ISO 8601 with offset), interval_minutes,
 * queue, channel, threshold_s, then any subset of the components in snake_case (COMPONENT_NAMES).
 */
import { COMPONENT_NAMES, isCountComponent, type ComponentName, type Components } from '../../kpi/components';
import type { FeedRecord } from '../feed-reader';
import { normaliseColumnName } from '../sniff';
import { isNoData } from '../values';
import type { IntervalTemplate, MappingContext } from '../templates/template';
import { ColumnIndex } from './columns';
import { rejectUnknownColumns, requireColumns } from './header-checks';
import { IntervalRowChecker } from './interval-checks';
import { RowReader } from './row-reader';
import { isIntervalMinutes, type Channel, type IntervalRow } from './types';

export const CANONICAL_INTERVAL_KEY_COLUMNS = ['interval_start', 'interval_minutes', 'queue', 'channel'] as const;
export const CANONICAL_INTERVAL_COLUMNS = [...CANONICAL_INTERVAL_KEY_COLUMNS, 'threshold_s', ...COMPONENT_NAMES] as const;

async function* mapCanonicalIntervals(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncGenerator<IntervalRow> {
  const columns = new ColumnIndex(ctx.header);
  const missing: string[] = CANONICAL_INTERVAL_KEY_COLUMNS.filter((name) => !columns.has(name));
  const componentColumns = COMPONENT_NAMES.flatMap((name) => {
    const column = columns.find(name);
    return column === undefined ? [] : [{ name, column }];
  });
  const known = new Set<string>(CANONICAL_INTERVAL_COLUMNS);
  const unknown = ctx.header.filter((column) => !known.has(normaliseColumnName(column)));
  const hasKeys = requireColumns(ctx.issues, missing);
  const hasOnlyKnown = rejectUnknownColumns(ctx.issues, unknown);
  if (componentColumns.length === 0) {
    ctx.issues.add({ code: 'columns_missing', message: `The header has no component column (${COMPONENT_NAMES.join(', ')}).` });
  }
  if (!hasKeys || !hasOnlyKnown || componentColumns.length === 0) return;

  const columnOf = new Map<ComponentName, string>(componentColumns.map(({ name, column }) => [name, column]));
  const startColumn = columns.find('interval_start');
  const minutesColumn = columns.find('interval_minutes');
  const queueColumn = columns.find('queue');
  const channelColumn = columns.find('channel');
  const thresholdColumn = columns.find('threshold_s');
  const readers = componentColumns.map(({ name, column }) => ({ name, column, isCount: isCountComponent(name) }));
  const checker = new IntervalRowChecker(ctx.timeZone, ctx.issues);
  const checkColumns = { component: (name: ComponentName) => columnOf.get(name), intervalStart: startColumn, threshold: thresholdColumn };
  const readerOptions = { decimalSeparator: ctx.decimalSeparator };
  const timestampOptions = { timeZone: ctx.timeZone };
  // A file repeats each interval start once per queue and channel (and the same few channel names): the
  // last text read is kept with its value, so a row with the same text skips parsing. Rows of one start
  // share its Date (rows are not mutated).
  let lastStartText: string | undefined;
  let lastStart: Date | undefined;
  let lastChannelText: string | undefined;
  let lastChannel: Channel | undefined;

  for await (const record of records) {
    const cells = new RowReader(record, ctx.issues, readerOptions);
    const values = record.values;
    let intervalStart: Date | undefined;
    const startText = startColumn === undefined ? undefined : values[startColumn];
    if (startText !== undefined && startText === lastStartText) intervalStart = lastStart;
    else {
      intervalStart = cells.timestamp(startColumn, timestampOptions);
      if (intervalStart) {
        lastStartText = startText;
        lastStart = intervalStart;
      }
    }
    const minutes = cells.count(minutesColumn);
    if (minutes === undefined && isNoData(cells.raw(minutesColumn))) cells.report('value_missing', minutesColumn, 'interval_minutes is empty; it is required.');
    else if (minutes !== undefined && !isIntervalMinutes(minutes)) {
      cells.report('interval_minutes_invalid', minutesColumn, `interval_minutes must be 15, 30, 60 or 1440, not ${minutes}.`);
    }
    const queue = cells.text(queueColumn, true);
    let channel: Channel | undefined;
    const channelText = channelColumn === undefined ? undefined : values[channelColumn];
    if (channelText !== undefined && channelText === lastChannelText) channel = lastChannel;
    else {
      channel = cells.channel(channelColumn);
      if (channel) {
        lastChannelText = channelText;
        lastChannel = channel;
      }
    }
    const thresholdS = cells.count(thresholdColumn) ?? null;

    const components: Partial<Components> = {};
    for (const { name, column, isCount } of readers) {
      const value = isCount ? cells.count(column) : cells.duration(column);
      if (value !== undefined) components[name] = value;
    }
    if (!cells.isValid || !intervalStart || minutes === undefined || !isIntervalMinutes(minutes) || !queue || !channel) continue;

    const row: IntervalRow = { intervalStart, intervalMinutes: minutes, queue, channel, thresholdS, components, line: record.line };
    if (checker.check(row, checkColumns)) yield row;
    if (ctx.issues.isFull) return;
  }
}

const KEY_SIGNATURE = ['interval_start', 'interval_minutes', 'queue', 'channel'];

export const canonicalIntervalsTemplate: IntervalTemplate = {
  id: 'canonical-intervals',
  label: 'Outpost interval format',
  kind: 'intervals',
  knownColumns: CANONICAL_INTERVAL_COLUMNS,
  detect(header) {
    const columns = new ColumnIndex(header);
    const keys = KEY_SIGNATURE.filter((name) => columns.has(name)).length / KEY_SIGNATURE.length;
    const hasComponent = COMPONENT_NAMES.some((name) => columns.has(name));
    // Exact snake_case names are specific enough that the canonical format wins over any platform layout.
    return keys === 1 && hasComponent ? 1 : keys * 0.9;
  },
  map: mapCanonicalIntervals,
};
