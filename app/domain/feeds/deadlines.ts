/**
 * When a unit's feed for a period is due (issue 4: "each unit has an expected reporting cadence and
 * deadline"): a period is a local day, ISO week (Monday first) or calendar month in the program's time
 * zone; its feed is due `deadlineDays` days after the period's last day at `deadlineTime` local time.
 */
import { wallClockOf } from './canonical/local-time';
import { localToInstant } from './timestamps';

export type FeedCadence = 'daily' | 'weekly' | 'monthly';

export interface FeedDeadlineRule {
  cadence: FeedCadence;
  /** "HH:MM", local. */
  deadlineTime: string;
  deadlineDays: number;
}

export interface ReportingPeriod {
  /** First local day, YYYY-MM-DD. */
  firstDay: string;
  /** Last local day, YYYY-MM-DD. */
  lastDay: string;
  start: Date;
  end: Date;
  deadline: Date;
}

const DAY_MS = 86_400_000;
const isoDay = (utcMidnight: number) => new Date(utcMidnight).toISOString().slice(0, 10);

function localMidnight(dayMs: number, timeZone: string, hour = 0, minute = 0): Date {
  const d = new Date(dayMs);
  const result = localToInstant(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute, second: 0, millisecond: 0 },
    timeZone,
  );
  // A deadline inside a DST gap falls an hour later: the first instant after the gap.
  if (result.ok && result.value) return result.value;
  return localMidnight(dayMs, timeZone, hour + 1, minute);
}

/** The period containing local day `dayMs` (a UTC midnight standing for the calendar day). */
function periodContaining(dayMs: number, cadence: FeedCadence): { first: number; last: number } {
  const d = new Date(dayMs);
  if (cadence === 'daily') return { first: dayMs, last: dayMs };
  if (cadence === 'weekly') {
    const first = dayMs - ((d.getUTCDay() + 6) % 7) * DAY_MS;
    return { first, last: first + 6 * DAY_MS };
  }
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return { first, last: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY_MS };
}

export function reportingPeriod(dayMs: number, rule: FeedDeadlineRule, timeZone: string): ReportingPeriod {
  const { first, last } = periodContaining(dayMs, rule.cadence);
  const [hour = 10, minute = 0] = rule.deadlineTime.split(':').map(Number);
  return {
    firstDay: isoDay(first),
    lastDay: isoDay(last),
    start: localMidnight(first, timeZone),
    end: localMidnight(last + DAY_MS, timeZone),
    deadline: localMidnight(last + rule.deadlineDays * DAY_MS, timeZone, hour, minute),
  };
}

/** The latest period whose deadline has passed at `now`. */
export function latestDuePeriod(now: Date, rule: FeedDeadlineRule, timeZone: string): ReportingPeriod {
  const local = wallClockOf(now, timeZone);
  let dayMs = Date.UTC(local.year, local.month - 1, local.day);
  for (;;) {
    const period = reportingPeriod(dayMs, rule, timeZone);
    if (period.deadline.getTime() <= now.getTime()) return period;
    dayMs = Date.parse(`${period.firstDay}T00:00:00Z`) - DAY_MS;
  }
}
