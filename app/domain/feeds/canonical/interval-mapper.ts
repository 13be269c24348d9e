/**
 * One canonical interval row from its cells, as the canonical template and the import's batch reader
 * (intervals.ts) both map them. The header is resolved once per file to column positions. A row whose
 * cells are all plain (numbers without signs, groups or units; a start, queue and channel as the last row
 * had them or as they parse outright) is read on a fast path that allocates only the row; any other row
 * takes the full path through RowReader, which owns every value rule and message, so a cell that is not
 * plain is judged exactly as before.
 */
import { COMPONENT_NAMES, isCountComponent, type ComponentName, type Components } from '../../kpi/components';
import type { FeedRecord } from '../feed-reader';
import { normaliseColumnName } from '../sniff';
import { parseTimestamp, type TimestampOptions } from '../timestamps';
import { isNoData, plainDuration, plainNumber } from '../values';
import type { MappingContext } from '../templates/template';
import { ColumnIndex } from './columns';
import { rejectUnknownColumns, requireColumns } from './header-checks';
import { IntervalRowChecker, type IntervalRowColumns } from './interval-checks';
import { channelFromText, RowReader, type RowReaderOptions } from './row-reader';
import { isIntervalMinutes, type Channel, type IntervalRow } from './types';

export const CANONICAL_INTERVAL_KEY_COLUMNS = ['interval_start', 'interval_minutes', 'queue', 'channel'] as const;
export const CANONICAL_INTERVAL_COLUMNS = [...CANONICAL_INTERVAL_KEY_COLUMNS, 'threshold_s', ...COMPONENT_NAMES] as const;

interface ComponentCell {
  name: ComponentName;
  /** The header's spelling. */
  column: string;
  /** Position in the header (and in a record's cells). */
  at: number;
  isCount: boolean;
}

/** Where the key columns are: the header's spelling and position (-1 when the file has no such column). */
interface KeyCell {
  column: string | undefined;
  at: number;
}

export class CanonicalIntervalMapper {
  /** Whether the last `map` call got as far as the row rules (the canonical loop stops at the issue limit only then). */
  lastRowReachedChecks = false;
  private readonly checker: IntervalRowChecker;
  private readonly checkColumns: IntervalRowColumns;
  private readonly readerOptions: RowReaderOptions;
  private readonly timestampOptions: TimestampOptions;
  private readonly decimalSeparator: RowReaderOptions['decimalSeparator'];
  // A file repeats each interval start once per queue and channel (and the same few channel names): the
  // last text read is kept with its value, so a row with the same text skips parsing. Rows of one start
  // share its Date (rows are not mutated).
  private lastStartText: string | undefined;
  private lastStart: Date | undefined;
  private lastChannelText: string | undefined;
  private lastChannel: Channel | undefined;

  private constructor(
    private readonly ctx: MappingContext,
    private readonly start: KeyCell,
    private readonly minutes: KeyCell,
    private readonly queue: KeyCell,
    private readonly channel: KeyCell,
    private readonly threshold: KeyCell,
    private readonly components: readonly ComponentCell[],
  ) {
    const columnOf = new Map<ComponentName, string>(components.map(({ name, column }) => [name, column]));
    this.checker = new IntervalRowChecker(ctx.timeZone, ctx.issues);
    this.checkColumns = { component: (name) => columnOf.get(name), intervalStart: start.column, threshold: threshold.column };
    this.decimalSeparator = ctx.decimalSeparator;
    this.readerOptions = { decimalSeparator: ctx.decimalSeparator };
    this.timestampOptions = { timeZone: ctx.timeZone };
  }

  /** Checks the header (reporting what is wrong with it); null when rows cannot be read. */
  static open(ctx: MappingContext): CanonicalIntervalMapper | null {
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
    if (!hasKeys || !hasOnlyKnown || componentColumns.length === 0) return null;
    const key = (name: string): KeyCell => {
      const column = columns.find(name);
      return { column, at: column === undefined ? -1 : ctx.header.indexOf(column) };
    };
    return new CanonicalIntervalMapper(
      ctx,
      key('interval_start'),
      key('interval_minutes'),
      key('queue'),
      key('channel'),
      key('threshold_s'),
      componentColumns.map(({ name, column }) => ({ name, column, at: ctx.header.indexOf(column), isCount: isCountComponent(name) })),
    );
  }

  /** A record's cells in header order (records from the template interface are keyed by column name). */
  cellsOf(record: FeedRecord): string[] {
    return this.ctx.header.map((column) => record.values[column] ?? '');
  }

  /**
   * The valid row of one record, given as its (trimmed) cells in header order; undefined when the record
   * breaks a rule, each problem then reported at its line and column. `record` is the same record keyed by
   * column name, when the caller has it.
   */
  map(cells: readonly string[], line: number, record?: FeedRecord): IntervalRow | undefined {
    const row = this.plainRow(cells, line) ?? this.fullRow(record ?? this.recordOf(cells, line));
    this.lastRowReachedChecks = row !== undefined;
    return row && this.checker.check(row, this.checkColumns) ? row : undefined;
  }

  private recordOf(cells: readonly string[], line: number): FeedRecord {
    const values: Record<string, string> = {};
    this.ctx.header.forEach((column, i) => (values[column] = cells[i] ?? ''));
    return { line, values };
  }

  /** The row when every cell is plain (see the file comment); undefined sends the record to fullRow. */
  private plainRow(cells: readonly string[], line: number): IntervalRow | undefined {
    const startText = cells[this.start.at]!;
    let intervalStart = this.lastStart;
    if (startText !== this.lastStartText) {
      const parsed = parseTimestamp(startText, this.timestampOptions);
      if (!parsed.ok || !parsed.value) return undefined;
      intervalStart = this.lastStart = parsed.value;
      this.lastStartText = startText;
    }
    const minutes = plainNumber(cells[this.minutes.at]!, this.decimalSeparator);
    if (!isIntervalMinutes(minutes)) return undefined;
    const queue = cells[this.queue.at]!.trim();
    if (queue === '' || isNoData(queue)) return undefined;
    const channelText = cells[this.channel.at]!;
    let channel = this.lastChannel;
    if (channelText !== this.lastChannelText) {
      channel = channelFromText(channelText);
      if (!channel || isNoData(channelText)) return undefined;
      this.lastChannel = channel;
      this.lastChannelText = channelText;
    }
    let thresholdS: number | null = null;
    if (this.threshold.at >= 0 && cells[this.threshold.at] !== '') {
      thresholdS = plainNumber(cells[this.threshold.at]!, this.decimalSeparator);
      if (thresholdS < 0 || !Number.isInteger(thresholdS)) return undefined;
    }
    const components: Partial<Components> = {};
    for (const { name, at, isCount } of this.components) {
      const text = cells[at]!;
      if (text === '') continue;
      const value = isCount ? plainNumber(text, this.decimalSeparator) : plainDuration(text, 'seconds', this.decimalSeparator);
      if (value < 0 || (isCount && !Number.isInteger(value))) return undefined;
      components[name] = value;
    }
    return { intervalStart: intervalStart!, intervalMinutes: minutes, queue, channel: channel!, thresholdS, components, line };
  }

  /** Every cell through RowReader: any value it cannot read is reported; undefined when the row is not usable. */
  private fullRow(record: FeedRecord): IntervalRow | undefined {
    const cells = new RowReader(record, this.ctx.issues, this.readerOptions);
    const values = record.values;
    const startColumn = this.start.column;
    let intervalStart: Date | undefined;
    const startText = startColumn === undefined ? undefined : values[startColumn];
    if (startText !== undefined && startText === this.lastStartText) intervalStart = this.lastStart;
    else {
      intervalStart = cells.timestamp(startColumn, this.timestampOptions);
      if (intervalStart) {
        this.lastStartText = startText;
        this.lastStart = intervalStart;
      }
    }
    const minutesColumn = this.minutes.column;
    const minutes = cells.count(minutesColumn);
    if (minutes === undefined && isNoData(cells.raw(minutesColumn))) cells.report('value_missing', minutesColumn, 'interval_minutes is empty; it is required.');
    else if (minutes !== undefined && !isIntervalMinutes(minutes)) {
      cells.report('interval_minutes_invalid', minutesColumn, `interval_minutes must be 15, 30, 60 or 1440, not ${minutes}.`);
    }
    const queue = cells.text(this.queue.column, true);
    let channel: Channel | undefined;
    const channelColumn = this.channel.column;
    const channelText = channelColumn === undefined ? undefined : values[channelColumn];
    if (channelText !== undefined && channelText === this.lastChannelText) channel = this.lastChannel;
    else {
      channel = cells.channel(channelColumn);
      if (channel) {
        this.lastChannelText = channelText;
        this.lastChannel = channel;
      }
    }
    const thresholdS = cells.count(this.threshold.column) ?? null;

    const components: Partial<Components> = {};
    for (const { name, column, isCount } of this.components) {
      const value = isCount ? cells.count(column) : cells.duration(column);
      if (value !== undefined) components[name] = value;
    }
    if (!cells.isValid || !intervalStart || minutes === undefined || !isIntervalMinutes(minutes) || !queue || !channel) return undefined;
    return { intervalStart, intervalMinutes: minutes, queue, channel, thresholdS, components, line: record.line };
  }
}
