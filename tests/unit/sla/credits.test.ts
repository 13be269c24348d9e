import { describe, expect, it } from 'vitest';
import { computeAtRiskAmount, computeMonthCredits, type CreditSlaInput } from '../../../app/domain/sla/credits';
import { allocateProportionally, divideRounded } from '../../../app/domain/sla/money';
import { randomInt, seededRandom } from '../seeded-random';

const DOLLARS = (amount: number) => BigInt(amount) * 100n; // minor units (cents)
const missed = (slaId: string, allocationBp: number, extra: Partial<CreditSlaInput> = {}): CreditSlaInput => ({ slaId, isCritical: true, allocationBp, outcome: 'missed', ...extra });

describe("DOMAIN.md's worked example: 50 % × 40 % × ($100,000 × 10 %) = $2,000", () => {
  it('with the performance category share as its own factor', () => {
    const credits = computeMonthCredits({
      invoiceAmountMinor: DOLLARS(100_000),
      atRiskBp: 1_000, // 10 % of the invoice is at risk: $10,000
      poolBp: 25_000,
      slas: [missed('service-level', 4_000, { categoryBp: 5_000 })], // 40 % allocation in a category given 50 % of the pool
    });
    expect(credits.atRiskMinor).toBe(DOLLARS(10_000));
    expect(credits.lines[0]).toMatchObject({ uncappedMinor: DOLLARS(2_000), capReductionMinor: 0n, amountMinor: DOLLARS(2_000) });
    expect(credits.totalMinor).toBe(DOLLARS(2_000));
    expect(credits.isCapped).toBe(false);
  });

  it('the same $2,000 when the contract enters 50 % × 40 % = 20 % as the SLA allocation', () => {
    const credits = computeMonthCredits({ invoiceAmountMinor: DOLLARS(100_000), atRiskBp: 1_000, poolBp: 10_000, slas: [missed('service-level', 2_000)] });
    expect(credits.totalMinor).toBe(DOLLARS(2_000));
  });
});

describe('only missed critical SLAs cost money', () => {
  it('key measurements, met and not-measured critical SLAs carry none', () => {
    const credits = computeMonthCredits({
      invoiceAmountMinor: DOLLARS(100_000),
      atRiskBp: 1_200,
      poolBp: 10_000,
      slas: [
        missed('sl', 3_000),
        { slaId: 'abandonment', isCritical: true, allocationBp: 3_000, outcome: 'met' },
        { slaId: 'asa', isCritical: true, allocationBp: 2_000, outcome: 'not_measured' },
        { slaId: 'csat', isCritical: false, allocationBp: null, outcome: 'missed' },
      ],
    });
    expect(credits.atRiskMinor).toBe(DOLLARS(12_000));
    expect(credits.lines.map((l) => [l.slaId, l.amountMinor])).toEqual([
      ['sl', DOLLARS(3_600)],
      ['abandonment', 0n],
      ['asa', 0n],
      ['csat', 0n],
    ]);
    expect(credits.totalMinor).toBe(DOLLARS(3_600));
  });

  it('refuses allocations above the pool (the contract schema does too)', () => {
    expect(() => computeMonthCredits({ invoiceAmountMinor: 1n, atRiskBp: 1_000, poolBp: 10_000, slas: [missed('a', 6_000), missed('b', 5_000)] })).toThrow(/pool/);
  });
});

describe('the cap: the month never credits more than the at-risk amount', () => {
  it('150 % of equal allocations: $15,000 uncapped becomes exactly $10,000, the odd cent to the first line', () => {
    const credits = computeMonthCredits({
      invoiceAmountMinor: DOLLARS(100_000),
      atRiskBp: 1_000,
      poolBp: 15_000,
      slas: [missed('sl', 5_000), missed('abandonment', 5_000), missed('asa', 5_000)],
    });
    expect(credits.uncappedTotalMinor).toBe(DOLLARS(15_000));
    expect(credits.isCapped).toBe(true);
    expect(credits.lines.map((l) => l.amountMinor)).toEqual([333_334n, 333_333n, 333_333n]);
    expect(credits.lines.map((l) => l.capReductionMinor)).toEqual([166_666n, 166_667n, 166_667n]);
    expect(credits.totalMinor).toBe(DOLLARS(10_000));
    expect(credits.capReductionMinor).toBe(DOLLARS(5_000));
  });

  it('150 % of unequal allocations on an odd invoice: proportional, largest remainder, adds up to the cent', () => {
    // $12,345.67 invoice, 10 % at risk = $1,234.567 → $1,234.57 (half-up).
    // Uncapped: 70 % → 86,419.9 → 86,420; 50 % → 61,728.5 → 61,729; 30 % → 37,037.1 → 37,037; Σ 185,186.
    // Capped: 123,457 × line / 185,186 = 57,613.18 | 41,152.56 | 24,691.27 → floors Σ 123,456; the cent
    // left goes to the largest remainder (the second line).
    const credits = computeMonthCredits({
      invoiceAmountMinor: 1_234_567n,
      atRiskBp: 1_000,
      poolBp: 15_000,
      slas: [missed('sl', 7_000), missed('abandonment', 5_000), missed('fcr', 3_000)],
    });
    expect(credits.atRiskMinor).toBe(123_457n);
    expect(credits.lines.map((l) => l.uncappedMinor)).toEqual([86_420n, 61_729n, 37_037n]);
    expect(credits.lines.map((l) => l.amountMinor)).toEqual([57_613n, 41_153n, 24_691n]);
    expect(credits.lines.map((l) => l.capReductionMinor)).toEqual([28_807n, 20_576n, 12_346n]);
    expect(credits.totalMinor).toBe(123_457n);
    expect(credits.capReductionMinor).toBe(185_186n - 123_457n);
  });

  it('leaves the lines alone below the cap', () => {
    const credits = computeMonthCredits({ invoiceAmountMinor: DOLLARS(100_000), atRiskBp: 1_000, poolBp: 15_000, slas: [missed('a', 6_000), missed('b', 4_000)] });
    expect(credits.isCapped).toBe(false);
    expect(credits.totalMinor).toBe(DOLLARS(10_000));
  });
});

describe('rounding to the minor unit, a contract term', () => {
  it('half-up by default, down on request', () => {
    // 1,234,565 × 10 % = 123,456.5
    expect(computeAtRiskAmount(1_234_565n, 1_000)).toBe(123_457n);
    expect(computeAtRiskAmount(1_234_565n, 1_000, 'down')).toBe(123_456n);
    expect(computeAtRiskAmount(1_234_564n, 1_000)).toBe(123_456n); // .4 rounds down either way
    const down = computeMonthCredits({ invoiceAmountMinor: 1_234_567n, atRiskBp: 1_000, poolBp: 10_000, slas: [missed('sl', 7_000)], rounding: 'down' });
    expect(down.atRiskMinor).toBe(123_456n);
    expect(down.lines[0]?.amountMinor).toBe(86_419n); // 86,419.2
    const halfUp = computeMonthCredits({ invoiceAmountMinor: 1_234_567n, atRiskBp: 1_000, poolBp: 10_000, slas: [missed('sl', 5_000)] });
    expect(halfUp.lines[0]?.amountMinor).toBe(61_729n); // 61,728.5
  });

  it('divideRounded rounds halves away from zero', () => {
    expect(divideRounded(5n, 2n, 'half_up')).toBe(3n);
    expect(divideRounded(-5n, 2n, 'half_up')).toBe(-3n);
    expect(divideRounded(5n, 2n, 'down')).toBe(2n);
    expect(() => divideRounded(1n, 0n, 'down')).toThrow();
  });
});

describe('allocateProportionally', () => {
  it('always adds up exactly and never gives a part more than its weight when scaling down', () => {
    const random = seededRandom(7);
    for (let run = 0; run < 500; run += 1) {
      const weights = Array.from({ length: randomInt(random, 1, 8) }, () => BigInt(randomInt(random, 0, 1_000_000)));
      const sum = weights.reduce((a, w) => a + w, 0n);
      const total = sum === 0n ? 0n : BigInt(randomInt(random, 0, Number(sum)));
      const parts = allocateProportionally(total, weights);
      expect(parts.reduce((a, p) => a + p, 0n)).toBe(total);
      parts.forEach((part, i) => expect(part <= (weights[i] ?? 0n)).toBe(true));
    }
  });
});
