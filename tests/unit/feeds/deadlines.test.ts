import { describe, expect, it } from 'vitest';
import { coversPeriod, dueFeedStatus, latestDuePeriod, type FeedArrival, type FeedDeadlineRule } from '#app/domain/feeds/deadlines';

const TAIPEI = 'Asia/Taipei';
const daily: FeedDeadlineRule = { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1 };
const weekly: FeedDeadlineRule = { cadence: 'weekly', deadlineTime: '09:30', deadlineDays: 2 };
/** An upload whose rows cover [start, end) and that arrived at `uploadedAt`. */
const arrival = (start: string, end: string, uploadedAt: string): FeedArrival => ({ periodStart: new Date(start), periodEnd: new Date(end), uploadedAt: new Date(uploadedAt) });

describe('latestDuePeriod', () => {
  it('a daily feed is due at 10:00 local the next day: before it, the day before is the latest due', () => {
    // 2026-03-10 09:00 Taipei: the feed of 03-09 is not due until 10:00, so 03-08 is the latest due.
    expect(latestDuePeriod(new Date('2026-03-10T01:00:00Z'), daily, TAIPEI)).toMatchObject({ firstDay: '2026-03-08', lastDay: '2026-03-08' });
    const period = latestDuePeriod(new Date('2026-03-10T02:00:00Z'), daily, TAIPEI);
    expect(period).toMatchObject({ firstDay: '2026-03-09', lastDay: '2026-03-09' });
    expect(period.start.toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(period.end.toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(period.deadline.toISOString()).toBe('2026-03-10T02:00:00.000Z');
  });

  it('a weekly feed covers Monday to Sunday and is due two days after, at 09:30', () => {
    const period = latestDuePeriod(new Date('2026-03-12T12:00:00Z'), weekly, TAIPEI);
    expect(period).toMatchObject({ firstDay: '2026-03-02', lastDay: '2026-03-08' });
    expect(period.deadline.toISOString()).toBe('2026-03-10T01:30:00.000Z');
  });
});

describe('dueFeedStatus: on time, late or missing', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const period = latestDuePeriod(now, daily, TAIPEI);
  const day9 = ['2026-03-08T16:00:00Z', '2026-03-09T16:00:00Z'] as const;

  it('missing when nothing covers the period', () => {
    expect(dueFeedStatus(period, [])).toEqual({ period, state: 'missing', receivedAt: null });
    // The day before, and the day after: touching the period's edges is not covering it.
    const neighbours = [arrival('2026-03-07T16:00:00Z', '2026-03-08T16:00:00Z', '2026-03-09T01:00:00Z'), arrival('2026-03-09T16:00:00Z', '2026-03-10T16:00:00Z', '2026-03-10T03:00:00Z')];
    expect(dueFeedStatus(period, neighbours).state).toBe('missing');
  });

  it('on time when the first covering upload arrived by the deadline (the deadline itself included)', () => {
    expect(dueFeedStatus(period, [arrival(...day9, '2026-03-10T01:59:00Z')])).toMatchObject({ state: 'on_time', receivedAt: new Date('2026-03-10T01:59:00Z') });
    expect(dueFeedStatus(period, [arrival(...day9, '2026-03-10T02:00:00Z')]).state).toBe('on_time');
  });

  it('late when it arrived after the deadline, with the time it arrived', () => {
    expect(dueFeedStatus(period, [arrival(...day9, '2026-03-10T02:00:01Z')])).toMatchObject({ state: 'late', receivedAt: new Date('2026-03-10T02:00:01Z') });
  });

  it('the earliest covering arrival decides: a corrected re-upload after the deadline keeps an on-time feed on time', () => {
    const corrected = arrival(...day9, '2026-03-10T11:00:00Z');
    const first = arrival(...day9, '2026-03-10T00:30:00Z');
    expect(dueFeedStatus(period, [corrected, first])).toMatchObject({ state: 'on_time', receivedAt: first.uploadedAt });
  });

  it('a partial upload counts (a morning of the day), an upload without a period does not', () => {
    expect(dueFeedStatus(period, [arrival('2026-03-09T00:00:00Z', '2026-03-09T04:00:00Z', '2026-03-10T05:00:00Z')]).state).toBe('late');
    expect(dueFeedStatus(period, [{ periodStart: null, periodEnd: null, uploadedAt: new Date('2026-03-10T00:00:00Z') }]).state).toBe('missing');
  });

  it('a daily file counts towards its week', () => {
    const week = latestDuePeriod(new Date('2026-03-12T12:00:00Z'), weekly, TAIPEI);
    const wednesday = arrival('2026-03-03T16:00:00Z', '2026-03-04T16:00:00Z', '2026-03-05T01:00:00Z');
    expect(coversPeriod(wednesday, week)).toBe(true);
    expect(dueFeedStatus(week, [wednesday])).toMatchObject({ state: 'on_time', receivedAt: wednesday.uploadedAt });
  });
});
