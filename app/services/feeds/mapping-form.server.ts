/**
 * The custom mapping editor's form <-> customMappingSchema (pure, no database). The schema stays the one
 * judge of a mapping: the form only adds what it alone can see (a role given to two columns, no start
 * column) and turns each schema issue back into the control it concerns, as an i18n key.
 */
import type { z } from 'zod';
import { normaliseColumnName } from '#app/domain/feeds/sniff';
import { customMappingSchema, MAPPABLE_FIELDS, type CustomMapping, type MappableField } from '#app/domain/feeds/templates';
import { REPORTABLE_THRESHOLDS_S } from '#app/domain/kpi/catalog';
import { COMPONENT_NAMES, COUNT_COMPONENT_NAMES, isCountComponent, type ComponentName } from '#app/domain/kpi/components';
import {
  columnControl,
  DURATION_UNITS,
  FORM_LEVEL,
  START_ROLE,
  TIME_OF_DAY_ROLE,
  TIMESTAMP_FORMATS,
  type MappingFieldError,
  type MappingFormColumn,
  type MappingFormErrors,
  type MappingFormValues,
} from '#app/components/feeds/mapping-types';

const isMappable = (role: string): role is MappableField => (MAPPABLE_FIELDS as readonly string[]).includes(role);
/** A summed measure (durations, qa_points): the only fields with a unit or an average. */
export const isMeasureField = (field: string) => (COMPONENT_NAMES as readonly string[]).includes(field) && !isCountComponent(field as ComponentName);

const OPTION_FIELDS = ['label', 'timestampFormat', 'timeZone', 'intervalMinutes', 'defaultQueue', 'defaultChannel', 'defaultThresholdS'] as const;

/** The posted form (string fields) for a sample with `columnCount` columns. */
export function readMappingForm(data: Readonly<Record<string, string>>, columnCount: number): MappingFormValues {
  const text = (name: string) => (data[name] ?? '').trim();
  const options = Object.fromEntries(OPTION_FIELDS.map((name) => [name, text(name)])) as Omit<MappingFormValues, 'columns'>;
  const columns = Array.from({ length: columnCount }, (_, i): MappingFormColumn => ({
    role: text(columnControl(i, 'role')),
    unit: text(columnControl(i, 'unit')),
    averageOf: text(columnControl(i, 'averageOf')),
  }));
  return { ...options, columns };
}

/** The form for a new sample: the saved mapping where its columns are in the header, else roles guessed from canonical names. */
export function mappingFormFromSaved(saved: CustomMapping | null, header: readonly string[]): MappingFormValues {
  const same = (a: string | undefined, b: string) => a !== undefined && normaliseColumnName(a) === normaliseColumnName(b);
  const columns = header.map((name): MappingFormColumn => {
    if (saved) {
      if (same(saved.timestampColumn, name)) return { role: START_ROLE, unit: '', averageOf: '' };
      if (same(saved.timeOfDayColumn, name)) return { role: TIME_OF_DAY_ROLE, unit: '', averageOf: '' };
      const field = MAPPABLE_FIELDS.find((f) => same(saved.columns[f]?.column, name));
      const spec = field ? saved.columns[field] : undefined;
      // Seconds is the default unit: the form shows it as ''.
      return { role: field ?? '', unit: spec?.unit === 'seconds' ? '' : (spec?.unit ?? ''), averageOf: spec?.average_of ?? '' };
    }
    const key = normaliseColumnName(name);
    if (key === 'interval_start') return { role: START_ROLE, unit: '', averageOf: '' };
    return { role: isMappable(key) ? key : '', unit: '', averageOf: '' };
  });
  return {
    label: saved?.label ?? '',
    timestampFormat: saved?.timestampFormat ?? 'iso',
    timeZone: saved?.timeZone ?? '',
    intervalMinutes: saved ? String(saved.intervalMinutes) : '',
    defaultQueue: saved?.defaults.queue ?? '',
    defaultChannel: saved?.defaults.channel ?? '',
    defaultThresholdS: saved?.defaults.thresholdS === undefined ? '' : String(saved.defaults.thresholdS),
    columns,
  };
}

export type MappingFromForm = { ok: true; mapping: CustomMapping } | { ok: false; errors: MappingFormErrors };

const blank = (value: string) => (value === '' ? undefined : value);
const numberOrBlank = (value: string) => (value === '' ? undefined : Number(value));

/** The mapping the form describes over the sample's `header`, or every problem keyed by its control. */
export function mappingFromForm(values: MappingFormValues, header: readonly string[]): MappingFromForm {
  const errors: MappingFormErrors = {};
  const add = (control: string, error: MappingFieldError) => {
    errors[control] ??= error;
  };
  const columnOfRole = new Map<string, number>();
  const raw = { columns: {} as Record<string, { column: string; unit?: string; average_of?: string }>, timestampColumn: '', timeOfDayColumn: undefined as string | undefined };

  values.columns.forEach((column, index) => {
    const name = header[index];
    if (name === undefined || column.role === '') return;
    if (column.role !== START_ROLE && column.role !== TIME_OF_DAY_ROLE && !isMappable(column.role)) {
      add(columnControl(index, 'role'), { key: 'feedsUi.mapping.error.invalidChoice' });
      return;
    }
    const earlier = columnOfRole.get(column.role);
    if (earlier !== undefined) {
      add(columnControl(index, 'role'), { key: 'feedsUi.mapping.error.duplicateRole', params: { column: header[earlier] ?? '' } });
      return;
    }
    columnOfRole.set(column.role, index);
    if (column.role === START_ROLE) raw.timestampColumn = name;
    else if (column.role === TIME_OF_DAY_ROLE) raw.timeOfDayColumn = name;
    else {
      if (column.unit !== '' && !(DURATION_UNITS as readonly string[]).includes(column.unit)) add(columnControl(index, 'unit'), { key: 'feedsUi.mapping.error.invalidChoice' });
      if (column.averageOf !== '' && !(COUNT_COMPONENT_NAMES as readonly string[]).includes(column.averageOf)) add(columnControl(index, 'averageOf'), { key: 'feedsUi.mapping.error.invalidChoice' });
      raw.columns[column.role] = { column: name, ...(column.unit ? { unit: column.unit } : {}), ...(column.averageOf ? { average_of: column.averageOf } : {}) };
    }
  });
  if (!raw.timestampColumn) add(FORM_LEVEL.start, { key: 'feedsUi.mapping.error.startMissing' });
  if (values.timestampFormat !== '' && !(TIMESTAMP_FORMATS as readonly string[]).includes(values.timestampFormat)) add('timestampFormat', { key: 'feedsUi.mapping.error.invalidChoice' });

  const candidate: Candidate = {
    ...(values.label ? { label: values.label } : {}),
    columns: raw.columns,
    timestampColumn: raw.timestampColumn,
    ...(raw.timeOfDayColumn ? { timeOfDayColumn: raw.timeOfDayColumn } : {}),
    timestampFormat: values.timestampFormat,
    ...(values.timeZone ? { timeZone: values.timeZone } : {}),
    intervalMinutes: numberOrBlank(values.intervalMinutes),
    defaults: {
      ...(blank(values.defaultQueue) ? { queue: values.defaultQueue } : {}),
      ...(blank(values.defaultChannel) ? { channel: values.defaultChannel } : {}),
      ...(blank(values.defaultThresholdS) ? { thresholdS: numberOrBlank(values.defaultThresholdS) } : {}),
    },
  };
  const checked = checkWithSchema(candidate);
  if (checked.mapping && Object.keys(errors).length === 0) return { ok: true, mapping: checked.mapping };
  for (const issue of checked.issues) {
    const [control, error] = placeIssue(issue, raw.columns, columnOfRole);
    add(control, error);
  }
  return { ok: false, errors };
}

type Candidate = Record<string, unknown> & { columns: Record<string, Record<string, unknown>>; defaults: Record<string, unknown> };

/**
 * zod skips the schema's cross-field rules while a field is invalid; a second pass with valid stand-ins
 * for the invalid fields finds those too, so the form lists every problem at once.
 */
function checkWithSchema(candidate: Candidate): { mapping?: CustomMapping; issues: z.core.$ZodIssue[] } {
  const first = customMappingSchema.safeParse(candidate);
  if (first.success) return { mapping: first.data, issues: [] };
  const patched = structuredClone(candidate);
  for (const issue of first.error.issues) {
    const [top, field, part] = issue.path.map(String);
    if (top === 'intervalMinutes') patched.intervalMinutes = 15;
    else if (top === 'timestampFormat') patched.timestampFormat = 'iso';
    else if (top === 'timestampColumn') patched.timestampColumn = '-';
    else if (top === 'defaults' && field) delete patched.defaults[field];
    else if (top === 'columns' && field && part) delete patched.columns[field]?.[part];
    else if (top !== undefined && top !== 'columns' && top !== 'defaults') delete patched[top];
  }
  const second = customMappingSchema.safeParse(patched);
  return { issues: [...first.error.issues, ...(second.success ? [] : second.error.issues)] };
}

/** The control and message key of one schema issue. */
function placeIssue(
  issue: z.core.$ZodIssue,
  columns: Record<string, { average_of?: string }>,
  columnOfRole: ReadonlyMap<string, number>,
): [string, MappingFieldError] {
  const [first, second, third] = issue.path.map(String);
  const columnControlOf = (field: string | undefined, part: keyof MappingFormColumn) => {
    const index = field === undefined ? undefined : columnOfRole.get(field);
    return index === undefined ? FORM_LEVEL.form : columnControl(index, part);
  };
  switch (first) {
    case 'columns':
      if (second === undefined) return [FORM_LEVEL.columns, { key: 'feedsUi.mapping.error.noComponent' }];
      if (third === 'unit') return [columnControlOf(second, 'unit'), { key: 'feedsUi.mapping.error.unitNotDuration' }];
      if (third === 'average_of') {
        if (!isMeasureField(second)) return [columnControlOf(second, 'averageOf'), { key: 'feedsUi.mapping.error.averageNotDuration' }];
        return [columnControlOf(second, 'averageOf'), { key: 'feedsUi.mapping.error.averageCountUnmapped', params: { count: columns[second]?.average_of ?? '' } }];
      }
      return [columnControlOf(second, 'role'), { key: 'feedsUi.mapping.error.invalid' }];
    case 'defaults':
      if (second === 'queue') return ['defaultQueue', { key: 'feedsUi.mapping.error.queueRequired' }];
      if (second === 'channel') {
        const isMissing = issue.code === 'custom';
        return ['defaultChannel', { key: isMissing ? 'feedsUi.mapping.error.channelRequired' : 'feedsUi.mapping.error.invalidChoice' }];
      }
      return ['defaultThresholdS', { key: 'feedsUi.mapping.error.threshold', params: { values: REPORTABLE_THRESHOLDS_S.join(', ') } }];
    case 'timestampColumn':
      return [FORM_LEVEL.start, { key: 'feedsUi.mapping.error.startMissing' }];
    case 'timestampFormat':
      return ['timestampFormat', { key: 'feedsUi.mapping.error.invalidChoice' }];
    case 'timeZone':
      return ['timeZone', { key: 'feedsUi.mapping.error.timeZone' }];
    case 'intervalMinutes':
      return ['intervalMinutes', { key: 'feedsUi.mapping.error.intervalMinutes' }];
    case 'label':
      return ['label', { key: 'feedsUi.mapping.error.label' }];
    default:
      return [FORM_LEVEL.form, { key: 'feedsUi.mapping.error.invalid' }];
  }
}
