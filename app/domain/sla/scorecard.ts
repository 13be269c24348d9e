import type { Comparator } from '../contracts/sla';
import type { KpiId } from '../kpi/catalog';
import type { SlaOutcome } from './evaluate';

/**
 * A vendor's monthly scorecard: every SLA's attainment and one weighted overall score.
 *
 *  weight  = the SLA's allocation (bp) for a critical SLA; keyWeightBp (default 1,000 bp = 10 %) for a key
 *            measurement, so a key measurement counts, but less than a typically allocated critical SLA
 *            (15-40 %); with key measurements only (in-house targets) every SLA weighs the same.
 *  score   = Σ weight × (met ? 1 : 0) / Σ weight over the MEASURED SLAs (outcome met or missed); null when
 *            nothing was measured. Missing data counts as the contract's missing-feed rule made it.
 *  margin  = value − target for a ≥ SLA, target − value for a ≤ SLA: positive is better than the target,
 *            in the KPI's own unit (0.023 = 2.3 points of service level, -4 = 4 s over an ASA target).
 */
export interface ScorecardSlaInput {
  slaId: string;
  kpi: KpiId;
  comparator: Comparator;
  target: number;
  isCritical: boolean;
  allocationBp: number | null;
  value: number | null;
  outcome: SlaOutcome;
}

export interface ScorecardLine {
  slaId: string;
  kpi: KpiId;
  outcome: SlaOutcome;
  value: number | null;
  target: number;
  /** Signed margin in the SLA's direction; null without a value. */
  margin: number | null;
  weightBp: number;
  /** Whether the line enters the overall score. */
  isScored: boolean;
}

export interface Scorecard {
  lines: ScorecardLine[];
  /** 0..1; null when no SLA was measured. */
  score: number | null;
  metWeightBp: number;
  measuredWeightBp: number;
}

export const DEFAULT_KEY_WEIGHT_BP = 1_000;

export function attainmentMargin(comparator: Comparator, value: number | null, target: number): number | null {
  if (value === null) return null;
  return comparator === 'gte' ? value - target : target - value;
}

export function computeScorecard(slas: readonly ScorecardSlaInput[], keyWeightBp: number = DEFAULT_KEY_WEIGHT_BP): Scorecard {
  let metWeightBp = 0;
  let measuredWeightBp = 0;
  const lines = slas.map((sla): ScorecardLine => {
    const weightBp = sla.isCritical ? (sla.allocationBp ?? 0) : keyWeightBp;
    const isScored = sla.outcome !== 'not_measured' && weightBp > 0;
    if (isScored) {
      measuredWeightBp += weightBp;
      if (sla.outcome === 'met') metWeightBp += weightBp;
    }
    return {
      slaId: sla.slaId,
      kpi: sla.kpi,
      outcome: sla.outcome,
      value: sla.value,
      target: sla.target,
      margin: attainmentMargin(sla.comparator, sla.value, sla.target),
      weightBp,
      isScored,
    };
  });
  return { lines, score: measuredWeightBp > 0 ? metWeightBp / measuredWeightBp : null, metWeightBp, measuredWeightBp };
}
