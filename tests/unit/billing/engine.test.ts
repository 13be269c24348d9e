import { describe, expect, it } from 'vitest';
import { computeInvoice, serviceLines, type BillingInput, type BillingRateLine, type BillingTerms, type BillingVolume } from '../../../app/domain/billing/engine';
import { FTE_MONTH_HOURS } from '../../../app/domain/billing/quantity';

const Q1 = '11111111-1111-4111-8111-111111111111';
const Q2 = '22222222-2222-4222-8222-222222222222';
const zero = { handled: 0, talk_s: 0, hold_s: 0, wrap_s: 0, staffed_s: 0 };
const vol = (channel: string, queueId: string, c: Partial<typeof zero>): BillingVolume => ({ unitId: 'u1', queueId, channel, components: { ...zero, ...c } });
let nextId = 0;
const rl = (pricingModel: BillingRateLine['pricingModel'], extra: Partial<BillingRateLine> = {}): BillingRateLine => ({ id: `rl-${++nextId}`, position: nextId, pricingModel, description: null, channel: null, queueId: null, rate: null, tiers: [], ...extra });
const terms = (rateLines: BillingRateLine[], extra: Partial<BillingTerms> = {}): BillingTerms => ({ currency: 'USD', minorDigits: 2, taxRateBp: 500, minimumMonthlyCommitment: null, rateLines, ...extra });
const input = (t: BillingTerms, volumes: BillingVolume[], extra: Partial<BillingInput> = {}): BillingInput => ({ month: '2026-03', terms: t, volumes, credits: [], earnBacks: [], items: [], rounding: 'half_up', ...extra });

describe('each pricing model, and their mix on one contract', () => {
  // Volumes of the month: 1,000 handled; talk 30,000 s + hold 3,000 s + wrap 3,000 s = 36,000 s = 600 min;
  // staffed 1,152,000 s = 320 h = 320 / 160 = 2 FTE-months.
  const volumes = [vol('voice', Q1, { handled: 600, talk_s: 20_000, hold_s: 2_000, wrap_s: 1_000, staffed_s: 700_000 }), vol('voice', Q2, { handled: 400, talk_s: 10_000, hold_s: 1_000, wrap_s: 2_000, staffed_s: 452_000 })];
  const lines = [
    rl('per_handled_contact', { rate: '2.5000' }), //   1,000 × 2.50      =   2,500.00 → 250,000
    rl('per_handled_minute', { rate: '1.2500' }), //      600 × 1.25      =     750.00 →  75,000
    rl('per_productive_hour', { rate: '300' }), //        320 × 300       =  96,000.00 → 9,600,000
    rl('per_fte_month', { rate: '55000' }), //              2 × 55,000    = 110,000.00 → 11,000,000
    rl('fixed_monthly_fee', { rate: '5000' }), //           1 × 5,000     =   5,000.00 → 500,000
  ];

  it('prices each model from its measure', () => {
    expect(FTE_MONTH_HOURS).toBe(160);
    const result = computeInvoice(input(terms(lines), volumes));
    expect(result.lines.map((l) => [l.kind, l.quantity, l.amountMinor])).toEqual([
      ['usage', '1000.0000', 250_000n],
      ['usage', '600.0000', 75_000n],
      ['usage', '320.0000', 9_600_000n],
      ['usage', '2.0000', 11_000_000n],
      ['fixed', '1.0000', 500_000n],
    ]);
    // subtotal 250,000 + 75,000 + 9,600,000 + 11,000,000 + 500,000 = 21,425,000
    // tax 5 % per line: 12,500 + 3,750 + 480,000 + 550,000 + 25,000 = 1,071,250
    expect(result.subtotalMinor).toBe(21_425_000n);
    expect(result.taxMinor).toBe(1_071_250n);
    expect(result.totalMinor).toBe(22_496_250n);
    expect(result.serviceMinor).toBe(21_425_000n);
    expect(result.lines[0]!.source).toMatchObject({ kind: 'kpi', measure: 'handled', unitIds: ['u1'] });
  });

  it('counts only the channel and queue a line is limited to (web_self_service is the feeds’ web)', () => {
    const scoped = [rl('per_handled_contact', { rate: '1', queueId: Q1, channel: 'voice' }), rl('per_handled_contact', { rate: '1', channel: 'web_self_service' })];
    const result = computeInvoice(input(terms(scoped), [...volumes, vol('web', Q1, { handled: 70 })]));
    // queue 1 voice: 600 × 1.00 = 600.00; web: 70 × 1.00 = 70.00
    expect(result.lines.map((l) => l.amountMinor)).toEqual([60_000n, 7_000n]);
    expect(result.lines[0]!.lineKey).toContain(`voice:${Q1}`);
  });
});

describe('volume tiers (graduated bands [from, to))', () => {
  const tiered = () => rl('per_handled_contact', { tiers: [{ fromQty: 0, toQty: 1000, rate: '2' }, { fromQty: 1000, toQty: 5000, rate: '1.5' }, { fromQty: 5000, toQty: null, rate: '1' }] });
  const run = (handled: number) => serviceLines('2026-03', terms([tiered()]), [vol('voice', Q1, { handled })], 'half_up');

  it.each([
    // handled, [band quantities], total: hand-computed
    [0, ['0.0000'], 0n], //                      band 1 shown with nothing in it
    [999, ['999.0000'], 199_800n], //             999 × 2 = 1,998.00
    [1000, ['1000.0000'], 200_000n], //           exactly at the edge: all in band 1, 1,000 × 2 = 2,000.00
    [1001, ['1000.0000', '1.0000'], 200_150n], // 2,000.00 + 1 × 1.50 = 2,001.50
    [5000, ['1000.0000', '4000.0000'], 800_000n], // 2,000 + 4,000 × 1.5 = 8,000.00
    [6000, ['1000.0000', '4000.0000', '1000.0000'], 900_000n], // 8,000 + 1,000 × 1 = 9,000.00
  ])('%i contacts', (handled, bands, total) => {
    const { lines, totalMinor } = run(handled);
    expect(lines.map((l) => l.quantity)).toEqual(bands);
    expect(totalMinor).toBe(total);
    expect(lines.map((l) => l.rate)).toEqual(['2', '1.5', '1'].slice(0, bands.length));
  });
});

describe('minimum monthly commitment', () => {
  const card = (min: string | null) => terms([rl('per_handled_contact', { rate: '2' })], { minimumMonthlyCommitment: min });
  it('adds a true-up line up to the minimum', () => {
    // 1,000 × 2 = 2,000.00; minimum 10,000.00 → true-up 8,000.00; tax 5 % of 10,000.00 = 500.00
    const result = computeInvoice(input(card('10000.0000'), [vol('voice', Q1, { handled: 1000 })]));
    expect(result.lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['usage', 200_000n],
      ['minimum_true_up', 800_000n],
    ]);
    expect(result.subtotalMinor).toBe(1_000_000n);
    expect(result.totalMinor).toBe(1_050_000n);
  });
  it('adds nothing when usage reaches it', () => {
    // 6,000 × 2 = 12,000.00 ≥ 10,000.00
    const result = computeInvoice(input(card('10000'), [vol('voice', Q1, { handled: 6000 })]));
    expect(result.lines.map((l) => l.kind)).toEqual(['usage']);
    expect(result.subtotalMinor).toBe(1_200_000n);
  });
});

describe('credits, earn-backs, pass-through and manual items', () => {
  it('puts each in its own signed line and total', () => {
    const result = computeInvoice(
      input(terms([rl('fixed_monthly_fee', { rate: '10000' })]), [], {
        credits: [
          { slaId: 's1', slaKey: 'sl:month', kpi: 'service_level', amountMinor: 120_000n },
          { slaId: 's2', slaKey: 'asa:month', kpi: 'asa', amountMinor: 0n },
        ],
        earnBacks: [{ slaKey: 'aht:month', kpi: 'aht', creditMonth: '2026-01', returnedMinor: 50_000n }],
        items: [
          { id: 'a1', kind: 'pass_through', description: 'Telecom', reason: 'carrier invoice 42', correctsMonth: null, amountMinor: 30_000n, isTaxable: false },
          { id: 'a2', kind: 'credit_note', description: 'Overbilled minutes', reason: 'feed revision', correctsMonth: '2026-01', amountMinor: -10_000n, isTaxable: true },
          { id: 'a3', kind: 'adjustment', description: 'Goodwill', reason: 'outage', correctsMonth: null, amountMinor: -2_000n, isTaxable: true },
        ],
      }),
    );
    expect(result.lines.map((l) => [l.kind, l.amountMinor, l.taxMinor])).toEqual([
      ['fixed', 1_000_000n, 50_000n], //   10,000.00, tax 500.00
      ['pass_through', 30_000n, 0n], //    at cost, not taxable
      ['sla_credit', -120_000n, -6_000n], // the capped credit, negative; tax reduced by 60.00
      ['earn_back', 50_000n, 2_500n], //   returned in this month
      ['credit_note', -10_000n, -500n],
      ['adjustment', -2_000n, -100n],
    ]);
    // subtotal 1,000,000 + 30,000 = 1,030,000; credits -120,000 + 50,000 = -70,000; adjustments -12,000
    // tax 50,000 - 6,000 + 2,500 - 500 - 100 = 45,900; total 1,030,000 - 70,000 - 12,000 + 45,900 = 993,900
    expect(result.subtotalMinor).toBe(1_030_000n);
    expect(result.creditsMinor).toBe(-70_000n);
    expect(result.adjustmentsMinor).toBe(-12_000n);
    expect(result.taxMinor).toBe(45_900n);
    expect(result.totalMinor).toBe(993_900n);
    expect(result.lines[4]!.description).toContain('corrects 2026-01');
    expect(result.lines.map((l) => l.position)).toEqual([1, 2, 3, 4, 5, 6]);
    // The SLA basis is the service lines only.
    expect(result.serviceMinor).toBe(1_000_000n);
  });
});

describe('rounding modes: one rounding per line', () => {
  const card = terms([rl('per_handled_contact', { rate: '0.005' })], { taxRateBp: 1000 });
  const at = (handled: number, rounding: BillingInput['rounding']) => computeInvoice(input(card, [vol('voice', Q1, { handled })], { rounding })).lines[0]!;
  it.each([
    // handled × 0.005 = cents; tax 10 % of the rounded amount
    [1, 'half_up', 1n, 0n], //   0.5 ¢ → 1; tax 0.1 → 0
    [1, 'half_even', 0n, 0n], // 0.5 ¢ → 0 (even)
    [1, 'down', 0n, 0n],
    [3, 'half_up', 2n, 0n], //   1.5 ¢ → 2; tax 0.2 → 0
    [3, 'half_even', 2n, 0n], // 1.5 ¢ → 2 (even)
    [3, 'down', 1n, 0n],
    [5, 'half_even', 2n, 0n], // 2.5 ¢ → 2 (even)
    [1001, 'half_up', 501n, 50n], //  500.5 ¢ → 501; tax 50.1 → 50
    [1001, 'half_even', 500n, 50n], // 500.5 → 500; tax 50.0
    [1001, 'down', 500n, 50n],
  ] as const)('%i × 0.005 %s → %s', (handled, rounding, amount, tax) => {
    const line = at(handled, rounding);
    expect(line.amountMinor).toBe(amount);
    expect(line.taxMinor).toBe(tax);
  });
  it('rounds a tax half by the mode too, negative amounts symmetrically', () => {
    const credit = (rounding: BillingInput['rounding']) => computeInvoice(input(terms([], { taxRateBp: 1000 }), [], { rounding, credits: [{ slaId: 's', slaKey: 'k', kpi: 'asa', amountMinor: 25n }] })).lines[0]!.taxMinor;
    // -25 × 10 % = -2.5
    expect(credit('half_up')).toBe(-3n);
    expect(credit('half_even')).toBe(-2n);
    expect(credit('down')).toBe(-2n);
  });
});
