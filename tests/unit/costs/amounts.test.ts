import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minorToMajorString, parseDecimalQuantity, parseMajorAmount, rescaleMinor } from '../../../app/domain/costs/amounts';
import { agentLabourMinor, inHouseBreakdown } from '../../../app/domain/costs/in-house';
import { addMonths, monthOfCell, monthsBetween } from '../../../app/domain/costs/months';

describe('amounts typed in major units', () => {
  it('become exact minor units, with thousands separators', () => {
    expect(parseMajorAmount('1,234,567.89', 2)).toEqual({ ok: true, minor: 123456789n });
    expect(parseMajorAmount(' 61234.5 ', 2)).toEqual({ ok: true, minor: 6123450n });
    expect(parseMajorAmount('0.1', 2)).toEqual({ ok: true, minor: 10n });
    expect(parseMajorAmount('.5', 2)).toEqual({ ok: true, minor: 50n });
    expect(parseMajorAmount('500', 0)).toEqual({ ok: true, minor: 500n });
    // Trailing zeros beyond the currency's digits are no extra precision.
    expect(parseMajorAmount('12.300', 2)).toEqual({ ok: true, minor: 1230n });
  });

  it('refuse signs, exponents, text and more decimals than the currency has', () => {
    expect(parseMajorAmount('-5', 2)).toEqual({ ok: false, error: 'costs.error.amountFormat' });
    expect(parseMajorAmount('1e6', 2)).toEqual({ ok: false, error: 'costs.error.amountFormat' });
    expect(parseMajorAmount('abc', 2)).toEqual({ ok: false, error: 'costs.error.amountFormat' });
    expect(parseMajorAmount('1.005', 2)).toEqual({ ok: false, error: 'costs.error.amountDecimals' });
    expect(parseMajorAmount('1.5', 0)).toEqual({ ok: false, error: 'costs.error.amountDecimals' });
    expect(parseMajorAmount('99999999999999', 2)).toEqual({ ok: false, error: 'costs.error.amountTooLarge' });
  });

  it('round-trip through the display string for any amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n - 1n }), fc.integer({ min: 0, max: 3 }), (minor, digits) => {
        const parsed = parseMajorAmount(minorToMajorString(minor, digits), digits);
        return parsed.ok && parsed.minor === minor;
      }),
    );
  });

  it('quantities keep at most two decimals', () => {
    expect(parseDecimalQuantity('12.50', 2, 10)).toBe('12.5');
    expect(parseDecimalQuantity('1,840', 2, 10)).toBe('1840');
    expect(parseDecimalQuantity('1.234', 2, 10)).toBeNull();
    expect(parseDecimalQuantity('-1', 2, 10)).toBeNull();
    expect(parseDecimalQuantity('', 2, 10)).toBeNull();
  });

  it('rescale between currency exponents, rounding half up', () => {
    expect(rescaleMinor(105n, 0, 2)).toBe(10500n);
    expect(rescaleMinor(10550n, 2, 0)).toBe(106n);
    expect(rescaleMinor(10549n, 2, 0)).toBe(105n);
  });
});

describe('the in-house cost model', () => {
  it('prices agent labour as FTE × loaded cost, rounded once', () => {
    // 12.5 FTE × 61,234.57 = 765,432.125 → 765,432.13 (half up)
    expect(agentLabourMinor('12.5', 6123457n)).toBe(76543213n);
    expect(agentLabourMinor('0', 6123457n)).toBe(0n);
  });

  it('adds the categories to the labour', () => {
    const b = inHouseBreakdown({
      agentFte: '10',
      productiveHours: '1400',
      loadedCostPerFteMinor: 6_000_000n,
      categories: { supervision: 900_000n, facilities: 500_000n, technology: 300_000n, telecom: 200_000n, training: 100_000n, overhead: 400_000n },
    });
    expect(b.agentLabourMinor).toBe(60_000_000n);
    expect(b.totalMinor).toBe(62_400_000n);
  });
});

describe('months', () => {
  it('step across years and list ranges', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-01')).toEqual([]);
  });
  it('read a month cell, or the date Excel makes of it', () => {
    expect(monthOfCell('2026-03')).toBe('2026-03');
    expect(monthOfCell('2026-03-01')).toBe('2026-03');
    expect(monthOfCell('2026-13')).toBeNull();
    expect(monthOfCell('March')).toBeNull();
  });
});
