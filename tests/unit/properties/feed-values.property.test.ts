import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCount, parseDuration, parseNumber, plainNumber } from '#app/domain/feeds/values';

/** Groups the digits of a whole number in threes with `separator` ("1234567" → "1,234,567"). */
function grouped(whole: bigint, separator: string): string {
  return whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

describe('number and duration parsers (properties)', () => {
  it('hh:mm:ss, mm:ss and plain seconds name the same duration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), (total) => {
        const hours = Math.floor(total / 3600);
        const minutes = Math.floor((total % 3600) / 60);
        const seconds = total % 60;
        const clock = parseDuration(`${hours}:${pad2(minutes)}:${pad2(seconds)}`);
        const twoPart = parseDuration(`${hours * 60 + minutes}:${pad2(seconds)}`);
        const plain = parseDuration(String(total));
        expect(plain).toEqual({ ok: true, value: total });
        expect(clock).toEqual(plain);
        expect(twoPart).toEqual(plain);
      }),
      { numRuns: 500 },
    );
  });

  it('a fraction of a second reads the same after a dot or a comma in a clock value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_399 }), fc.integer({ min: 0, max: 999 }), (total, ms) => {
        const clock = `${Math.floor(total / 3600)}:${pad2(Math.floor((total % 3600) / 60))}:${pad2(total % 60)}`;
        const fraction = String(ms).padStart(3, '0');
        const dot = parseDuration(`${clock}.${fraction}`);
        expect(dot).toEqual(parseDuration(`${clock},${fraction}`));
        expect(dot.ok && dot.value).toBeCloseTo(total + ms / 1000, 9);
      }),
      { numRuns: 300 },
    );
  });

  it('a decimal point file and a decimal comma file give the same numbers, grouped or not', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.option(fc.stringMatching(/^\d{1,4}$/)), fc.boolean(), (whole, fraction, useGroups) => {
        const point = (useGroups ? grouped(whole, ',') : whole.toString()) + (fraction === null ? '' : `.${fraction}`);
        const comma = (useGroups ? grouped(whole, '.') : whole.toString()) + (fraction === null ? '' : `,${fraction}`);
        const a = parseNumber(point, { decimalSeparator: '.' });
        const b = parseNumber(comma, { decimalSeparator: ',' });
        expect(a.ok).toBe(true);
        expect(b).toEqual(a);
        const expected = Number(`${whole}${fraction === null ? '' : `.${fraction}`}`);
        expect(a.ok && a.value?.value).toBe(expected);
        // The fast path agrees with the full parser whenever it takes the text.
        const fast = plainNumber(point, '.');
        if (fast >= 0) expect(fast).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('a count written either way parses to the same non-negative integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), (n) => {
        const expected = { ok: true, value: n };
        expect(parseCount(String(n))).toEqual(expected);
        expect(parseCount(grouped(BigInt(n), ','), { decimalSeparator: '.' })).toEqual(expected);
        expect(parseCount(grouped(BigInt(n), '.'), { decimalSeparator: ',' })).toEqual(expected);
        expect(parseCount(`${n}.0`)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  // Cell-like noise: digits, separators, signs, clock colons, percent, spaces and arbitrary unicode.
  const cellText = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789.,:-−+%() \u00a0eE'.split('')), maxLength: 24 }),
    fc.string({ maxLength: 24 }),
    fc.string({ unit: 'binary', maxLength: 24 }),
  );

  it('any text gives a result, never an exception, NaN or infinity', () => {
    fc.assert(
      fc.property(cellText, fc.constantFrom<'.' | ','>('.', ','), fc.constantFrom('seconds', 'minutes', 'hours', 'milliseconds') as fc.Arbitrary<'seconds'>, (text, decimalSeparator, unit) => {
        const number = parseNumber(text, { decimalSeparator });
        if (number.ok && number.value) expect(Number.isFinite(number.value.value)).toBe(true);
        if (!number.ok) expect(number.reason.code).toMatch(/^number_/);

        const count = parseCount(text, { decimalSeparator });
        if (count.ok && count.value !== null) {
          expect(Number.isInteger(count.value)).toBe(true);
          expect(count.value).toBeGreaterThanOrEqual(0);
        }

        const duration = parseDuration(text, unit, { decimalSeparator });
        if (duration.ok && duration.value !== null) {
          expect(Number.isFinite(duration.value)).toBe(true);
          expect(duration.value).toBeGreaterThanOrEqual(0);
        }
        if (!duration.ok) expect(duration.reason.code).toMatch(/^duration_/);
      }),
      { numRuns: 3000 },
    );
  });

  // KNOWN GAP (app/domain/feeds/values.ts, not this suite's to fix): a cell of more than 308 digits reads as
  // Infinity. The canonical reader still rejects the row (checkConsistency's non_finite_value, see
  // canonical-csv.property.test.ts); this expected failure flips once the parsers cap their digits.
  it.fails('a number too long for a double is an error, not Infinity', () => {
    const huge = '9'.repeat(400);
    expect(parseNumber(huge).ok).toBe(false);
    expect(parseDuration(huge).ok).toBe(false);
  });
});
