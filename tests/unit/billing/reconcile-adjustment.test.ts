import { describe, expect, it } from 'vitest';
import { reconcile, type ComputedLineInput, type VendorLineInput } from '../../../app/domain/billing/reconcile';

/** Three usage lines, the adjustment accepted with the vendor's invoice, and (optionally) a manual one. */
const usage = (i: number, amountMinor: bigint): ComputedLineInput => ({ position: i, kind: 'usage', lineKey: `usage:q${i}`, description: `Handled contacts, queue ${i}`, quantity: '100.0000', rate: '45.000000', amountMinor });
const item = (position: number, id: string, amountMinor: bigint): ComputedLineInput => ({ position, kind: 'adjustment', lineKey: `adjustment:${id}`, description: `Item ${id}`, quantity: '1.0000', rate: null, amountMinor });
const asVendor = (c: ComputedLineInput, amountMinor = c.amountMinor): VendorLineInput => ({ position: c.position, lineKey: c.lineKey, description: c.description, quantity: c.quantity, rate: c.rate, amountMinor });
const sum = (lines: { amountMinor: bigint }[]) => lines.reduce((s, l) => s + l.amountMinor, 0n);
const totalsOf = (lines: { amountMinor: bigint }[]) => ({ subtotalMinor: sum(lines), taxMinor: 0n, totalMinor: sum(lines) });

const lines = [usage(1, 450_000n), usage(2, 450_000n), usage(3, 450_000n)];
// The vendor bills queue 2 for 20.00 more and adds a line of its own of 5.00: 25.00 more in all.
const vendor = [asVendor(lines[0]!), asVendor(lines[1]!, 452_000n), asVendor(lines[2]!), { position: 4, lineKey: null, description: 'Weekend training', quantity: null, rate: null, amountMinor: 500n }];
const run = (computed: ComputedLineInput[], acceptedAdjustmentKey: string | null, toleranceMinor = 0n) =>
  reconcile({ computed: { lines: computed, totals: totalsOf(computed) }, vendor: { lines: vendor, totals: totalsOf(vendor) }, toleranceMinor, acceptedAdjustmentKey });
const view = (r: ReturnType<typeof run>) => r.rows.map((row) => [row.computed?.lineKey ?? row.vendor?.description, row.status, row.matchedBy, row.amountDiffMinor, row.isFlagged, row.settledByAdjustment]);

describe('the adjustment accepted with the vendor invoice', () => {
  it('answers the vendor net difference: nothing flagged, the differences shown as settled, the totals agree', () => {
    const r = run([...lines, item(4, 'acc', 2_500n)], 'adjustment:acc');
    expect(view(r)).toEqual([
      ['usage:q1', 'agrees', 'line_key', 0n, false, false],
      ['usage:q2', 'differs', 'line_key', 2_000n, false, true],
      ['usage:q3', 'agrees', 'line_key', 0n, false, false],
      ['adjustment:acc', 'agrees', 'accepted_adjustment', 0n, false, false],
      ['Weekend training', 'missing_on_computed', null, 500n, false, true],
    ]);
    expect(r.rows[3]!.vendorFigureMinor).toBe(2_500n);
    expect(r.totals.total).toMatchObject({ diffMinor: 0n, isFlagged: false });
    expect(r.flaggedLineCount).toBe(0);
    expect(r.isClean).toBe(true);
  });

  it('without the link, the same adjustment is missing on the vendor and the differences stay flagged', () => {
    const r = run([...lines, item(4, 'acc', 2_500n)], null);
    expect(r.rows.filter((row) => row.isFlagged).map((row) => [row.computed?.lineKey ?? row.vendor?.description, row.status])).toEqual([
      ['usage:q2', 'differs'],
      ['adjustment:acc', 'missing_on_vendor'],
      ['Weekend training', 'missing_on_computed'],
    ]);
    expect(r.totals.total.isFlagged).toBe(false);
  });

  it('an adjustment that answers only part of the difference is flagged by what it leaves, and settles nothing', () => {
    const r = run([...lines, item(4, 'acc', 2_000n)], 'adjustment:acc');
    const adjustment = r.rows.find((row) => row.matchedBy === 'accepted_adjustment')!;
    expect(adjustment).toMatchObject({ status: 'differs', vendorFigureMinor: 2_500n, amountDiffMinor: 500n, isFlagged: true });
    expect(r.rows.filter((row) => row.isFlagged)).toHaveLength(3);
    expect(r.rows.some((row) => row.settledByAdjustment)).toBe(false);
    // Within the tolerance it settles them.
    expect(run([...lines, item(4, 'acc', 2_000n)], 'adjustment:acc', 500n).isClean).toBe(true);
  });

  it('an unrelated manual adjustment is left out of the vendor figure and still shows as a difference', () => {
    const r = run([...lines, item(4, 'acc', 2_500n), item(5, 'manual', 10_000n)], 'adjustment:acc');
    expect(r.rows.find((row) => row.matchedBy === 'accepted_adjustment')).toMatchObject({ status: 'agrees', vendorFigureMinor: 2_500n, isFlagged: false });
    expect(r.rows.filter((row) => row.isFlagged).map((row) => [row.computed?.lineKey, row.status, row.amountDiffMinor])).toEqual([['adjustment:manual', 'missing_on_vendor', -10_000n]]);
    expect(r.totals.total).toMatchObject({ diffMinor: -10_000n, isFlagged: true });
  });

  it('a key that names no computed line (the draft not recomputed yet) changes nothing', () => {
    expect(view(run(lines, 'adjustment:gone'))).toEqual(view(run(lines, null)));
  });
});
