import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone,
  isoWeekOf,
  localDateOf,
  periodBounds,
  periodDates,
  periodKey,
  startOfLocalDate,
  sumByPeriod,
  type IntervalRow,
} from '../../../app/domain/kpi/aggregate';
import { completeComponents } from '../../../app/domain/kpi/components';
import { randomInt, seededRandom } from '../seeded-random';

const QUARTER_HOUR = 15 * 60_000;
const utc = (iso: string) => new Date(iso);

/** Every 15-minute interval start in [from, to), one handled contact each. */
function quarterHours(fromIso: string, toIso: string): IntervalRow[] {
  const rows: IntervalRow[] = [];
  for (let t = utc(fromIso).getTime(); t < utc(toIso).getTime(); t += QUARTER_HOUR) {
    rows.push({ start: new Date(t), components: completeComponents({ offered: 1, handled: 1 }) });
  }
  return rows;
}

const intervalsPerDay = (rows: IntervalRow[], timeZone: string) =>
  Object.fromEntries([...sumByPeriod(rows, 'day', timeZone)].map(([key, sum]) => [key, sum.offered]));

describe('daylight saving: intervals are UTC instants and land on the local day', () => {
  it('Europe/London: 23-hour 31 March 2024 and 25-hour 27 October 2024', () => {
    expect(intervalsPerDay(quarterHours('2024-03-30T00:00Z', '2024-04-02T00:00Z'), 'Europe/London')).toEqual({
      '2024-03-30': 96,
      '2024-03-31': 92,
      '2024-04-01': 96,
      '2024-04-02': 4, // the rows stop at 00:00 UTC = 01:00 BST on 2 April
    });
    expect(intervalsPerDay(quarterHours('2024-10-26T00:00Z', '2024-10-29T00:00Z'), 'Europe/London')).toEqual({
      '2024-10-26': 92, // starts 01:00 BST
      '2024-10-27': 100,
      '2024-10-28': 96,
    });
    expect(periodKey(utc('2024-03-31T00:59Z'), 'day', 'Europe/London')).toBe('2024-03-31');
    expect(periodKey(utc('2024-03-31T22:59Z'), 'day', 'Europe/London')).toBe('2024-03-31');
    expect(periodKey(utc('2024-03-31T23:00Z'), 'day', 'Europe/London')).toBe('2024-04-01');
    expect(periodKey(utc('2024-10-26T22:59Z'), 'day', 'Europe/London')).toBe('2024-10-26');
    expect(periodKey(utc('2024-10-26T23:00Z'), 'day', 'Europe/London')).toBe('2024-10-27');
    expect(periodKey(utc('2024-10-27T23:45Z'), 'day', 'Europe/London')).toBe('2024-10-27');
  });

  it('America/New_York: 23-hour 10 March 2024 and 25-hour 3 November 2024', () => {
    expect(intervalsPerDay(quarterHours('2024-03-10T05:00Z', '2024-03-11T04:00Z'), 'America/New_York')).toEqual({ '2024-03-10': 92 });
    expect(intervalsPerDay(quarterHours('2024-11-03T04:00Z', '2024-11-04T05:00Z'), 'America/New_York')).toEqual({ '2024-11-03': 100 });
    expect(periodKey(utc('2024-03-10T04:59Z'), 'day', 'America/New_York')).toBe('2024-03-09');
    expect(periodKey(utc('2024-03-11T04:00Z'), 'day', 'America/New_York')).toBe('2024-03-11');
    expect(periodKey(utc('2024-11-04T04:59Z'), 'day', 'America/New_York')).toBe('2024-11-03');
  });

  it('Asia/Taipei has no daylight saving: every day is 96 quarter hours starting 16:00 UTC', () => {
    expect(intervalsPerDay(quarterHours('2024-03-30T16:00Z', '2024-04-01T16:00Z'), 'Asia/Taipei')).toEqual({
      '2024-03-31': 96,
      '2024-04-01': 96,
    });
    expect(periodKey(utc('2024-03-31T15:59Z'), 'day', 'Asia/Taipei')).toBe('2024-03-31');
    expect(periodKey(utc('2024-03-31T16:00Z'), 'day', 'Asia/Taipei')).toBe('2024-04-01');
    expect(periodKey(utc('2024-03-31T16:00Z'), 'month', 'Asia/Taipei')).toBe('2024-04');
  });

  it('a week and a month holding a DST change sum their real number of intervals', () => {
    const rows = quarterHours('2024-02-29T00:00Z', '2024-04-02T00:00Z');
    const weeks = sumByPeriod(rows, 'week', 'Europe/London');
    expect(weeks.get('2024-W13')?.offered).toBe(7 * 96 - 4); // Monday 25 .. Sunday 31 March
    const months = sumByPeriod(rows, 'month', 'Europe/London');
    expect(months.get('2024-03')?.offered).toBe(31 * 96 - 4);
  });
});

describe('period bounds in UTC (for SQL filters)', () => {
  it('local days of 23 and 25 hours', () => {
    expect(periodBounds('2024-03-31', 'day', 'Europe/London')).toEqual({ start: utc('2024-03-31T00:00Z'), end: utc('2024-03-31T23:00Z') });
    expect(periodBounds('2024-10-27', 'day', 'Europe/London')).toEqual({ start: utc('2024-10-26T23:00Z'), end: utc('2024-10-28T00:00Z') });
    expect(periodBounds('2024-11-03', 'day', 'America/New_York')).toEqual({ start: utc('2024-11-03T04:00Z'), end: utc('2024-11-04T05:00Z') });
  });

  it('weeks and months', () => {
    expect(periodBounds('2024-W13', 'week', 'Europe/London')).toEqual({ start: utc('2024-03-25T00:00Z'), end: utc('2024-03-31T23:00Z') });
    expect(periodBounds('2024-03', 'month', 'Asia/Taipei')).toEqual({ start: utc('2024-02-29T16:00Z'), end: utc('2024-03-31T16:00Z') });
  });

  it('a day whose midnight is skipped begins when the clocks jump (America/Santiago, 8 September 2024)', () => {
    expect(startOfLocalDate({ year: 2024, month: 9, day: 8 }, 'America/Santiago')).toEqual(utc('2024-09-08T04:00Z'));
    expect(periodKey(utc('2024-09-08T03:59Z'), 'day', 'America/Santiago')).toBe('2024-09-07');
  });

  it('property: every instant lies inside the bounds of its own period key (seeded)', () => {
    const random = seededRandom(42);
    const zones = ['Europe/London', 'America/New_York', 'Asia/Taipei', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];
    for (let trial = 0; trial < 150; trial++) {
      const instant = new Date(Date.UTC(2019, 0, 1) + randomInt(random, 0, 8 * 365 * 96) * QUARTER_HOUR);
      const timeZone = zones[trial % zones.length] ?? 'UTC';
      for (const grain of ['day', 'week', 'month'] as const) {
        const { start, end } = periodBounds(periodKey(instant, grain, timeZone), grain, timeZone);
        expect(start.getTime() <= instant.getTime() && instant.getTime() < end.getTime()).toBe(true);
      }
    }
  });
});

describe('ISO weeks and keys', () => {
  it('week 1 holds the first Thursday; weeks start on Monday', () => {
    expect(isoWeekOf({ year: 2024, month: 12, day: 30 })).toEqual({ weekYear: 2025, week: 1 });
    expect(isoWeekOf({ year: 2021, month: 1, day: 3 })).toEqual({ weekYear: 2020, week: 53 });
    expect(isoWeekOf({ year: 2026, month: 1, day: 1 })).toEqual({ weekYear: 2026, week: 1 });
    expect(isoWeekOf({ year: 2024, month: 3, day: 4 })).toEqual({ weekYear: 2024, week: 10 });
    expect(isoWeekOf({ year: 2024, month: 3, day: 3 })).toEqual({ weekYear: 2024, week: 9 });
  });

  it('keys map back to their first and last local dates', () => {
    expect(periodDates('2025-W01', 'week')).toEqual({ first: { year: 2024, month: 12, day: 30 }, last: { year: 2025, month: 1, day: 5 } });
    expect(periodDates('2020-W53', 'week')).toEqual({ first: { year: 2020, month: 12, day: 28 }, last: { year: 2021, month: 1, day: 3 } });
    expect(periodDates('2024-02', 'month')).toEqual({ first: { year: 2024, month: 2, day: 1 }, last: { year: 2024, month: 2, day: 29 } });
    expect(() => periodDates('2024-2', 'month')).toThrow(RangeError);
  });

  it('the local week is taken in the program time zone: Sunday evening in New York is Monday in Taipei', () => {
    const instant = utc('2024-03-11T01:00Z');
    expect(periodKey(instant, 'week', 'America/New_York')).toBe('2024-W10');
    expect(periodKey(instant, 'week', 'Asia/Taipei')).toBe('2024-W11');
  });

  it('rejects unknown zones and invalid instants', () => {
    expect(isValidTimeZone('Asia/Taipei')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => periodKey(new Date(Number.NaN), 'day', 'UTC')).toThrow(RangeError);
    expect(localDateOf(utc('2024-02-29T12:00Z'), 'UTC')).toEqual({ year: 2024, month: 2, day: 29 });
  });
});
