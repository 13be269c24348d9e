import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimal, formatDecimal, MONEY_PATTERN, moneySchema } from '#app/domain/contracts/decimal';
import { allocateProportionally, applyBasisPoints, divideRounded, type RoundingMode } from '#app/domain/sla/money';

/** A reference written differently from money.ts: exact rational comparison with the remainder. */
function referenceDivide(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  const sign = numerator < 0n ? -1n : 1n;
  const magnitude = numerator * sign;
  const floor = magnitude / denominator;
  const remainder = magnitude - floor * denominator;
  const roundsUp = mode === 'half_up' && remainder * 2n >= denominator;
  return sign * (roundsUp ? floor + 1n : floor);
}

const amount = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const mode = fc.constantFrom<RoundingMode>('half_up', 'down');

describe('money arithmetic (properties)', () => {
  it('divideRounded matches a BigInt reference for half_up and down', () => {
    fc.assert(
      fc.property(amount, fc.bigInt({ min: 1n, max: 10n ** 9n }), mode, (n, d, m) => {
        expect(divideRounded(n, d, m)).toBe(referenceDivide(n, d, m));
      }),
      { numRuns: 2000 },
    );
  });

  it('applyBasisPoints is amount × bp / 10,000 rounded once, and down never exceeds half_up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 100_000 }), (a, bp) => {
        const halfUp = applyBasisPoints(a, bp, 'half_up');
        const down = applyBasisPoints(a, bp, 'down');
        expect(halfUp).toBe(referenceDivide(a * BigInt(bp), 10_000n, 'half_up'));
        expect(down).toBe(referenceDivide(a * BigInt(bp), 10_000n, 'down'));
        expect(halfUp - down === 0n || halfUp - down === 1n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('applyBasisPoints refuses fractional or negative basis points', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: -1 }), fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x))), (bp) => {
        expect(() => applyBasisPoints(100n, bp, 'half_up')).toThrow(RangeError);
      }),
      { numRuns: 300 },
    );
  });

  it('allocateProportionally sums exactly to the total and each part is within 1 of its exact share', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 40 }), (total, weights) => {
        const parts = allocateProportionally(total, weights);
        const sum = weights.reduce((s, w) => s + w, 0n);
        expect(parts).toHaveLength(weights.length);
        if (sum === 0n) {
          expect(parts.every((p) => p === 0n)).toBe(true);
          return;
        }
        expect(parts.reduce((s, p) => s + p, 0n)).toBe(total);
        parts.forEach((part, i) => {
          // |part − total·w/Σw| < 1  ⇔  |part·Σw − total·w| < Σw
          const gap = part * sum - total * weights[i]!;
          expect(gap < sum && gap > -sum).toBe(true);
          expect(part >= 0n).toBe(true);
          if (weights[i] === 0n) expect(part).toBe(0n);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('allocateProportionally refuses negative totals or weights', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 9n), max: -1n }), (negative) => {
        expect(() => allocateProportionally(negative, [1n])).toThrow(RangeError);
        expect(() => allocateProportionally(10n, [1n, negative])).toThrow(RangeError);
      }),
      { numRuns: 100 },
    );
  });

  const decimalString = fc
    .tuple(fc.stringMatching(/^\d{1,14}$/), fc.option(fc.stringMatching(/^\d{1,4}$/)))
    .map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`));

  it('a money string parses to itself and its display form parses back to the same amount', () => {
    fc.assert(
      fc.property(decimalString, (text) => {
        expect(moneySchema.parse(text)).toBe(text);
        const shown = formatDecimal(text);
        expect(shown).toMatch(/^\d+\.\d{2,4}$/);
        const reparsed = moneySchema.parse(shown.replace(/^0+(?=\d{15})/, ''));
        expect(compareDecimal(reparsed, text)).toBe(0);
        // Thousands separators typed by a person are accepted and mean the same amount.
        const [whole, fraction] = text.split('.');
        const withGroups = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
        expect(compareDecimal(moneySchema.parse(withGroups), text)).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('compareDecimal orders like the exact scaled integers', () => {
    const scaled = (text: string) => BigInt(text.replace('.', '') + '0'.repeat(4 - (text.split('.')[1]?.length ?? 0)));
    fc.assert(
      fc.property(decimalString, decimalString, (a, b) => {
        const expected = scaled(a) === scaled(b) ? 0 : scaled(a) < scaled(b) ? -1 : 1;
        expect(compareDecimal(a, b)).toBe(expected);
        // 0 - expected, not -expected: equal decimals compare as 0, and -0 is not 0 to toBe.
        expect(compareDecimal(b, a)).toBe(0 - expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('anything that is not a plain decimal with at most 4 places is refused, never coerced', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (text) => {
        const parsed = moneySchema.safeParse(text);
        if (parsed.success) expect(parsed.data).toMatch(MONEY_PATTERN);
        else expect(parsed.error.issues[0]?.message).toBe('programs.error.invalidAmount');
      }),
      { numRuns: 1000 },
    );
  });
});
