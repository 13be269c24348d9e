import { describe, expect, it } from 'vitest';
import { invoiceLineText, type DescribedLine } from '../../../app/i18n/invoice-line-text';
import { computeInvoice, type BillingInput } from '../../../app/domain/billing/engine';
import { translator } from '../../../app/i18n/index';

const INPUT: BillingInput = {
  month: '2026-04',
  rounding: 'half_up',
  terms: {
    currency: 'TWD',
    minorDigits: 2,
    taxRateBp: 500,
    minimumMonthlyCommitment: '500000',
    rateLines: [
      { id: 'r1', position: 1, pricingModel: 'per_handled_contact', description: null, channel: null, queueId: null, rate: null, tiers: [{ fromQty: 0, toQty: 100, rate: '40' }, { fromQty: 100, toQty: null, rate: '30' }] },
      { id: 'r2', position: 2, pricingModel: 'fixed_monthly_fee', description: null, channel: null, queueId: null, rate: '3000', tiers: [] },
      { id: 'r3', position: 3, pricingModel: 'per_handled_minute', description: '客服專線通話', channel: null, queueId: null, rate: '0.5', tiers: [] },
    ],
  },
  volumes: [{ queueId: 'q', channel: 'voice', components: { handled: 150, talk_s: 6000, hold_s: 0, wrap_s: 0, staffed_s: 0 } }],
  credits: [{ slaId: 's', slaKey: 'sla-1', kpi: 'service_level', amountMinor: 12_000n }],
  earnBacks: [{ slaKey: 'sla-2', kpi: 'abandonment_rate', creditMonth: '2026-02', returnedMinor: 3_000n }],
  items: [
    { id: 'a1', kind: 'adjustment', description: 'Vendor invoice V-7: reconciliation adjustment', reason: 'r', correctsMonth: null, amountMinor: 100n, isTaxable: true, vendorInvoiceNumber: 'V-7' },
    { id: 'a2', kind: 'credit_note', description: '三月重複計費', reason: 'r', correctsMonth: '2026-03', amountMinor: -100n, isTaxable: true },
    { id: 'a3', kind: 'adjustment', description: '教育訓練週', reason: 'r', correctsMonth: null, amountMinor: 100n, isTaxable: true },
  ],
};
const lines = computeInvoice(INPUT).lines;
const en = translator('en');
const zh = translator('zh-TW');

describe('invoice line descriptions by key', () => {
  it('the stored English description is unchanged (exports, ERP) and the en catalogue renders the same text', () => {
    expect(lines.map((l) => l.description)).toEqual([
      'Handled contacts (band 1: 0–100)',
      'Handled contacts (band 2: 100–∞)',
      'Fixed monthly fee',
      '客服專線通話',
      'Minimum monthly commitment true-up',
      'SLA credit: service_level',
      'Earn-back of the 2026-02 credit: abandonment_rate',
      'Vendor invoice V-7: reconciliation adjustment',
      '三月重複計費 (corrects 2026-03)',
      '教育訓練週',
    ]);
    // KPI ids are named by key, so English readers see the KPI's name rather than its id.
    expect(lines.map((l) => invoiceLineText(en, l))).toEqual([
      'Handled contacts (band 1: 0–100)',
      'Handled contacts (band 2: 100–∞)',
      'Fixed monthly fee',
      '客服專線通話',
      'Minimum monthly commitment true-up',
      'SLA credit: Service level',
      'Earn-back of the 2026-02 credit: Abandonment rate',
      'Vendor invoice V-7: reconciliation adjustment',
      '三月重複計費 (corrects 2026-03)',
      '教育訓練週',
    ]);
  });

  it('renders every line in zh-TW, KPI names and pricing models by key, typed text as typed', () => {
    expect(lines.map((l) => invoiceLineText(zh, l))).toEqual([
      '處理件數（第 1 級距：0–100）',
      '處理件數（第 2 級距：100–∞）',
      '固定月費',
      '客服專線通話',
      '每月最低承諾金額補足',
      'SLA 服務抵減：服務水準',
      '2026-02 服務抵減之回贖：放棄率',
      '供應商發票 V-7：對帳調整',
      '三月重複計費（更正 2026-03）',
      '教育訓練週',
    ]);
  });

  it('a line without a key (computed before 0014) or with an unknown key or KPI shows what it has', () => {
    const old: DescribedLine = { description: 'SLA credit: service_level', descriptionKey: null, descriptionParams: null };
    expect(invoiceLineText(zh, old)).toBe('SLA credit: service_level');
    expect(invoiceLineText(zh, { description: 'x', descriptionKey: 'billing.line.unknown', descriptionParams: null })).toBe('x');
    expect(invoiceLineText(zh, { description: 'x', descriptionKey: 'billing.line.slaCredit', descriptionParams: { kpi: 'new_kpi' } })).toBe('SLA 服務抵減：new_kpi');
  });
});
