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

/** An accepted upload as the deadline rules see it: the period its rows cover and when it arrived. */
export interface FeedArrival {
  periodStart: Date | null;
  periodEnd: Date | null;
  uploadedAt: Date;
}

/** on_time: the first feed covering the period arrived by the deadline; late: after it; missing: none yet. */
export type DueFeedState = 'on_time' | 'late' | 'missing';

export interface DueFeedStatus {
  period: ReportingPeriod;
  state: DueFeedState;
  /** When the first feed covering the period arrived; null while it is missing. */
  receivedAt: Date | null;
}

/** A feed counts for a period when its rows overlap it (a daily file counts towards its week). */
export function coversPeriod(arrival: FeedArrival, period: Pick<ReportingPeriod, 'start' | 'end'>): boolean {
  return arrival.periodStart !== null && arrival.periodEnd !== null && arrival.periodStart < period.end && arrival.periodEnd > period.start;
}

/**
 * The state of a period whose deadline has passed (latestDuePeriod), from the unit's accepted uploads
 * (any superset of those covering it). The earliest arrival decides: a corrected file sent after the
 * deadline does not make an on-time feed late. The unit pages and the late-feed job both use this.
 */
export function dueFeedStatus(period: ReportingPeriod, arrivals: readonly FeedArrival[]): DueFeedStatus {
  let receivedAt: Date | null = null;
  for (const arrival of arrivals) {
    if (coversPeriod(arrival, period) && (receivedAt === null || arrival.uploadedAt < receivedAt)) receivedAt = arrival.uploadedAt;
  }
  const state: DueFeedState = receivedAt === null ? 'missing' : receivedAt.getTime() <= period.deadline.getTime() ? 'on_time' : 'late';
  return { period, state, receivedAt };
}
