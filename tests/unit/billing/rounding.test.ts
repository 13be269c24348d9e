import { describe, expect, it } from 'vitest';
import { divideRound, formatScaled, parseScaled } from '../../../app/domain/billing/rounding';
import { addMonths } from '../../../app/domain/billing/months';

describe('divideRound', () => {
  it.each([
    [5n, 10n, 1n, 0n, 0n], //     0.5
    [15n, 10n, 2n, 2n, 1n], //    1.5
    [25n, 10n, 3n, 2n, 2n], //    2.5
    [26n, 10n, 3n, 3n, 2n], //    2.6
    [-5n, 10n, -1n, 0n, 0n], //   -0.5
    [-25n, 10n, -3n, -2n, -2n], // -2.5
    [-26n, 10n, -3n, -3n, -2n],
    [7n, -2n, -4n, -4n, -3n], //  -3.5 with a negative denominator
  ])('%s / %s', (n, d, halfUp, halfEven, down) => {
    expect(divideRound(n, d, 'half_up')).toBe(halfUp);
    expect(divideRound(n, d, 'half_even')).toBe(halfEven);
    expect(divideRound(n, d, 'down')).toBe(down);
  });
  it('refuses a zero denominator', () => expect(() => divideRound(1n, 0n, 'half_up')).toThrow(RangeError));
});

describe('decimal strings', () => {
  it('parses and formats exactly', () => {
    expect(parseScaled('45.0000', 4)).toBe(450_000n);
    expect(parseScaled('-1.5', 2)).toBe(-150n);
    expect(() => parseScaled('1.23456', 4)).toThrow(RangeError);
    expect(() => parseScaled('abc', 2)).toThrow(RangeError);
    expect(formatScaled(-5n, 2)).toBe('-0.05');
    expect(formatScaled(123_456n, 2)).toBe('1234.56');
    expect(formatScaled(7n, 0)).toBe('7');
  });
  it('steps months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-03', -14)).toBe('2025-01');
  });
});
