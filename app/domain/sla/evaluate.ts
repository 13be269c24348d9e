import type { MissingFeedRule, SlaTerms } from '../contracts/sla';
import { periodBounds, type PeriodGrain } from '../kpi/aggregate';
import type { KpiId } from '../kpi/catalog';
import type { ComponentName, Components } from '../kpi/components';
import { computeKpi, type ComponentKpiId } from '../kpi/formulas';
import { meetsTarget } from './compare';

/**
 * One SLA over one period (DOMAIN.md "SLAs and service credits"). The caller sums the scope's interval rows
 * over the period with the approved exclusions left out (sumExcluding) and says how many of the expected
 * intervals had data; the contract version in force decides the terms.
 *
 * Order of the rules, and why:
 *  1. missing data first: a vendor must not escape a miss by not sending the feed (whose volume would then
 *     fall below the minimum);
 *  2. below the minimum volume → not measured (a volume exactly at the minimum is measured);
 *  3. a zero denominator above the minimum (e.g. every offered call a short abandon) → not measured:
 *     "no data" is neither 0 % nor 100 %;
 *  4. compare the UNROUNDED ratio with the target, exactly (compare.ts); a value at the target meets it.
 */
export type SlaStatus = 'met' | 'missed' | 'not_measured' | 'missing_data';
/** What the period counts as for credits, earn-back and scorecards; missing data counts per the contract. */
export type SlaOutcome = 'met' | 'missed' | 'not_measured';
export type SlaReason =
  | 'target_met'
  | 'target_missed'
  | 'below_minimum_volume'
  | 'zero_denominator'
  | 'no_feed'
  | 'incomplete_feed'
  | 'kpi_needs_cost_data';
export type SlaWarning = 'threshold_mismatch' | 'short_abandon_window_mismatch';

/** The SLA terms evaluation reads (contracts/sla.ts SlaTerms). */
export type SlaRule = Pick<SlaTerms, 'kpi' | 'comparator' | 'target' | 'minimumVolume' | 'missingFeed' | 'slVariant' | 'thresholdS'>;

export interface SlaPeriodRef {
  grain: PeriodGrain;
  /** "2024-03", "2024-W13" or "2024-03-31" (aggregate.ts periodKey). */
  key: string;
  /** Half-open UTC bounds [start, end). */
  start: Date;
  end: Date;
}

export function slaPeriodOf(key: string, grain: PeriodGrain, timeZone: string): SlaPeriodRef {
  return { grain, key, ...periodBounds(key, grain, timeZone) };
}

export interface IntervalCoverage {
  /** Intervals a complete feed holds for the scope and period, excluded ones left out (countExpectedIntervals). */
  expectedIntervals: number;
  /** Of those, the intervals for which a row arrived. */
  receivedIntervals: number;
}

export interface EvaluateSlaInput {
  sla: SlaRule;
  period: SlaPeriodRef;
  /** Σ components of the scope over the period, approved exclusions left out. */
  components: Components;
  coverage: IntervalCoverage;
  /**
   * Share of the expected intervals that must have data for the period to count as fed; 1 (the default)
   * means any expected interval without a row makes the period "missing data".
   */
  requiredCoverage?: number;
  /** The feed reported a threshold T other than the SLA's: evaluated anyway, with a warning. */
  hasThresholdMismatch?: boolean;
  /** The feed's short-abandon window differs from the SLA's. */
  hasShortAbandonMismatch?: boolean;
}

export interface SlaResult {
  period: SlaPeriodRef;
  kpi: KpiId;
  comparator: SlaRule['comparator'];
  target: number;
  /** Unrounded; null when there is no value (zero denominator, or no data at all). */
  value: number | null;
  status: SlaStatus;
  outcome: SlaOutcome;
  /** The volume the minimum applies to (see VOLUME_BASIS) and the minimum itself. */
  volume: number;
  minimumVolume: number;
  numerator: number;
  denominator: number;
  reason: SlaReason;
  /** For missing data: the contract's rule that decided the outcome. */
  missingFeedRule: MissingFeedRule | null;
  coverage: IntervalCoverage;
  warnings: SlaWarning[];
}

/**
 * The component a KPI's minimum volume counts: offered contacts for service level and abandonment, handled
 * for the per-handled KPIs, the survey/evaluation counts for quality KPIs. Occupancy counts handled contacts;
 * adherence counts scheduled seconds and IVR containment calls entering the IVR (no contact count applies).
 */
export const VOLUME_BASIS: Record<ComponentKpiId, ComponentName> = {
  service_level: 'offered',
  abandonment_rate: 'offered',
  asa: 'handled',
  aht: 'handled',
  transfer_rate: 'handled',
  occupancy: 'handled',
  fcr: 'fcr_eligible',
  csat: 'csat_responses',
  nps: 'nps_responses',
  qa_score: 'qa_evaluations',
  schedule_adherence: 'scheduled_s',
  ivr_containment: 'ivr_entered',
};

export function evaluateSla(input: EvaluateSlaInput): SlaResult {
  const { sla, period, components, coverage } = input;
  const warnings: SlaWarning[] = [];
  if (input.hasThresholdMismatch) warnings.push('threshold_mismatch');
  if (input.hasShortAbandonMismatch) warnings.push('short_abandon_window_mismatch');
  const base = {
    period,
    kpi: sla.kpi,
    comparator: sla.comparator,
    target: sla.target,
    minimumVolume: sla.minimumVolume,
    coverage,
    warnings,
    missingFeedRule: null,
  };

  if (sla.kpi === 'cost_per_contact') {
    // Cost per contact needs the unit's cost (billing), not interval components.
    return { ...base, value: null, status: 'not_measured', outcome: 'not_measured', volume: components.handled, numerator: 0, denominator: 0, reason: 'kpi_needs_cost_data' };
  }

  const kpi = computeKpi(sla.kpi, components, { serviceLevelVariant: sla.slVariant ?? undefined });
  const volume = components[VOLUME_BASIS[sla.kpi]];
  const measured = { ...base, value: kpi.value, volume, numerator: kpi.numerator, denominator: kpi.denominator };

  const requiredCoverage = input.requiredCoverage ?? 1;
  const isUnfed = coverage.receivedIntervals === 0 && coverage.expectedIntervals > 0;
  const isIncomplete = coverage.receivedIntervals < coverage.expectedIntervals * requiredCoverage;
  if (isUnfed || isIncomplete) {
    return {
      ...measured,
      status: 'missing_data',
      outcome: sla.missingFeed,
      reason: isUnfed ? 'no_feed' : 'incomplete_feed',
      missingFeedRule: sla.missingFeed,
    };
  }
  if (volume < sla.minimumVolume) return { ...measured, status: 'not_measured', outcome: 'not_measured', reason: 'below_minimum_volume' };
  if (kpi.value === null) return { ...measured, status: 'not_measured', outcome: 'not_measured', reason: 'zero_denominator' };

  const isMet = meetsTarget(kpi.numerator, kpi.denominator, sla.comparator, sla.target);
  return isMet
    ? { ...measured, status: 'met', outcome: 'met', reason: 'target_met' }
    : { ...measured, status: 'missed', outcome: 'missed', reason: 'target_missed' };
}

const OUTCOME_RANK: Record<SlaOutcome, number> = { not_measured: 0, met: 1, missed: 2 };

/**
 * What a day- or week-period SLA counts as for a month (credits and earn-back are monthly): missed if any
 * of its periods in the month missed, met if at least one was met and none missed, otherwise not measured.
 * A missed SLA costs its allocation once per month, however many of its days missed. Which periods belong
 * to a month is the caller's choice (a week by the month of its Thursday, as ISO weeks belong to years).
 */
export function monthlyOutcome(outcomes: Iterable<SlaOutcome>): SlaOutcome {
  let worst: SlaOutcome = 'not_measured';
  for (const outcome of outcomes) if (OUTCOME_RANK[outcome] > OUTCOME_RANK[worst]) worst = outcome;
  return worst;
}
