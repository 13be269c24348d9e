import { WEEKDAYS, type ProgramInput, type Weekday } from '#app/domain/programs/schemas';
import { parseNestedForm, rowsOf, textOf } from '#app/lib/form-data';

/** The program form as typed: strings only, so a rejected post is shown back exactly as entered. */
export interface SpanValues {
  open: string;
  close: string;
}
export interface HolidayValues {
  date: string;
  name: string;
  /** Reduced hours of a holiday are kept (hidden) when the program is edited. */
  hours: SpanValues[];
}
export interface ProgramFormValues {
  name: string;
  lineOfBusiness: string;
  description: string;
  channels: string[];
  timeZone: string;
  currency: string;
  status: string;
  hoursOfOperation: Record<Weekday, SpanValues[]>;
  holidays: HolidayValues[];
}

export const SPAN_ROWS_PER_DAY = 2;
export const BLANK_HOLIDAY_ROWS = 3;

const weekdays = (spans: (day: Weekday) => SpanValues[]) => Object.fromEntries(WEEKDAYS.map((d) => [d, spans(d)])) as Record<Weekday, SpanValues[]>;

export function blankProgramValues(): ProgramFormValues {
  const isWorkday = (d: Weekday) => d !== 'sat' && d !== 'sun';
  return {
    name: '',
    lineOfBusiness: '',
    description: '',
    channels: ['voice'],
    timeZone: 'Asia/Taipei',
    currency: 'TWD',
    status: 'planned',
    hoursOfOperation: weekdays((d) => (isWorkday(d) ? [{ open: '09:00', close: '18:00' }] : [])),
    holidays: [],
  };
}

export function programValuesOf(program: Omit<ProgramFormValues, 'description' | 'holidays'> & { description: string | null; holidays: { date: string; name: string; hours?: SpanValues[] }[] }): ProgramFormValues {
  return {
    name: program.name,
    lineOfBusiness: program.lineOfBusiness,
    description: program.description ?? '',
    channels: [...program.channels],
    timeZone: program.timeZone,
    currency: program.currency,
    status: program.status,
    hoursOfOperation: weekdays((d) => (program.hoursOfOperation[d] ?? []).map((s) => ({ open: s.open, close: s.close }))),
    holidays: program.holidays.map((h) => ({ date: h.date, name: h.name, hours: h.hours ?? [] })),
  };
}

const spansOf = (value: unknown): SpanValues[] =>
  rowsOf(value)
    .map((s) => ({ open: textOf(s.open).trim(), close: textOf(s.close).trim() }))
    .filter((s) => s.open || s.close);

/** Reads the posted form; blank span and holiday rows (the form always offers some) are dropped. */
export function programFormValuesFrom(formData: FormData): ProgramFormValues {
  const raw = parseNestedForm(formData, ['channels']);
  const hours = (raw.hoursOfOperation ?? {}) as Record<string, unknown>;
  return {
    name: textOf(raw.name),
    lineOfBusiness: textOf(raw.lineOfBusiness),
    description: textOf(raw.description),
    channels: rowsOf<string>(raw.channels),
    timeZone: textOf(raw.timeZone),
    currency: textOf(raw.currency),
    status: textOf(raw.status),
    hoursOfOperation: weekdays((d) => spansOf(hours[d])),
    holidays: rowsOf(raw.holidays)
      .map((h) => ({ date: textOf(h.date).trim(), name: textOf(h.name), hours: spansOf(h.hours) }))
      .filter((h) => h.date || h.name.trim()),
  };
}

/** The service validates (and reports) every field with the shared schema; the form sends strings. */
export function toProgramInput(values: ProgramFormValues): ProgramInput {
  return {
    ...values,
    holidays: values.holidays.map((h) => ({ date: h.date, name: h.name, ...(h.hours.length ? { hours: h.hours } : {}) })),
  } as unknown as ProgramInput;
}

/** Time zones for the select: the runtime's IANA list, plus the current value if the runtime lacks it. */
export function timeZoneOptions(current?: string): string[] {
  const zones = new Set<string>(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort();
}
