import { describe, expect, it } from 'vitest';
import type { ContactRow, IntervalRow } from '#app/domain/feeds/canonical';
import { canonicalContactsTemplate } from '#app/domain/feeds/canonical';
import { crossCheckIntervals, rebuildIntervals } from '#app/domain/feeds/contacts';
import { mapFixture, utc } from './helpers';

async function rebuiltFromFixture(options: { thresholdS: number; shortAbandonS: number }) {
  const { rows, errors } = await mapFixture('contacts-rebuild.csv', canonicalContactsTemplate, { timeZone: 'Asia/Taipei' });
  expect(errors).toEqual([]);
  return rebuildIntervals(rows as ContactRow[], { intervalMinutes: 15, timeZone: 'Asia/Taipei', ...options });
}

const EMPTY = {
  offered: 0,
  handled: 0,
  answered_within_threshold: 0,
  abandoned: 0,
  short_abandoned: 0,
  abandoned_within_threshold: 0,
  wait_s: 0,
  talk_s: 0,
  hold_s: 0,
  wrap_s: 0,
  transferred: 0,
  fcr_eligible: 0,
  fcr_resolved: 0,
  csat_responses: 0,
  csat_satisfied: 0,
  nps_responses: 0,
  nps_promoters: 0,
  nps_detractors: 0,
};

describe('rebuildIntervals', () => {
  it('rebuilds hand-computed intervals: T boundary, short abandons, abandons within T, survey buckets', async () => {
    const rows = await rebuiltFromFixture({ thresholdS: 20, shortAbandonS: 5 });
    expect(rows).toEqual([
      {
        intervalStart: utc('2026-03-02T00:00:00Z'),
        intervalMinutes: 15,
        queue: 'Cards',
        channel: 'voice',
        thresholdS: 20,
        components: {
          offered: 7,
          handled: 3, // c1 (wait 20 = T), c2 (21), c7 (10, queued 08:14:59 local)
          answered_within_threshold: 2,
          abandoned: 4, // waits 5, 6, 20, 45
          short_abandoned: 1, // 5 s = the window
          abandoned_within_threshold: 3,
          wait_s: 51,
          talk_s: 600,
          hold_s: 40,
          wrap_s: 120,
          transferred: 1,
          fcr_eligible: 2,
          fcr_resolved: 1,
          csat_responses: 4, // 5, 4, 3, 2
          csat_satisfied: 2,
          nps_responses: 4, // 10, 9, 6, 7
          nps_promoters: 2,
          nps_detractors: 1,
        },
        line: 2,
      },
      {
        intervalStart: utc('2026-03-02T00:15:00Z'),
        intervalMinutes: 15,
        queue: 'Cards',
        channel: 'chat',
        thresholdS: 20,
        // Neither answered nor abandoned: offered and nothing else.
        components: { ...EMPTY, offered: 1 },
        line: 10,
      },
      {
        intervalStart: utc('2026-03-02T00:15:00Z'),
        intervalMinutes: 15,
        queue: 'Cards',
        channel: 'voice',
        thresholdS: 20,
        components: {
          ...EMPTY,
          offered: 1,
          handled: 1,
          answered_within_threshold: 1,
          wait_s: 10,
          talk_s: 120,
          wrap_s: 30,
          transferred: 1,
          fcr_eligible: 1,
          fcr_resolved: 1,
          csat_responses: 1,
          nps_responses: 1,
          nps_detractors: 1,
        },
        line: 9,
      },
    ]);
  });

  it('rebuilds the same contacts for another threshold and short-abandon window', async () => {
    const [first] = await rebuiltFromFixture({ thresholdS: 10, shortAbandonS: 6 });
    expect(first?.components).toMatchObject({ answered_within_threshold: 1, short_abandoned: 2, abandoned_within_threshold: 2 });
  });

  it('keys day intervals at local midnight across a DST change', async () => {
    const contact: ContactRow = {
      contactId: 'x',
      queue: 'Cards',
      channel: 'voice',
      queuedAt: utc('2026-03-08T23:30:00Z'), // 19:30 EDT on the 23-hour day
      answeredAt: null,
      abandonedAt: null,
      talkS: 0,
      holdS: 0,
      wrapS: 0,
      transferred: false,
      fcrResolved: null,
      csatScore: null,
      npsScore: null,
      line: 2,
    };
    const [row] = await rebuildIntervals([contact], { intervalMinutes: 1440, thresholdS: 20, shortAbandonS: 5, timeZone: 'America/New_York' });
    expect(row?.intervalStart).toEqual(utc('2026-03-08T05:00:00Z'));
  });
});

describe('crossCheckIntervals', () => {
  it('flags exactly the components that differ beyond the tolerance, including intervals one side lacks', async () => {
    const rebuilt = await rebuiltFromFixture({ thresholdS: 20, shortAbandonS: 5 });
    const [first, , third] = rebuilt as [IntervalRow, IntervalRow, IntervalRow];
    const reported: IntervalRow[] = [
      {
        ...first,
        line: 2,
        // The vendor reports a better service level and more talk; its ASA sum is off by rounding only.
        components: { offered: 7, handled: 3, answered_within_threshold: 3, wait_s: 51.4, talk_s: 700 },
      },
      { ...third, line: 3, components: { offered: 1, handled: 1, answered_within_threshold: 1, wait_s: 10, talk_s: 120 } },
      {
        ...third,
        intervalStart: utc('2026-03-02T00:30:00Z'),
        line: 4,
        components: { offered: 5, handled: 5, answered_within_threshold: 5, wait_s: 0, talk_s: 0 },
      },
    ];
    const { differences, thresholdMismatches } = crossCheckIntervals(rebuilt, reported, { countAbsolute: 0, measureAbsolute: 1 });
    expect(thresholdMismatches).toEqual([]);
    expect(differences.map((d) => [d.intervalStart.toISOString().slice(11, 16), d.channel, d.component, d.rebuilt, d.reported])).toEqual([
      ['00:00', 'voice', 'answered_within_threshold', 2, 3],
      ['00:00', 'voice', 'talk_s', 600, 700],
      ['00:15', 'chat', 'offered', 1, 0],
      ['00:30', 'voice', 'offered', 0, 5],
      ['00:30', 'voice', 'handled', 0, 5],
      ['00:30', 'voice', 'answered_within_threshold', 0, 5],
    ]);
  });

  it('applies a relative tolerance and does not compare within-threshold counts of different thresholds', async () => {
    const rebuilt = await rebuiltFromFixture({ thresholdS: 20, shortAbandonS: 5 });
    const first = rebuilt[0] as IntervalRow;
    const reported: IntervalRow[] = [{ ...first, thresholdS: 30, components: { answered_within_threshold: 3, talk_s: 610 } }];
    const result = crossCheckIntervals([first], reported, { relative: 0.02 });
    expect(result.differences).toEqual([]);
    expect(result.thresholdMismatches).toEqual([expect.objectContaining({ queue: 'Cards', rebuiltS: 20, reportedS: 30 })]);
  });
});
