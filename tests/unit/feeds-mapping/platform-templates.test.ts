import { describe, expect, it } from 'vitest';
import {
  amazonConnectTemplate,
  avayaCmsTemplate,
  ciscoUccxTemplate,
  genesysCloudTemplate,
  niceIexTemplate,
} from '#app/domain/feeds/templates';
import { mapFixture, utc } from './helpers';

describe('Amazon Connect historical metrics', () => {
  it('turns averages back into sums, reads seconds and H:MM:SS, and keeps a dash as no data', async () => {
    const { rows, errors, issues } = await mapFixture('connect-intervals.csv', amazonConnectTemplate, { timeZone: 'Asia/Taipei' });
    expect(errors).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'columns_ignored', severity: 'warning', columns: ['Service level 20 seconds', 'Occupancy'] })]);
    expect(rows).toEqual([
      {
        intervalStart: utc('2026-03-02T08:00:00Z'),
        intervalMinutes: 30,
        queue: 'Cards',
        channel: 'voice',
        thresholdS: 20,
        // AHT 315 x 110 = 34650 = talk 27500 + hold 20 x 110 + ACW 45 x 110
        components: {
          offered: 120,
          handled: 110,
          abandoned: 10,
          answered_within_threshold: 90,
          abandoned_within_threshold: 4,
          wait_s: 1650,
          hold_s: 2200,
          wrap_s: 4950,
          talk_s: 27500,
        },
        line: 2,
      },
      {
        intervalStart: utc('2026-03-02T08:30:00Z'),
        intervalMinutes: 30,
        queue: 'Cards',
        channel: 'voice',
        thresholdS: 20,
        // 96 handled: ASA 18 s, AHT 310 s, hold 25 s, ACW 40 s
        components: {
          offered: 100,
          handled: 96,
          abandoned: 4,
          answered_within_threshold: 80,
          abandoned_within_threshold: 1,
          wait_s: 1728,
          hold_s: 2400,
          wrap_s: 3840,
          talk_s: 23520,
        },
        line: 3,
      },
      {
        intervalStart: utc('2026-03-02T08:00:00Z'),
        intervalMinutes: 30,
        queue: 'VIP',
        channel: 'voice',
        thresholdS: 20,
        // Dashed averages of zero contacts are sums of nothing: 0.
        components: { offered: 0, handled: 0, abandoned: 0, answered_within_threshold: 0, abandoned_within_threshold: 0, wait_s: 0, hold_s: 0, wrap_s: 0, talk_s: 0 },
        line: 4,
      },
    ]);
    expect(amazonConnectTemplate.vendorServiceLevelVariant).toBe('positive');
  });

  it('maps a per-queue report onto the chosen day, with dashes left out', async () => {
    const missingDay = await mapFixture('connect-queues.csv', amazonConnectTemplate, { timeZone: 'Asia/Taipei' });
    expect(missingDay.rows).toEqual([]);
    expect(missingDay.errors.map((issue) => issue.code)).toEqual(['interval_start_required']);

    const { rows, errors } = await mapFixture('connect-queues.csv', amazonConnectTemplate, {
      timeZone: 'Asia/Taipei',
      periodStart: utc('2026-03-01T16:00:00Z'),
    });
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.queue, row.intervalMinutes, row.intervalStart.toISOString(), row.components])).toEqual([
      ['Cards', 1440, '2026-03-01T16:00:00.000Z', { offered: 1200, handled: 1100, abandoned: 100, wait_s: 13200, talk_s: 346500 }],
      ['VIP', 1440, '2026-03-01T16:00:00.000Z', {}],
    ]);
  });
});

describe('Genesys Cloud interval export', () => {
  it('reads UTC starts and HH:MM:SS.fff totals, and sums skill-set and language rows per queue and media type', async () => {
    const { rows, errors } = await mapFixture('genesys-intervals-15min.csv', genesysCloudTemplate, { timeZone: 'Asia/Taipei' });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        intervalStart: utc('2026-03-02T00:00:00Z'),
        intervalMinutes: 15,
        queue: 'Cards',
        channel: 'voice',
        thresholdS: null,
        components: { offered: 60, handled: 57, talk_s: 14820.5 },
        line: 2,
      },
      {
        intervalStart: utc('2026-03-02T00:00:00Z'),
        intervalMinutes: 15,
        queue: 'Cards',
        channel: 'chat',
        thresholdS: null,
        components: { offered: 12, handled: 12, talk_s: 3600 },
        line: 4,
      },
      {
        intervalStart: utc('2026-03-02T00:15:00Z'),
        intervalMinutes: 15,
        queue: 'Cards',
        channel: 'voice',
        thresholdS: null,
        components: { offered: 35, handled: 35, talk_s: 10500 },
        line: 5,
      },
    ]);
  });
});

describe('NICE IEX ctQueue', () => {
  it('reads mmddyyyy + period in the TZ column and rejects the repeated hour of the New York DST change', async () => {
    const { rows, errors } = await mapFixture('ctQueue_110126_0300.txt', niceIexTemplate, { timeZone: 'America/New_York', intervalMinutes: 30 });
    expect(errors.map((issue) => [issue.line, issue.column, issue.code])).toEqual([
      [3, 'period', 'dst_ambiguous'],
      [4, 'period', 'dst_ambiguous'],
    ]);
    expect(rows).toEqual([
      {
        intervalStart: utc('2026-11-01T04:30:00Z'),
        intervalMinutes: 30,
        queue: 'CARDS',
        channel: 'voice',
        thresholdS: null,
        components: { offered: 20, handled: 19, abandoned: 1, talk_s: 3800, wrap_s: 950 },
        line: 2,
      },
      {
        // 02:00 EST, after the clocks went back; ACW_Seconds is a dash so ACW_Time "8:20" (MM:SS) is used.
        intervalStart: utc('2026-11-01T07:00:00Z'),
        intervalMinutes: 30,
        queue: 'CARDS',
        channel: 'voice',
        thresholdS: null,
        components: { offered: 10, handled: 10, abandoned: 0, talk_s: 2000, wrap_s: 500 },
        line: 5,
      },
    ]);
  });
});

describe('Avaya CMS split/skill report', () => {
  it('skips 4 preamble lines and the Totals footer; daily rows at local midnight; ACD time less hold is talk', async () => {
    const { rows, errors } = await mapFixture('avaya-cms-split-daily.csv', avayaCmsTemplate, { timeZone: 'Asia/Taipei' });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        intervalStart: utc('2026-03-07T16:00:00Z'),
        intervalMinutes: 1440,
        queue: '12',
        channel: 'voice',
        thresholdS: 30,
        components: {
          offered: 1200,
          handled: 1100,
          abandoned: 90,
          answered_within_threshold: 935,
          wait_s: 19_800,
          hold_s: 18_000,
          talk_s: 279_000,
          wrap_s: 49_500,
        },
        line: 6,
      },
      {
        intervalStart: utc('2026-03-08T16:00:00Z'),
        intervalMinutes: 1440,
        queue: '12',
        channel: 'voice',
        thresholdS: 30,
        components: {
          offered: 1300,
          handled: 1180,
          abandoned: 110,
          answered_within_threshold: 968,
          wait_s: 24_780,
          hold_s: 21_600,
          talk_s: 285_200,
          wrap_s: 59_000,
        },
        line: 7,
      },
    ]);
  });
});

describe('Cisco UCCX CSQ activity report', () => {
  it('keeps the service-level counts with their threshold and reads 12-hour local times', async () => {
    const { rows, errors } = await mapFixture('uccx-csq-interval.csv', ciscoUccxTemplate, { timeZone: 'America/Chicago' });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        intervalStart: utc('2026-03-02T14:00:00Z'),
        intervalMinutes: 30,
        queue: 'CSQ_Cards',
        channel: 'voice',
        thresholdS: 20,
        components: { offered: 50, handled: 45, abandoned: 5, answered_within_threshold: 40, abandoned_within_threshold: 2, wait_s: 450, talk_s: 10_800 },
        line: 2,
      },
      {
        intervalStart: utc('2026-03-02T14:30:00Z'),
        intervalMinutes: 30,
        queue: 'CSQ_Cards',
        channel: 'voice',
        thresholdS: 20,
        components: { offered: 40, handled: 38, abandoned: 2, answered_within_threshold: 35, abandoned_within_threshold: 1, wait_s: 304, talk_s: 7980 },
        line: 3,
      },
    ]);
  });
});
