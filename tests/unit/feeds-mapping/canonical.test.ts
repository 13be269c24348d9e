import { describe, expect, it } from 'vitest';
import { MappingIssueCollector, canonicalContactsTemplate, canonicalIntervalsTemplate } from '#app/domain/feeds/canonical';
import { mapFixture, utc } from './helpers';

const at = (issues: Array<{ line?: number; column?: string; code: string }>) => issues.map((i) => [i.line, i.column, i.code]);

describe('canonical interval format', () => {
  it('reports every row rule at its line and column and keeps the valid rows', async () => {
    const { rows, errors } = await mapFixture('canonical-intervals-errors.csv', canonicalIntervalsTemplate, { timeZone: 'Asia/Taipei' });
    expect(at(errors)).toEqual([
      [3, 'interval_start', 'duplicate_interval'],
      [4, 'interval_start', 'interval_misaligned'],
      [5, 'channel', 'channel_invalid'],
      [6, 'threshold_s', 'threshold_invalid'],
      [7, 'handled', 'handled_exceeds_offered'],
      [8, 'short_abandoned', 'short_abandoned_exceeds_abandoned'],
      [9, 'offered', 'number_invalid'],
      [10, 'handled', 'number_not_integer'],
      [11, 'wait_s', 'duration_negative'],
      [12, 'interval_minutes', 'interval_minutes_invalid'],
      [13, 'threshold_s', 'threshold_missing'],
      [14, 'queue', 'value_missing'],
      [15, 'abandoned', 'abandoned_exceeds_offered'],
      [15, 'answered_within_threshold', 'answered_within_threshold_exceeds_handled'],
      [16, 'interval_start', 'interval_misaligned'],
    ]);
    expect(errors[0]?.message).toContain('Lines 2 and 3');
    expect(errors.find((e) => e.code === 'handled_exceeds_offered')).toMatchObject({ columns: ['handled', 'offered'], value: '120' });
    expect(rows).toEqual([
      {
        intervalStart: utc('2026-03-02T00:00:00Z'),
        intervalMinutes: 15,
        queue: 'Cards',
        channel: 'voice',
        thresholdS: 20,
        components: { offered: 100, handled: 90, answered_within_threshold: 80, abandoned: 10, short_abandoned: 2, wait_s: 900, talk_s: 27000 },
        line: 2,
      },
      {
        // A day interval at Taipei midnight; the dash in wait_s is no data and stays out.
        intervalStart: utc('2026-03-01T16:00:00Z'),
        intervalMinutes: 1440,
        queue: 'Cards',
        channel: 'back_office',
        thresholdS: null,
        components: { offered: 25, handled: 25, talk_s: 3600 },
        line: 17,
      },
      {
        intervalStart: utc('2026-03-07T18:30:00Z'),
        intervalMinutes: 15,
        queue: 'Cards',
        channel: 'voice',
        thresholdS: 20,
        components: { offered: 1, handled: 1, answered_within_threshold: 1, abandoned: 0, short_abandoned: 0, wait_s: 5, talk_s: 60 },
        line: 18,
      },
    ]);
  });

  it('rejects a header with missing required columns or unknown columns, naming them', async () => {
    const issues = new MappingIssueCollector();
    const header = ['interval_start', 'queue', 'offered', 'handeld'];
    const rows = [];
    for await (const row of canonicalIntervalsTemplate.map(emptyRecords(), { header, timeZone: 'Asia/Taipei', issues })) rows.push(row);
    expect(rows).toEqual([]);
    expect(issues.all()).toEqual([
      expect.objectContaining({ code: 'columns_missing', columns: ['interval_minutes', 'channel'] }),
      expect.objectContaining({ code: 'columns_unknown', columns: ['handeld'] }),
    ]);
  });

  it('reads a DST gap in local times as an error that says so', async () => {
    const issues = new MappingIssueCollector();
    const header = ['interval_start', 'interval_minutes', 'queue', 'channel', 'offered'];
    const records = (async function* () {
      yield { line: 2, values: { interval_start: '2026-03-08 02:30', interval_minutes: '15', queue: 'Cards', channel: 'voice', offered: '3' } };
    })();
    for await (const row of canonicalIntervalsTemplate.map(records, { header, timeZone: 'America/New_York', issues })) expect(row).toBeUndefined();
    expect(at(issues.all())).toEqual([[2, 'interval_start', 'dst_gap']]);
  });
});

async function* emptyRecords() {
  // A header-level failure stops mapping before any record is read.
}

describe('canonical contact format', () => {
  it('reports every contact rule at its line and column', async () => {
    const { rows, errors } = await mapFixture('contacts-errors.csv', canonicalContactsTemplate, { timeZone: 'Asia/Taipei' });
    expect(at(errors)).toEqual([
      [3, 'contact_id', 'duplicate_contact'],
      [4, 'abandoned_at', 'answered_and_abandoned'],
      [5, 'answered_at', 'answered_before_queued'],
      [6, 'abandoned_at', 'abandoned_before_queued'],
      [7, 'transferred', 'boolean_invalid'],
      [8, 'csat_score', 'score_out_of_range'],
      [9, 'nps_score', 'score_out_of_range'],
      [10, 'channel', 'channel_invalid'],
      [11, 'queued_at', 'value_missing'],
    ]);
    expect(rows).toEqual([
      {
        contactId: 'c1',
        queue: 'Cards',
        channel: 'voice',
        queuedAt: utc('2026-03-02T00:00:00Z'),
        answeredAt: utc('2026-03-02T00:00:20Z'),
        abandonedAt: null,
        talkS: 300,
        holdS: 30,
        wrapS: 60,
        transferred: false,
        fcrResolved: true,
        csatScore: 5,
        npsScore: 10,
        line: 2,
      },
    ]);
  });
});
