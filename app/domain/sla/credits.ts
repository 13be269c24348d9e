import { applyBasisPoints, allocateProportionally, divideRounded, type RoundingMode } from './money';
import type { SlaOutcome } from './evaluate';

/**
 * A month's service credits for one contract (DOMAIN.md "SLAs and service credits"), money in integer minor
 * units of the contract currency.
 *
 *  at-risk amount = invoice before credits × at-risk bp / 10,000                       (rounded once)
 *  a missed critical SLA's credit = at-risk amount × category bp × allocation bp / 10^8 (rounded once)
 *  the month's credits ≤ the at-risk amount; key measurements, met and not-measured SLAs carry none.
 *
 * DOMAIN.md's worked example (a public state contract) has three factors: 50 % × 40 % × ($100,000 × 10 %) =
 * $2,000. 10 % is the at-risk share, 40 % the SLA's credit allocation, and 50 % the allocation of the pool to
 * the SLA's performance category. Our contract terms carry one allocation per SLA, so the category share is
 * an optional factor (categoryBp, 100 % when absent): a contract without categories enters 50 % × 40 % = 20 %
 * as the SLA's allocation and gets the same $2,000.
 *
 * Over the cap, every line is reduced in proportion to its uncapped amount, with the largest-remainder
 * method so that the lines add up to the at-risk amount to the minor unit; each line states its reduction.
 */
export interface CreditSlaInput {
  slaId: string;
  isCritical: boolean;
  /** The SLA's share of the at-risk amount; null for key measurements. */
  allocationBp: number | null;
  /** The share of the pool given to the SLA's performance category, when the contract has categories. */
  categoryBp?: number;
  /** The month's outcome (SlaResult.outcome, or monthlyOutcome for day/week SLAs). */
  outcome: SlaOutcome;
}

export interface ComputeCreditsInput {
  /** The month's invoice amount before credits, minor units. */
  invoiceAmountMinor: bigint;
  atRiskBp: number;
  /** The most the critical SLAs' allocations may add up to (checked: the contract schema refuses more). */
  poolBp: number;
  /** Every SLA of the contract version for the month, met or not, in a stable order. */
  slas: readonly CreditSlaInput[];
  /** The contract's rounding rule; half-up to the minor unit by default. */
  rounding?: RoundingMode;
}

export interface CreditLine {
  slaId: string;
  isCritical: boolean;
  allocationBp: number | null;
  categoryBp: number;
  outcome: SlaOutcome;
  /** What the miss costs before the cap. */
  uncappedMinor: bigint;
  /** How much the cap took off this line (0 when not capped). */
  capReductionMinor: bigint;
  /** The credit levied: uncapped - cap reduction. */
  amountMinor: bigint;
}

export interface MonthCredits {
  invoiceAmountMinor: bigint;
  atRiskMinor: bigint;
  /** One line per SLA of the input, in its order; lines of met/key/not-measured SLAs are 0. */
  lines: CreditLine[];
  uncappedTotalMinor: bigint;
  capReductionMinor: bigint;
  totalMinor: bigint;
  isCapped: boolean;
  rounding: RoundingMode;
}

const FULL_BP = 10_000;

export function computeAtRiskAmount(invoiceAmountMinor: bigint, atRiskBp: number, rounding: RoundingMode = 'half_up'): bigint {
  if (invoiceAmountMinor < 0n) throw new RangeError('the invoice amount before credits cannot be negative');
  return applyBasisPoints(invoiceAmountMinor, atRiskBp, rounding);
}

export function computeMonthCredits(input: ComputeCreditsInput): MonthCredits {
  const rounding = input.rounding ?? 'half_up';
  const atRiskMinor = computeAtRiskAmount(input.invoiceAmountMinor, input.atRiskBp, rounding);

  const allocatedBp = input.slas.reduce((sum, sla) => sum + (sla.isCritical ? (sla.allocationBp ?? 0) : 0), 0);
  if (allocatedBp > input.poolBp) throw new RangeError(`critical allocations ${allocatedBp} bp exceed the pool ${input.poolBp} bp`);

  const uncapped = input.slas.map((sla) => {
    if (!sla.isCritical || sla.outcome !== 'missed' || sla.allocationBp === null) return 0n;
    const categoryBp = sla.categoryBp ?? FULL_BP;
    if (!Number.isInteger(sla.allocationBp) || sla.allocationBp < 0 || !Number.isInteger(categoryBp) || categoryBp < 0) {
      throw new RangeError(`SLA ${sla.slaId}: allocations are non-negative integer basis points`);
    }
    // One rounding for the product, so 50 % × 40 % is exactly 20 % of the at-risk amount.
    return divideRounded(atRiskMinor * BigInt(categoryBp) * BigInt(sla.allocationBp), BigInt(FULL_BP * FULL_BP), rounding);
  });
  const uncappedTotalMinor = uncapped.reduce((sum, amount) => sum + amount, 0n);
  const isCapped = uncappedTotalMinor > atRiskMinor;
  const levied = isCapped ? allocateProportionally(atRiskMinor, uncapped) : uncapped;

  const lines = input.slas.map((sla, i): CreditLine => {
    const before = uncapped[i] ?? 0n;
    const after = levied[i] ?? 0n;
    return {
      slaId: sla.slaId,
      isCritical: sla.isCritical,
      allocationBp: sla.allocationBp,
      categoryBp: sla.categoryBp ?? FULL_BP,
      outcome: sla.outcome,
      uncappedMinor: before,
      capReductionMinor: before - after,
      amountMinor: after,
    };
  });
  const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0n);
  return {
    invoiceAmountMinor: input.invoiceAmountMinor,
    atRiskMinor,
    lines,
    uncappedTotalMinor,
    capReductionMinor: uncappedTotalMinor - totalMinor,
    totalMinor,
    isCapped,
    rounding,
  };
}
