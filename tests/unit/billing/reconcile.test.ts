import { describe, expect, it } from 'vitest';
import { matchLines, normaliseDescription, reconcile, type ComputedLineInput, type VendorLineInput } from '../../../app/domain/billing/reconcile';
import { decimalDifference } from '../../../app/domain/billing/reconcile-decimal';

const computedLine = (i: number, amountMinor: bigint, over: Partial<ComputedLineInput> = {}): ComputedLineInput => ({
  position: i,
  lineKey: `usage:per_handled_contact:voice:q${i}`,
  description: `Handled contacts, queue ${i}`,
  quantity: `${1000 + i}.0000`,
  rate: '45.000000',
  amountMinor,
  ...over,
});
const vendorLine = (c: ComputedLineInput, over: Partial<VendorLineInput> = {}): VendorLineInput => ({
  position: c.position,
  lineKey: c.lineKey,
  description: c.description,
  quantity: c.quantity,
  rate: c.rate,
  amountMinor: c.amountMinor,
  ...over,
});
const totals = (lines: { amountMinor: bigint }[], taxMinor = 0n) => {
  const sum = lines.reduce((s, l) => s + l.amountMinor, 0n);
  return { subtotalMinor: sum, taxMinor, totalMinor: sum + taxMinor };
};

describe('one wrong line among many', () => {
  const computed = Array.from({ length: 40 }, (_, i) => computedLine(i + 1, BigInt(4_500_000 + i * 137)));
  const vendor = computed.map((c) => vendorLine(c));
  vendor[22] = { ...vendor[22]!, quantity: '1024.0000', amountMinor: vendor[22]!.amountMinor + 4_500n };

  it('flags exactly that line, with its amount and quantity differences', () => {
    const result = reconcile({ computed: { lines: computed, totals: totals(computed) }, vendor: { lines: vendor, totals: totals(vendor) }, toleranceMinor: 0n });
    expect(result.mode).toBe('lines');
    const flagged = result.rows.filter((r) => r.isFlagged);
    expect(flagged.map((r) => r.computed?.position)).toEqual([23]);
    expect(flagged[0]).toMatchObject({ status: 'differs', matchedBy: 'line_key', amountDiffMinor: 4_500n, quantityDiff: '1', rateDiff: '0' });
    expect(result.rows.filter((r) => r.status === 'agrees')).toHaveLength(39);
    expect(result.flaggedLineCount).toBe(1);
    expect(result.totals.total).toMatchObject({ diffMinor: 4_500n, isFlagged: true });
    expect(result.isClean).toBe(false);
  });

  it('is clean when every line agrees', () => {
    const same = computed.map((c) => vendorLine(c));
    const result = reconcile({ computed: { lines: computed, totals: totals(computed) }, vendor: { lines: same, totals: totals(same) }, toleranceMinor: 0n });
    expect(result.rows.every((r) => r.status === 'agrees' && !r.isFlagged)).toBe(true);
    expect(result.isClean).toBe(true);
  });
});

describe('tolerance', () => {
  const computed = [computedLine(1, 100_000n), computedLine(2, 200_000n), computedLine(3, 300_000n)];
  it('a difference within the tolerance is shown but not flagged; one unit beyond it is', () => {
    const vendor = [vendorLine(computed[0]!, { amountMinor: 100_050n }), vendorLine(computed[1]!, { amountMinor: 199_950n }), vendorLine(computed[2]!, { amountMinor: 300_051n })];
    const result = reconcile({ computed: { lines: computed, totals: totals(computed) }, vendor: { lines: vendor, totals: totals(vendor) }, toleranceMinor: 50n });
    expect(result.rows.map((r) => [r.status, r.amountDiffMinor, r.isFlagged])).toEqual([
      ['differs', 50n, false],
      ['differs', -50n, false],
      ['differs', 51n, true],
    ]);
    expect(result.totals.total).toMatchObject({ diffMinor: 51n, isFlagged: true });
  });
  it('a zero tolerance flags a one-minor-unit difference', () => {
    const vendor = [vendorLine(computed[0]!, { amountMinor: 100_001n })];
    const rows = matchLines(computed.slice(0, 1), vendor, 0n);
    expect(rows[0]).toMatchObject({ isFlagged: true, amountDiffMinor: 1n });
  });
  it('refuses a negative tolerance', () => {
    expect(() => reconcile({ computed: null, vendor: { lines: [], totals: { subtotalMinor: null, taxMinor: null, totalMinor: 0n } }, toleranceMinor: -1n })).toThrow(RangeError);
  });
});

describe('matching', () => {
  it('falls back to the normalised description when the vendor gives no key, then reports the rest missing on each side', () => {
    const computed = [computedLine(1, 1000n), computedLine(2, 2000n, { description: 'Handled minutes – Chat' }), computedLine(3, 3000n, { description: 'Telecom pass-through' })];
    const vendor: VendorLineInput[] = [
      { position: 1, lineKey: null, description: '  HANDLED minutes chat ', quantity: null, rate: null, amountMinor: 2000n },
      { position: 2, lineKey: 'usage:per_handled_contact:voice:q1', description: 'whatever', quantity: '1001', rate: '45', amountMinor: 1000n },
      { position: 3, lineKey: null, description: 'Training fee', quantity: null, rate: null, amountMinor: 700n },
    ];
    const rows = matchLines(computed, vendor, 0n);
    expect(rows.map((r) => [r.computed?.position ?? null, r.vendor?.position ?? null, r.matchedBy, r.status, r.isFlagged])).toEqual([
      [1, 2, 'line_key', 'agrees', false],
      [2, 1, 'description', 'agrees', false],
      [3, null, null, 'missing_on_vendor', true],
      [null, 3, null, 'missing_on_computed', true],
    ]);
    expect(rows[2]!.amountDiffMinor).toBe(-3000n);
    expect(rows[3]!.amountDiffMinor).toBe(700n);
    // Quantities "1001" and "1001.0000" are the same number.
    expect(rows[0]!.quantityDiff).toBe('0');
  });

  it('uses each computed line once: a repeated key falls back to description, else it is missing', () => {
    const computed = [computedLine(1, 1000n)];
    const vendor: VendorLineInput[] = [
      { position: 1, lineKey: computed[0]!.lineKey, description: 'a', quantity: null, rate: null, amountMinor: 1000n },
      { position: 2, lineKey: computed[0]!.lineKey, description: 'b', quantity: null, rate: null, amountMinor: 1000n },
    ];
    const rows = matchLines(computed, vendor, 0n);
    expect(rows.map((r) => r.status)).toEqual(['agrees', 'missing_on_computed']);
  });

  it('does not flag a missing line of zero amount (it changes no money)', () => {
    const computed = [computedLine(1, 1000n), computedLine(2, 0n, { lineKey: 'sla_credit:all', description: 'SLA credits' })];
    const rows = matchLines(computed, [vendorLine(computed[0]!)], 0n);
    expect(rows[1]).toMatchObject({ status: 'missing_on_vendor', isFlagged: false });
  });

  it('reports a rate difference that explains an amount difference', () => {
    const c = computedLine(1, 4_500_000n, { quantity: '1000.0000', rate: '45.000000' });
    const rows = matchLines([c], [vendorLine(c, { rate: '45.5', amountMinor: 4_550_000n })], 0n);
    expect(rows[0]).toMatchObject({ status: 'differs', rateDiff: '0.5', quantityDiff: '0', amountDiffMinor: 50_000n, isFlagged: true });
  });

  it('a quantity or rate difference alone, with the money agreeing, is shown but not flagged', () => {
    const c = computedLine(1, 4_500_000n, { quantity: '1000.0000', rate: '45.000000' });
    const rows = matchLines([c], [vendorLine(c, { quantity: '999.9999' })], 0n);
    expect(rows[0]).toMatchObject({ status: 'differs', quantityDiff: '-0.0001', isFlagged: false });
  });

  it('normalises descriptions by case, width, punctuation and spacing', () => {
    expect(normaliseDescription('Ｈandled  Contacts – VOICE!')).toBe(normaliseDescription('handled contacts voice'));
    expect(normaliseDescription('Handled contacts')).not.toBe(normaliseDescription('Handled minutes'));
  });
});

describe('totals only', () => {
  const computed = [computedLine(1, 100_000n), computedLine(2, 50_000n)];
  it('compares the totals and says the lines were not compared', () => {
    const result = reconcile({ computed: { lines: computed, totals: totals(computed, 7_500n) }, vendor: { lines: [], totals: { subtotalMinor: null, taxMinor: null, totalMinor: 157_500n } }, toleranceMinor: 0n });
    expect(result.mode).toBe('totals_only');
    expect(result.rows.every((r) => r.status === 'not_compared' && !r.isFlagged)).toBe(true);
    expect(result.totals.total).toMatchObject({ computedMinor: 157_500n, vendorMinor: 157_500n, diffMinor: 0n, isFlagged: false });
    expect(result.totals.beforeTax.diffMinor).toBeNull();
    expect(result.isClean).toBe(true);
    expect(result.vendorLinesSumMinor).toBeNull();
  });
  it('flags a total beyond the tolerance, and a stated tax or pre-tax amount that differs', () => {
    const result = reconcile({ computed: { lines: computed, totals: totals(computed, 7_500n) }, vendor: { lines: [], totals: { subtotalMinor: 150_000n, taxMinor: 7_600n, totalMinor: 157_600n } }, toleranceMinor: 99n });
    expect(result.totals.beforeTax).toMatchObject({ diffMinor: 0n, isFlagged: false });
    expect(result.totals.tax).toMatchObject({ diffMinor: 100n, isFlagged: true });
    expect(result.totals.total).toMatchObject({ diffMinor: 100n, isFlagged: true });
    expect(result.isClean).toBe(false);
  });
});

describe('before the billing run', () => {
  it('shows the vendor lines, flags nothing and is not clean', () => {
    const result = reconcile({
      computed: null,
      vendor: { lines: [{ position: 1, lineKey: null, description: 'x', quantity: null, rate: null, amountMinor: 5n }], totals: { subtotalMinor: null, taxMinor: null, totalMinor: 5n } },
      toleranceMinor: 0n,
    });
    expect(result.mode).toBe('awaiting_billing_run');
    expect(result.rows).toHaveLength(1);
    expect(result.flaggedLineCount).toBe(0);
    expect(result.totals.total.diffMinor).toBeNull();
    expect(result.isClean).toBe(false);
  });
});

describe('exact decimals', () => {
  it('subtracts without float error', () => {
    expect(decimalDifference('0.1', '0.3', 4)).toBe('0.2');
    expect(decimalDifference('1234.5678', '1234.56', 4)).toBe('-0.0078');
    expect(decimalDifference('-1.5', '2', 6)).toBe('3.5');
  });
});
