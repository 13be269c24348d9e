import { describe, expect, it } from 'vitest';
import { costPerContact, costPerHandledMinute, explainGap, splitByVolume, splitByWorkload } from '../../../app/domain/costs/comparison';

describe('cost per contact and per handled minute', () => {
  it('are exact rationals rounded half up once', () => {
    // 1,000,000.00 TWD over 30,000 contacts = 33.333… → 33.33
    expect(costPerContact(100_000_000n, 30_000)).toEqual({ exact: { numerator: 100_000_000n, denominator: 30_000n }, roundedMinor: 3_333n });
    // 2 minor units over 4 contacts = 0.5 → 1 (half up)
    expect(costPerContact(2n, 4)!.roundedMinor).toBe(1n);
    // 1,000,000.00 over 150,000 handled minutes (9,000,000 s) = 6.666… → 6.67
    expect(costPerHandledMinute(100_000_000n, 9_000_000)!.roundedMinor).toBe(667n);
    // Fractional seconds count in milliseconds: 60.5 s = 1.008333 min; 100.00 / that = 99.17
    expect(costPerHandledMinute(10_000n, 60.5)!.roundedMinor).toBe(9_917n);
  });

  it('are "no data" without volume', () => {
    expect(costPerContact(5n, 0)).toBeNull();
    expect(costPerHandledMinute(5n, 0)).toBeNull();
  });
});

describe('splitting a cost', () => {
  it('over channels by handled minutes sums exactly', () => {
    const parts = splitByWorkload(1_000n, new Map([['voice', 200], ['chat', 100]]));
    expect(parts.get('voice')).toBe(667n);
    expect(parts.get('chat')).toBe(333n);
  });
  it('over units by handled volume, equally when nothing was handled', () => {
    expect(splitByVolume(1_001n, [1, 1, 0])).toEqual([501n, 500n, 0n]);
    expect(splitByVolume(10n, [0, 0, 0])).toEqual([4n, 3n, 3n]);
  });
});

describe('explaining a gap in cost per contact', () => {
  it('names a shorter AHT and prices the other unit at the reference minutes', () => {
    // In-house: 1,020,000.00 for 3,000 contacts at AHT 340 s (1,020,000 s): 340.00 per contact, 60.00 per minute.
    // Vendor: 720,000.00 for 3,000 contacts at AHT 240 s (720,000 s): 240.00 per contact, 60.00 per minute.
    const gap = explainGap(
      { totalMinor: 102_000_000n, handled: 3_000, handleSeconds: 1_020_000, mix: new Map([['voice', 1]]) },
      { totalMinor: 72_000_000n, handled: 3_000, handleSeconds: 720_000, mix: new Map([['voice', 1]]) },
    )!;
    expect(gap.referenceAht).toBe(340);
    expect(gap.otherAht).toBe(240);
    expect(gap.minutesPerContactChange).toBeCloseTo(-100 / 340, 10);
    expect(gap.isAhtDifferent).toBe(true);
    expect(gap.costPerContactGapMinor).toBe(-10_000n);
    expect(gap.costPerMinuteGapMinor).toBe(0n);
    // At 340 s per contact the vendor's minutes cost as much as in-house: 340.00.
    expect(gap.otherAtReferenceAhtMinor).toBe(34_000n);
    expect(gap.mixGap).toBeNull();
  });

  it('names the channel whose share differs most', () => {
    const gap = explainGap(
      { totalMinor: 1_000n, handled: 10, handleSeconds: 3_000, mix: new Map([['voice', 1]]) },
      { totalMinor: 1_000n, handled: 10, handleSeconds: 3_100, mix: new Map([['voice', 0.7], ['chat', 0.3]]) },
    )!;
    expect(gap.isAhtDifferent).toBe(false);
    expect(gap.mixGap).toEqual({ channel: 'voice', reference: 1, other: 0.7 });
  });

  it('has nothing to say without volume', () => {
    expect(explainGap({ totalMinor: 1n, handled: 0, handleSeconds: 0, mix: new Map() }, { totalMinor: 1n, handled: 1, handleSeconds: 1, mix: new Map() })).toBeNull();
  });
});
