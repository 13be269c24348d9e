import { describe, expect, it } from 'vitest';
import { estimateRemainingVolume, forecastSla, type ForecastInput } from '../../../app/domain/sla/forecast';

const sl80 = (n: number, d: number, remaining: number): ForecastInput => ({
  kpi: 'service_level',
  comparator: 'gte',
  target: 0.8,
  monthToDateNumerator: n,
  monthToDateDenominator: d,
  expectedRemainingDenominator: remaining,
});
const abandonment5 = (n: number, d: number, remaining: number): ForecastInput => ({ ...sl80(n, d, remaining), kpi: 'abandonment_rate', comparator: 'lte', target: 0.05 });

describe('month-to-date forecast, service level ≥ 80 % (1,000 offered so far, 1,000 expected)', () => {
  it('on track at 85 %: the rest must reach (1,600 − 850) / 1,000 = 75 %', () => {
    expect(forecastSla(sl80(850, 1_000, 1_000))).toEqual({ status: 'on_track', monthToDateValue: 0.85, requiredRemainderValue: 0.75, expectedRemainingDenominator: 1_000 });
  });

  it('behind at 70 %: the rest must reach 90 %', () => {
    expect(forecastSla(sl80(700, 1_000, 1_000))).toMatchObject({ status: 'behind', monthToDateValue: 0.7, requiredRemainderValue: 0.9 });
  });

  it('impossible at 50 %: the rest would need 110 %', () => {
    expect(forecastSla(sl80(500, 1_000, 1_000))).toMatchObject({ status: 'impossible', requiredRemainderValue: 1.1 });
  });

  it('a required 100 % is still possible', () => {
    expect(forecastSla(sl80(600, 1_000, 1_000))).toMatchObject({ status: 'behind', requiredRemainderValue: 1 });
  });

  it('already secured when 0 % for the rest meets it, exactly at the boundary too', () => {
    expect(forecastSla(sl80(950, 1_000, 100))).toMatchObject({ status: 'secured', requiredRemainderValue: -0.7 });
    expect(forecastSla(sl80(880, 1_000, 100))).toMatchObject({ status: 'secured', requiredRemainderValue: 0 }); // 880 / 1,100 = 80 %
  });

  it('with nothing left to come, the month-to-date value is final', () => {
    expect(forecastSla(sl80(800, 1_000, 0))).toMatchObject({ status: 'secured', requiredRemainderValue: null });
    expect(forecastSla(sl80(799, 1_000, 0))).toMatchObject({ status: 'impossible' });
    expect(forecastSla(sl80(0, 0, 0))).toMatchObject({ status: 'no_data', monthToDateValue: null });
  });

  it('no data yet but volume to come: the rest must reach the target itself', () => {
    expect(forecastSla(sl80(0, 0, 500))).toMatchObject({ status: 'on_track', monthToDateValue: null, requiredRemainderValue: 0.8 });
  });
});

describe('a ≤ SLA: abandonment ≤ 5 %', () => {
  it('behind at 6 %: the rest must stay at or below 4 %', () => {
    expect(forecastSla(abandonment5(60, 1_000, 1_000))).toMatchObject({ status: 'behind', requiredRemainderValue: 0.04 });
  });
  it('impossible when even 0 % for the rest cannot bring it down', () => {
    expect(forecastSla(abandonment5(120, 1_000, 100))).toMatchObject({ status: 'impossible' }); // (55 − 120) / 100 < 0
  });
  it('secured when even 100 % abandons for the rest would meet it', () => {
    expect(forecastSla(abandonment5(0, 1_000, 10))).toMatchObject({ status: 'secured' }); // (50.5 − 0) / 10 ≥ 1
  });
  it('ASA ≤ 30 s is never secured (durations have no upper bound): 20 s so far, the rest may average 40 s', () => {
    const asa: ForecastInput = { kpi: 'asa', comparator: 'lte', target: 30, monthToDateNumerator: 20_000, monthToDateDenominator: 1_000, expectedRemainingDenominator: 1_000 };
    expect(forecastSla(asa)).toMatchObject({ status: 'on_track', monthToDateValue: 20, requiredRemainderValue: 40 });
  });
});

describe('estimateRemainingVolume from the same weekdays of past weeks', () => {
  it('sums each remaining day’s weekday mean', () => {
    const history = new Map([
      [1, [1_000, 1_200]], // Mondays: 1,100
      [2, [900]],
      [6, [300, 500]], // Saturdays: 400
    ]);
    expect(estimateRemainingVolume(history, [6, 7, 1, 2])).toBe(400 + 0 + 1_100 + 900);
  });
});
