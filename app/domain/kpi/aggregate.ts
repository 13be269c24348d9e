import { isValidTimeZone, localDateTimeOf, type LocalDate } from '../time/zoned';
import { sumComponents, type Components } from './components';
import { computeAllKpis, computeKpi, type ComponentKpiId, type KpiOptions, type KpiResult } from './formulas';

/**
 * Rolling interval rows up to periods. DOMAIN.md: a period's ratio is Σnumerator / Σdenominator over the
 * period's rows, never an average of the rows' (or days') ratios; intervals are UTC instants and belong to the
 * local day, ISO week or month of the program's time zone, 23- and 25-hour days included.
 */
export function aggregateKpi(id: ComponentKpiId, rows: Iterable<Components>, options: KpiOptions = {}): KpiResult {
  return computeKpi(id, sumComponents(rows), options);
}

export function aggregateAllKpis(rows: Iterable<Components>, options: KpiOptions = {}): Record<ComponentKpiId, KpiResult> {
  return computeAllKpis(sumComponents(rows), options);
}

export const PERIOD_GRAINS = ['day', 'week', 'month'] as const;
export type PeriodGrain = (typeof PERIOD_GRAINS)[number];

export { isValidTimeZone, type LocalDate };

/** The calendar date of `instant` in `timeZone` (an IANA name such as Asia/Taipei). Throws on an unknown zone. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid instant');
  const { year, month, day } = localDateTimeOf(instant, timeZone);
  return { year, month, day };
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

export function formatLocalDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

const MS_PER_DAY = 86_400_000;

/** ISO-8601 week: weeks start on Monday and week 1 is the one holding the year's first Thursday. */
export function isoWeekOf(date: LocalDate): { weekYear: number; week: number } {
  const dayNumber = Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY;
  const isoWeekday = ((new Date(dayNumber * MS_PER_DAY).getUTCDay() + 6) % 7) + 1; // Monday 1 .. Sunday 7
  const thursday = new Date((dayNumber - isoWeekday + 4) * MS_PER_DAY);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / MS_PER_DAY / 7) + 1;
  return { weekYear, week };
}

/**
 * The key of the local period holding `instant`: day "2024-03-31", ISO week "2024-W13", month "2024-03".
 * Keys of one grain sort chronologically as strings.
 */
export function periodKey(instant: Date, grain: PeriodGrain, timeZone: string): string {
  const date = localDateOf(instant, timeZone);
  switch (grain) {
    case 'day':
      return formatLocalDate(date);
    case 'week': {
      const { weekYear, week } = isoWeekOf(date);
      return `${pad(weekYear, 4)}-W${pad(week, 2)}`;
    }
    case 'month':
      return `${pad(date.year, 4)}-${pad(date.month, 2)}`;
  }
}

const PERIOD_KEY_PATTERNS: Record<PeriodGrain, RegExp> = {
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
  week: /^(\d{4})-W(\d{2})$/,
  month: /^(\d{4})-(\d{2})$/,
};

function utcDayToLocalDate(ms: number): LocalDate {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The first and last local dates of a period key produced by periodKey. */
export function periodDates(key: string, grain: PeriodGrain): { first: LocalDate; last: LocalDate } {
  const match = PERIOD_KEY_PATTERNS[grain].exec(key);
  if (!match) throw new RangeError(`Not a ${grain} key: ${key}`);
  const [year = NaN, second = NaN, third = NaN] = match.slice(1).map(Number);
  switch (grain) {
    case 'day': {
      const day = utcDayToLocalDate(Date.UTC(year, second - 1, third));
      return { first: day, last: day };
    }
    case 'month':
      return { first: utcDayToLocalDate(Date.UTC(year, second - 1, 1)), last: utcDayToLocalDate(Date.UTC(year, second, 0)) };
    case 'week': {
      // Monday of ISO week 1 is the Monday on or before 4 January.
      const january4 = Date.UTC(year, 0, 4);
      const monday = january4 - ((new Date(january4).getUTCDay() + 6) % 7) * MS_PER_DAY + (second - 1) * 7 * MS_PER_DAY;
      return { first: utcDayToLocalDate(monday), last: utcDayToLocalDate(monday + 6 * MS_PER_DAY) };
    }
  }
}

/**
 * The UTC instant at which `date` begins in `timeZone`: usually local midnight, or the end of the gap where a
 * zone skips midnight for daylight saving. Found by bisection on the local date so no offset table is needed.
 */
export function startOfLocalDate(date: LocalDate, timeZone: string): Date {
  const target = formatLocalDate(date);
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
  // UTC offsets lie within -12 h .. +14 h, so the local day starts within this window.
  let low = utcMidnight - 15 * 3_600_000; // local date is before `target`
  let high = utcMidnight + 13 * 3_600_000; // local date is `target` or later
  while (high - low > 1_000) {
    const middle = low + Math.floor((high - low) / 2_000) * 1_000;
    if (formatLocalDate(localDateOf(new Date(middle), timeZone)) < target) low = middle;
    else high = middle;
  }
  return new Date(high);
}

/** The half-open UTC range [start, end) of a local period: what a SQL filter over interval starts needs. */
export function periodBounds(key: string, grain: PeriodGrain, timeZone: string): { start: Date; end: Date } {
  const { first, last } = periodDates(key, grain);
  const dayAfterLast = utcDayToLocalDate(Date.UTC(last.year, last.month - 1, last.day + 1));
  return { start: startOfLocalDate(first, timeZone), end: startOfLocalDate(dayAfterLast, timeZone) };
}

export interface IntervalRow {
  /** The interval's start, a UTC instant. */
  start: Date;
  components: Components;
}

/** Sums interval rows per local period; the map iterates in chronological key order. */
export function sumByPeriod(rows: Iterable<IntervalRow>, grain: PeriodGrain, timeZone: string): Map<string, Components> {
  const groups = new Map<string, Components[]>();
  for (const row of rows) {
    const key = periodKey(row.start, grain, timeZone);
    const group = groups.get(key);
    if (group) group.push(row.components);
    else groups.set(key, [row.components]);
  }
  const keys = [...groups.keys()].sort();
  return new Map(keys.map((key) => [key, sumComponents(groups.get(key) ?? [])]));
}
