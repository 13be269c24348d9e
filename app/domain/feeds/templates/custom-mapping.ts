/**
 * A unit's own column mapping, built in the upload UI for a layout no platform template knows (issue 4).
 * Validated with zod so a saved mapping can be trusted when a later file is mapped with it.
 */
import { z } from 'zod';
import { COMPONENT_NAMES, COUNT_COMPONENT_NAMES, isCountComponent, type ComponentName, type Components } from '../../kpi/components';
import { ColumnIndex } from '../canonical/columns';
import { requireColumns } from '../canonical/header-checks';
import { IntervalRowChecker, isReportableThreshold } from '../canonical/interval-checks';
import type { MappingIssue } from '../canonical/issues';
import { RowReader, sumFromAverage } from '../canonical/row-reader';
import { CHANNELS, INTERVAL_MINUTES, type IntervalMinutes, type IntervalRow } from '../canonical/types';
import type { FeedRecord } from '../feed-reader';
import { isValidTimeZone, parseTimestamp } from '../timestamps';
import { isNoData, type DurationUnit } from '../values';
import { columnsOf, finishIntervalRow, parseReportDateTime } from './interval-mapping';
import type { IntervalTemplate, MappingContext } from './template';

export const MAPPABLE_FIELDS = [...COMPONENT_NAMES, 'queue', 'channel', 'threshold_s'] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

const columnSpecSchema = z.strictObject({
  column: z.string().trim().min(1),
  /** Durations only: how the cells are written. */
  unit: z.enum(['seconds', 'minutes', 'hhmmss']).optional(),
  /** The column is an average per contact of this count (FEEDS.md: averages become sums). */
  average_of: z.enum(COUNT_COMPONENT_NAMES).optional(),
});

export const customMappingSchema = z
  .strictObject({
    label: z.string().trim().min(1).max(100).optional(),
    columns: z.partialRecord(z.enum(MAPPABLE_FIELDS), columnSpecSchema),
    timestampColumn: z.string().trim().min(1),
    /** The start's time of day when the file has it in a column of its own ("Date" + "Interval"). */
    timeOfDayColumn: z.string().trim().min(1).optional(),
    /** iso: ISO 8601 with an offset, or a local "2026-03-02 08:00"; mdy/dmy: slashed dates, US or European. */
    timestampFormat: z.enum(['iso', 'mdy', 'dmy']),
    /** The zone of local times in the file when it is not the program's. */
    timeZone: z.string().refine(isValidTimeZone, 'Not a known IANA time zone.').optional(),
    intervalMinutes: z.union(INTERVAL_MINUTES.map((m) => z.literal(m)) as [z.ZodLiteral<IntervalMinutes>, ...Array<z.ZodLiteral<IntervalMinutes>>]),
    defaults: z
      .strictObject({
        queue: z.string().trim().min(1).optional(),
        channel: z.enum(CHANNELS).optional(),
        thresholdS: z.number().int().refine(isReportableThreshold, 'Not a threshold platforms report.').optional(),
      })
      .default({}),
  })
  .superRefine((mapping, ctx) => {
    const mapped = mapping.columns;
    const components = COMPONENT_NAMES.filter((name) => mapped[name] !== undefined);
    if (components.length === 0) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'Map at least one component.' });
    if (!mapped.queue && !mapping.defaults.queue) ctx.addIssue({ code: 'custom', path: ['defaults', 'queue'], message: 'Map a queue column or give a default queue.' });
    if (mapping.timeOfDayColumn !== undefined && mapping.timeOfDayColumn === mapping.timestampColumn) {
      ctx.addIssue({ code: 'custom', path: ['timeOfDayColumn'], message: 'The time of day must be a column other than the date.' });
    }
    if (!mapped.channel && !mapping.defaults.channel) ctx.addIssue({ code: 'custom', path: ['defaults', 'channel'], message: 'Map a channel column or give a default channel.' });
    for (const field of MAPPABLE_FIELDS) {
      const spec = mapped[field];
      if (!spec) continue;
      const isMeasure = (COMPONENT_NAMES as readonly string[]).includes(field) && !isCountComponent(field as ComponentName);
      if (spec.unit && !isMeasure) ctx.addIssue({ code: 'custom', path: ['columns', field, 'unit'], message: 'Only durations have a unit.' });
      if (spec.average_of && !isMeasure) ctx.addIssue({ code: 'custom', path: ['columns', field, 'average_of'], message: 'Only durations can be averages.' });
      if (spec.average_of && !mapped[spec.average_of]) {
        ctx.addIssue({ code: 'custom', path: ['columns', field, 'average_of'], message: `${spec.average_of} must be mapped to turn the average into a sum.` });
      }
    }
  });

export type CustomMapping = z.infer<typeof customMappingSchema>;

export type CustomMappingResult = { ok: true; mapping: CustomMapping } | { ok: false; issues: MappingIssue[] };

export function parseCustomMapping(input: unknown): CustomMappingResult {
  const parsed = customMappingSchema.safeParse(input);
  if (parsed.success) return { ok: true, mapping: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({ code: 'mapping_invalid', column: issue.path.join('.'), message: issue.message })),
  };
}

/** "2026-03-02" + "08:30" (or NICE-style "0830") read as one local date-time. */
function withTimeOfDay(date: string, time: string | undefined): string {
  if (time === undefined || isNoData(date) || isNoData(time)) return date;
  const compact = /^(\d{1,2})(\d{2})$/.exec(time.trim());
  return `${date.trim()} ${compact ? `${compact[1]}:${compact[2]}` : time.trim()}`;
}

const DURATION_UNITS: Record<'seconds' | 'minutes' | 'hhmmss', DurationUnit> = { seconds: 'seconds', minutes: 'minutes', hhmmss: 'seconds' };

export function templateFromCustomMapping(mapping: CustomMapping, id = 'custom'): IntervalTemplate {
  const timeColumns = mapping.timeOfDayColumn ? [mapping.timestampColumn, mapping.timeOfDayColumn] : [mapping.timestampColumn];
  const mappedColumns = [...timeColumns, ...Object.values(mapping.columns).map((spec) => spec.column)];

  async function* map(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncGenerator<IntervalRow> {
    const header = new ColumnIndex(ctx.header);
    if (!requireColumns(ctx.issues, [...new Set(mappedColumns)].filter((column) => !header.has(column)))) return;
    const columnOf = (field: MappableField) => {
      const spec = mapping.columns[field];
      return spec ? header.find(spec.column) : undefined;
    };
    const componentColumns = Object.fromEntries(COMPONENT_NAMES.map((name) => [name, columnOf(name)])) as Partial<Record<ComponentName, string>>;
    const timestampColumn = header.find(mapping.timestampColumn);
    const timeOfDayColumn = mapping.timeOfDayColumn ? header.find(mapping.timeOfDayColumn) : undefined;
    const timeZone = mapping.timeZone ?? ctx.timeZone;
    const checker = new IntervalRowChecker(ctx.timeZone, ctx.issues);

    for await (const record of records) {
      const cells = new RowReader(record, ctx.issues, { decimalSeparator: ctx.decimalSeparator });
      const raw = withTimeOfDay(cells.raw(timestampColumn), timeOfDayColumn === undefined ? undefined : cells.raw(timeOfDayColumn));
      let intervalStart: Date | undefined;
      if (isNoData(raw)) cells.report('value_missing', timestampColumn, `"${timestampColumn}" is empty; it is required.`);
      else if (timeOfDayColumn !== undefined && isNoData(cells.raw(timeOfDayColumn))) cells.report('value_missing', timeOfDayColumn, `"${timeOfDayColumn}" is empty; it is required.`);
      else {
        const parsed = mapping.timestampFormat === 'mdy' ? parseReportDateTime(raw, timeZone) : parseTimestamp(raw, { timeZone, dateOrder: mapping.timestampFormat === 'dmy' ? 'dmy' : 'mdy' });
        if (parsed.ok) intervalStart = parsed.value ?? undefined;
        else cells.report(parsed.reason.code, timestampColumn, parsed.reason.message);
      }
      const counts: Partial<Components> = {};
      for (const name of COUNT_COMPONENT_NAMES) {
        const value = cells.count(componentColumns[name]);
        if (value !== undefined) counts[name] = value;
      }
      const components: Partial<Components> = { ...counts };
      for (const name of COMPONENT_NAMES) {
        const spec = mapping.columns[name];
        if (!spec || isCountComponent(name)) continue;
        const value = cells.duration(componentColumns[name], DURATION_UNITS[spec.unit ?? 'seconds']);
        const sum = spec.average_of ? sumFromAverage(value, counts[spec.average_of]) : value;
        if (sum !== undefined) components[name] = sum;
      }
      const row = finishIntervalRow(
        cells,
        {
          intervalStart,
          intervalMinutes: mapping.intervalMinutes,
          queue: columnOf('queue') ? cells.text(columnOf('queue'), true) : mapping.defaults.queue,
          channel: cells.channel(columnOf('channel'), mapping.defaults.channel),
          thresholdS: cells.count(columnOf('threshold_s')) ?? mapping.defaults.thresholdS ?? null,
          components,
        },
        checker,
        columnsOf(componentColumns, { intervalStart: timestampColumn, threshold: columnOf('threshold_s') }),
      );
      if (row) yield row;
      if (ctx.issues.isFull) return;
    }
  }

  return {
    id,
    label: mapping.label ?? 'Custom mapping',
    kind: 'intervals',
    knownColumns: mappedColumns,
    detect(header) {
      const columns = new ColumnIndex(header);
      return mappedColumns.filter((column) => columns.has(column)).length / mappedColumns.length;
    },
    map,
  };
}
