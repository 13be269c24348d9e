import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { amortisationSchedule, amortisedInMonth } from '../../../app/domain/costs/amortisation';

describe('transition costs amortised over N months', () => {
  it('give the remainder to the first month', () => {
    // 1,000.00 over 3 months: 333.34 + 333.33 + 333.33
    expect(amortisationSchedule(100_000n, '2025-11', 3)).toEqual([
      { month: '2025-11', amountMinor: 33_334n },
      { month: '2025-12', amountMinor: 33_333n },
      { month: '2026-01', amountMinor: 33_333n },
    ]);
  });

  it('sum to the amount exactly for any amount and period, and agree month by month', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 1, max: 120 }), (amount, months) => {
        const schedule = amortisationSchedule(amount, '2024-07', months);
        const cost = { amountMinor: amount, startMonth: '2024-07', amortisationMonths: months };
        return (
          schedule.length === months &&
          schedule.reduce((s, m) => s + m.amountMinor, 0n) === amount &&
          schedule.every((m) => m.amountMinor === amortisedInMonth(cost, m.month) && m.amountMinor >= 0n)
        );
      }),
    );
  });

  it('is nothing outside its months', () => {
    const cost = { amountMinor: 1_200_000n, startMonth: '2026-01', amortisationMonths: 12 };
    expect(amortisedInMonth(cost, '2025-12')).toBe(0n);
    expect(amortisedInMonth(cost, '2027-01')).toBe(0n);
    expect(amortisedInMonth(cost, '2026-12')).toBe(100_000n);
  });

  it('refuses zero months and negative amounts', () => {
    expect(() => amortisationSchedule(100n, '2026-01', 0)).toThrow(RangeError);
    expect(() => amortisationSchedule(-1n, '2026-01', 2)).toThrow(RangeError);
  });
});
