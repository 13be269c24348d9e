import { describe, expect, it } from 'vitest';
import { completeComponents, type Components } from '../../../app/domain/kpi/components';
import { compareRatio, meetsTarget, toRational } from '../../../app/domain/sla/compare';
import { evaluateSla, monthlyOutcome, slaPeriodOf, type EvaluateSlaInput, type SlaRule } from '../../../app/domain/sla/evaluate';
import { countExpectedIntervals, sumExcluding, type ScopedIntervalRow } from '../../../app/domain/sla/exclusions';

const TAIPEI = 'Asia/Taipei';
const MARCH = slaPeriodOf('2024-03', 'month', TAIPEI);
const MARCH_INTERVALS = 31 * 96; // Taipei has no DST: 2,976 quarter-hours
const FULL = { expectedIntervals: MARCH_INTERVALS, receivedIntervals: MARCH_INTERVALS };

const serviceLevel80in20: SlaRule = {
  kpi: 'service_level',
  comparator: 'gte',
  target: 0.8,
  minimumVolume: 100,
  missingFeed: 'missed',
  slVariant: 'negative',
  thresholdS: 20,
};

const evaluate = (components: Partial<Components>, sla: Partial<SlaRule> = {}, extra: Partial<EvaluateSlaInput> = {}) =>
  evaluateSla({ sla: { ...serviceLevel80in20, ...sla }, period: MARCH, components: completeComponents(components), coverage: FULL, ...extra });

describe('the period', () => {
  it('is the local month in UTC bounds', () => {
    expect(MARCH.start.toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(MARCH.end.toISOString()).toBe('2024-03-31T16:00:00.000Z');
    expect(countExpectedIntervals(MARCH, 15)).toBe(MARCH_INTERVALS);
  });
});

describe('comparator at the target: the unrounded value, compared exactly', () => {
  it('service level ≥ 80 %: 800 of 1,000 meets, 799 misses (79.9 % would display as 80 %)', () => {
    const atTarget = evaluate({ offered: 1_000, handled: 950, answered_within_threshold: 800 });
    expect(atTarget).toMatchObject({ value: 0.8, status: 'met', outcome: 'met', reason: 'target_met', numerator: 800, denominator: 1_000, volume: 1_000 });
    expect(evaluate({ offered: 1_000, handled: 950, answered_within_threshold: 799 })).toMatchObject({ value: 0.799, status: 'missed', reason: 'target_missed' });
  });

  it('short abandons leave the denominator: 800 / (1,010 − 10) is exactly 80 %', () => {
    expect(evaluate({ offered: 1_010, handled: 950, abandoned: 60, short_abandoned: 10, answered_within_threshold: 800 })).toMatchObject({ value: 0.8, status: 'met' });
  });

  it('uses the SLA variant: the same interval sums are met as "positive", missed as "negative" or "ignore"', () => {
    const sums = { offered: 1_000, handled: 900, abandoned: 100, abandoned_within_threshold: 20, answered_within_threshold: 780 };
    expect(evaluate(sums, { slVariant: 'positive' })).toMatchObject({ value: 0.8, status: 'met' }); // (780 + 20) / 1,000
    expect(evaluate(sums, { slVariant: 'negative' })).toMatchObject({ value: 0.78, status: 'missed' }); // 780 / 1,000
    expect(evaluate(sums, { slVariant: 'ignore_abandons_within_threshold' })).toMatchObject({ value: 780 / 980, status: 'missed' });
  });

  it('abandonment ≤ 5 %: 50 / 1,000 meets, 50 / 990 misses', () => {
    const rule: Partial<SlaRule> = { kpi: 'abandonment_rate', comparator: 'lte', target: 0.05, slVariant: null, thresholdS: null };
    expect(evaluate({ offered: 1_010, handled: 950, abandoned: 60, short_abandoned: 10 }, rule)).toMatchObject({ value: 0.05, status: 'met' });
    expect(evaluate({ offered: 1_000, handled: 940, abandoned: 60, short_abandoned: 10 }, rule)).toMatchObject({ value: 50 / 990, status: 'missed' });
  });

  it('ASA ≤ 30 s: 30,000 s over 1,000 handled meets, 30,001 s misses; volume is handled', () => {
    const rule: Partial<SlaRule> = { kpi: 'asa', comparator: 'lte', target: 30, slVariant: null, thresholdS: null };
    expect(evaluate({ offered: 1_200, handled: 1_000, wait_s: 30_000 }, rule)).toMatchObject({ value: 30, status: 'met', volume: 1_000 });
    expect(evaluate({ offered: 1_200, handled: 1_000, wait_s: 30_001 }, rule)).toMatchObject({ status: 'missed' });
  });

  it('does not let floating-point division decide: 1/3 is above 0.3333333333333333 although 1 / 3 === that double', () => {
    expect(1 / 3).toBe(0.3333333333333333);
    expect(compareRatio(1, 3, 0.3333333333333333)).toBe(1);
    expect(meetsTarget(1, 3, 'lte', 0.3333333333333333)).toBe(false);
    expect(meetsTarget(1, 3, 'gte', 0.3333333333333333)).toBe(true);
    expect(compareRatio(8, 10, 0.8)).toBe(0);
    expect(toRational(1.5e-7)).toEqual({ n: 15n, d: 100_000_000n });
    expect(toRational(1e21)).toEqual({ n: 10n ** 21n, d: 1n });
    expect(toRational(-0.25)).toEqual({ n: -25n, d: 100n });
  });
});

describe('minimum volume and "no data"', () => {
  it('measures a volume exactly at the minimum and not one below', () => {
    expect(evaluate({ offered: 100, handled: 90, answered_within_threshold: 80 })).toMatchObject({ status: 'met', volume: 100 });
    expect(evaluate({ offered: 99, handled: 90, answered_within_threshold: 10 })).toMatchObject({
      status: 'not_measured',
      outcome: 'not_measured',
      reason: 'below_minimum_volume',
      value: 10 / 99,
      volume: 99,
      minimumVolume: 100,
    });
  });

  it('counts the KPI own volume: CSAT counts survey responses, not calls', () => {
    const rule: Partial<SlaRule> = { kpi: 'csat', target: 0.85, minimumVolume: 30, slVariant: null, thresholdS: null };
    expect(evaluate({ offered: 5_000, handled: 5_000, csat_responses: 29, csat_satisfied: 29 }, rule)).toMatchObject({ status: 'not_measured', volume: 29 });
    expect(evaluate({ offered: 5_000, handled: 5_000, csat_responses: 30, csat_satisfied: 25 }, rule)).toMatchObject({ status: 'missed', value: 25 / 30 });
  });

  it('a zero denominator is not measured, neither 0 % nor 100 %', () => {
    const result = evaluate({ offered: 5, abandoned: 5, short_abandoned: 5 }, { minimumVolume: 0 });
    expect(result).toMatchObject({ value: null, status: 'not_measured', reason: 'zero_denominator', denominator: 0 });
  });

  it('cost per contact needs cost data and is not evaluated from components', () => {
    expect(evaluate({ handled: 10 }, { kpi: 'cost_per_contact', comparator: 'lte', target: 100, slVariant: null, thresholdS: null })).toMatchObject({
      status: 'not_measured',
      reason: 'kpi_needs_cost_data',
    });
  });
});

describe('missing feed: the contract rule decides what it counts as', () => {
  const noFeed = { coverage: { expectedIntervals: MARCH_INTERVALS, receivedIntervals: 0 } };

  it.each([
    ['missed', 'missed'],
    ['met', 'met'],
    ['not_measured', 'not_measured'],
  ] as const)('rule "%s" → status missing_data, outcome %s', (rule, outcome) => {
    expect(evaluate({}, { missingFeed: rule }, noFeed)).toMatchObject({
      status: 'missing_data',
      outcome,
      reason: 'no_feed',
      missingFeedRule: rule,
      value: null,
    });
  });

  it('checks missing data before the minimum volume, so not sending a feed cannot escape a miss', () => {
    expect(evaluate({}, { minimumVolume: 100 }, noFeed)).toMatchObject({ status: 'missing_data', outcome: 'missed' });
  });

  it('an incomplete feed is missing data by default, still showing the value over what arrived', () => {
    const oneMissing = { coverage: { expectedIntervals: MARCH_INTERVALS, receivedIntervals: MARCH_INTERVALS - 1 } };
    const sums = { offered: 1_000, handled: 950, answered_within_threshold: 900 };
    expect(evaluate(sums, {}, oneMissing)).toMatchObject({ status: 'missing_data', outcome: 'missed', reason: 'incomplete_feed', value: 0.9 });
    expect(evaluate(sums, {}, { ...oneMissing, requiredCoverage: 0.99 })).toMatchObject({ status: 'met' });
  });
});

describe('feed T must match the SLA T', () => {
  it('evaluates a mismatch anyway and says so', () => {
    const result = evaluate({ offered: 1_000, handled: 950, answered_within_threshold: 850 }, {}, { hasThresholdMismatch: true });
    expect(result.status).toBe('met');
    expect(result.warnings).toEqual(['threshold_mismatch']);
    expect(evaluate({ offered: 1_000, answered_within_threshold: 850, handled: 900 }).warnings).toEqual([]);
  });
});

describe('exclusions from approved disputes', () => {
  const day = slaPeriodOf('2024-03-05', 'day', TAIPEI);
  const QUARTER = 15 * 60_000;
  const outageStart = new Date(day.start.getTime() + 40 * QUARTER); // 10:00 local
  const rows: ScopedIntervalRow[] = Array.from({ length: 96 }, (_, i) => {
    const start = new Date(day.start.getTime() + i * QUARTER);
    const isOutage = start.getTime() === outageStart.getTime();
    // 95 ordinary quarter-hours at 9 of 10 in 20 s; the client's IVR outage dumps 200 calls, 20 answered in time.
    return {
      start,
      queueId: 'q-standard',
      channel: 'voice',
      components: completeComponents(isOutage ? { offered: 200, handled: 120, answered_within_threshold: 20 } : { offered: 10, handled: 10, answered_within_threshold: 9 }),
    };
  });
  const dailyRule: Partial<SlaRule> = { minimumVolume: 0 };
  const approved = [{ start: outageStart, end: new Date(outageStart.getTime() + QUARTER) }];

  it('flips the day from missed (875 / 1,150 = 76.1 %) to met (855 / 950 = 90 %)', () => {
    const all = sumExcluding(rows, []);
    expect(all).toMatchObject({ includedRows: 96, excludedRows: 0, receivedIntervals: 96 });
    const before = evaluateSla({ sla: { ...serviceLevel80in20, ...dailyRule }, period: day, components: all.components, coverage: { expectedIntervals: 96, receivedIntervals: 96 } });
    expect(before).toMatchObject({ status: 'missed', numerator: 875, denominator: 1_150 });

    const kept = sumExcluding(rows, approved);
    expect(kept).toMatchObject({ includedRows: 95, excludedRows: 1, receivedIntervals: 95 });
    const coverage = { expectedIntervals: countExpectedIntervals(day, 15, approved), receivedIntervals: kept.receivedIntervals };
    expect(coverage).toEqual({ expectedIntervals: 95, receivedIntervals: 95 });
    const after = evaluateSla({ sla: { ...serviceLevel80in20, ...dailyRule }, period: day, components: kept.components, coverage });
    expect(after).toMatchObject({ status: 'met', value: 0.9, numerator: 855, denominator: 950 });
  });

  it('leaves rows of other queues and channels alone when the exclusion is scoped', () => {
    expect(sumExcluding(rows, [{ ...approved[0]!, queueId: 'q-vip' }]).excludedRows).toBe(0);
    expect(sumExcluding(rows, [{ ...approved[0]!, queueId: 'q-standard' }]).excludedRows).toBe(1);
    expect(sumExcluding(rows, [{ ...approved[0]!, channel: 'chat' }]).excludedRows).toBe(0);
  });

  it('treats a span as half-open: the interval starting at its end stays in', () => {
    const twoQuarters = [{ start: outageStart, end: new Date(outageStart.getTime() + 2 * QUARTER) }];
    expect(sumExcluding(rows, twoQuarters).excludedRows).toBe(2);
  });

  it('counts 92 quarter-hours on a 23-hour DST day', () => {
    expect(countExpectedIntervals(slaPeriodOf('2024-03-10', 'day', 'America/New_York'), 15)).toBe(92);
    expect(countExpectedIntervals(slaPeriodOf('2024-11-03', 'day', 'America/New_York'), 15)).toBe(100);
  });
});

describe('monthlyOutcome of day and week SLAs', () => {
  it('is missed if any period missed, met if any met and none missed, else not measured', () => {
    expect(monthlyOutcome(['met', 'missed', 'not_measured'])).toBe('missed');
    expect(monthlyOutcome(['met', 'not_measured'])).toBe('met');
    expect(monthlyOutcome(['not_measured'])).toBe('not_measured');
    expect(monthlyOutcome([])).toBe('not_measured');
  });
});
