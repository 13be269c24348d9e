import type { Comparator } from '../contracts/sla';
import { KPIS, type KpiId } from '../kpi/catalog';
import { compareRatio } from './compare';

/**
 * Month-to-date forecast for an open month (issue 5 "Forecast and alerts"). The month's value will be
 * (N + r·R) / (D + R), with N/D the month-to-date numerator and denominator, R the denominator still
 * expected and r the value the rest of the month achieves. Solving for the target gives the value the
 * remainder must reach:  r* = (target · (D + R) − N) / R.
 *
 *  - secured: even the worst possible remainder meets it (r* ≤ the KPI's minimum for ≥, r* ≥ its maximum
 *    for ≤): for a ratio, 0 % for the rest still meets a ≥ target;
 *  - impossible: not even the best possible remainder does (r* > max for ≥, r* < min for ≤), e.g. > 100 %;
 *  - on_track: the month-to-date value meets the target (and the remainder must reach r*);
 *  - behind: it does not yet, but a remainder at r* would recover it;
 *  - no_data: nothing measured yet and nothing expected.
 * The remaining volume is an estimate the caller passes in (e.g. estimateRemainingVolume); with R = 0 the
 * month-to-date value is the month's. Minimum volume is not forecast here.
 */
export type ForecastStatus = 'secured' | 'on_track' | 'behind' | 'impossible' | 'no_data';

export interface ForecastInput {
  kpi: KpiId;
  comparator: Comparator;
  target: number;
  monthToDateNumerator: number;
  monthToDateDenominator: number;
  /** Denominator expected for the rest of the month (offered calls for service level, …). */
  expectedRemainingDenominator: number;
}

export interface SlaForecast {
  status: ForecastStatus;
  monthToDateValue: number | null;
  /** The value the remainder must reach (≥ for a ≥ SLA, ≤ for a ≤ one); null when nothing remains. */
  requiredRemainderValue: number | null;
  expectedRemainingDenominator: number;
}

/** The range a period's value can take: ratios 0..1, scores 0..100, NPS -100..100, durations ≥ 0. */
function valueRange(kpi: KpiId): { min: number; max: number } {
  const info = KPIS[kpi];
  if (info.unit === 'seconds' || info.unit === 'money') return { min: 0, max: Number.POSITIVE_INFINITY };
  return { min: info.min, max: info.max };
}

export function forecastSla(input: ForecastInput): SlaForecast {
  const { comparator, target, monthToDateNumerator: n, monthToDateDenominator: d } = input;
  const remaining = input.expectedRemainingDenominator;
  if (!(remaining >= 0) || !(d >= 0)) throw new RangeError('denominators cannot be negative');
  const monthToDateValue = d > 0 ? n / d : null;
  const isMetSoFar = d > 0 ? (comparator === 'gte' ? compareRatio(n, d, target) >= 0 : compareRatio(n, d, target) <= 0) : null;
  const base = { monthToDateValue, expectedRemainingDenominator: remaining };

  if (remaining === 0) {
    if (isMetSoFar === null) return { ...base, status: 'no_data', requiredRemainderValue: null };
    return { ...base, status: isMetSoFar ? 'secured' : 'impossible', requiredRemainderValue: null };
  }

  const required = (target * (d + remaining) - n) / remaining;
  const { min, max } = valueRange(input.kpi);
  const isSecured = comparator === 'gte' ? required <= min : required >= max;
  const isImpossible = comparator === 'gte' ? required > max : required < min;
  const status: ForecastStatus = isSecured ? 'secured' : isImpossible ? 'impossible' : isMetSoFar === false ? 'behind' : 'on_track';
  return { ...base, status, requiredRemainderValue: required };
}

/**
 * The denominator still expected this month from the same weekdays of past weeks: the mean of each
 * weekday's history, summed over the days left. `history` maps an ISO weekday (1 = Monday .. 7) to that
 * weekday's past daily denominators; `remainingWeekdays` lists the weekday of each day left (today's
 * unreported part is the caller's to add).
 */
export function estimateRemainingVolume(history: ReadonlyMap<number, readonly number[]>, remainingWeekdays: readonly number[]): number {
  let total = 0;
  for (const weekday of remainingWeekdays) {
    const past = history.get(weekday) ?? [];
    if (past.length > 0) total += past.reduce((sum, v) => sum + v, 0) / past.length;
  }
  return total;
}
