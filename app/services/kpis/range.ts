/**
 * The range of a KPI series: local dates of the program's time zone, a grain, and the periods it covers.
 * Weeks are ISO weeks (Monday first) and months calendar months; a range is widened to whole periods of its
 * grain, so a month's value is always the whole month's Σnumerator / Σdenominator.
 */
import { z } from 'zod';
import { CHANNELS } from '#app/domain/programs/schemas';

export const KPI_GRAINS = ['interval', 'day', 'week', 'month'] as const;
export type KpiGrain = (typeof KPI_GRAINS)[number];
/** The grains the overview page offers (its form and its loader). */
export const DASHBOARD_GRAINS = ['day', 'week', 'month'] as const satisfies readonly KpiGrain[];
export type DashboardGrain = (typeof DASHBOARD_GRAINS)[number];

/** Longest span (days, from..to inclusive, before widening) per grain: keeps one request cheap. */
export const MAX_SPAN_DAYS: Record<KpiGrain, number> = { interval: 31, day: 400, week: 1_100, month: 3_700 };

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isLocalDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export const localDateSchema = z.string().refine(isLocalDate, { message: 'Expected a date as YYYY-MM-DD' });

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
const fromDayNumber = (n: number) => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Days from `from` to `to`, both included. */
export function spanDays(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** The range fields shared by the API query and the dashboard form. */
export const kpiRangeShape = {
  from: localDateSchema.describe('First local date (program time zone), YYYY-MM-DD'),
  to: localDateSchema.describe('Last local date, included, YYYY-MM-DD'),
  grain: z.enum(KPI_GRAINS).describe('interval (each reported interval), day, ISO week or calendar month'),
};

/** from ≤ to, and the span within the grain's cap. */
export function checkRange(value: { from: string; to: string; grain: KpiGrain }, ctx: z.RefinementCtx): void {
  if (!isLocalDate(value.from) || !isLocalDate(value.to)) return;
  if (value.to < value.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be on or after from' });
    return;
  }
  const max = MAX_SPAN_DAYS[value.grain];
  if (spanDays(value.from, value.to) > max) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `A ${value.grain} series spans at most ${max} days` });
  }
}

export const kpiRangeSchema = z.object(kpiRangeShape).superRefine(checkRange);

export const kpiFilterShape = {
  queue: z.uuid().optional().describe("Only this queue of the unit (the queue's id)"),
  channel: z.enum(CHANNELS).optional().describe('Only this channel'),
};

export type PeriodGrain = Exclude<KpiGrain, 'interval'>;

export interface PeriodSlot {
  /** day "2026-03-02", ISO week "2026-W10", month "2026-03". */
  period: string;
  /** First and last local dates of the period. */
  start: string;
  end: string;
}

function isoWeekKey(date: string): string {
  const n = dayNumber(date);
  const weekday = ((new Date(n * MS_PER_DAY).getUTCDay() + 6) % 7) + 1;
  const thursday = new Date((n - weekday + 4) * MS_PER_DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / MS_PER_DAY / 7) + 1;
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** The period of `grain` holding `date`. */
export function periodOf(date: string, grain: PeriodGrain): PeriodSlot {
  switch (grain) {
    case 'day':
      return { period: date, start: date, end: date };
    case 'week': {
      const weekday = (new Date(dayNumber(date) * MS_PER_DAY).getUTCDay() + 6) % 7; // Monday 0
      const start = addDays(date, -weekday);
      return { period: isoWeekKey(date), start, end: addDays(start, 6) };
    }
    case 'month': {
      const [year, month] = date.split('-').map(Number) as [number, number];
      const start = `${date.slice(0, 7)}-01`;
      const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
      return { period: date.slice(0, 7), start, end };
    }
  }
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(from: string, to: string, grain: PeriodGrain): PeriodSlot[] {
  const slots: PeriodSlot[] = [];
  for (let slot = periodOf(from, grain); slot.start <= to; slot = periodOf(addDays(slot.end, 1), grain)) slots.push(slot);
  return slots;
}
