import { describe, expect, it } from 'vitest';
import { rateLineInputSchema } from '../../../app/domain/contracts/rate-card';
import { internalTargetsInputSchema, slaInputSchema } from '../../../app/domain/contracts/sla';
import { checkVersionDates, contractVersionInputSchema, resolveEffectivePeriods, versionInForce } from '../../../app/domain/contracts/version';
import { issues, serviceLevel, versionInput } from './fixtures';

describe('SLA validation', () => {
  it('accepts a 80/20 service level and stores the target as a fraction, the allocation in basis points', () => {
    const sla = slaInputSchema.parse(serviceLevel());
    expect(sla).toMatchObject({ target: 0.8, allocationBp: 4000, thresholdS: 20, shortAbandonS: 5, period: 'month', missingFeed: 'missed' });
  });

  it.each([
    [{ target: 101 }, 'target: programs.error.targetOutOfRange'],
    [{ target: -1 }, 'target: programs.error.targetOutOfRange'],
    [{ kpi: 'nps', target: 120, slVariant: undefined, thresholdS: undefined, shortAbandonS: undefined }, 'target: programs.error.targetOutOfRange'],
    [{ kpi: 'asa', target: 90_000, slVariant: undefined, thresholdS: undefined, shortAbandonS: undefined }, 'target: programs.error.targetOutOfRange'],
  ] as const)('refuses a target outside the KPI range: %j', (over, expected) => {
    expect(issues(slaInputSchema.safeParse(serviceLevel(over)))).toContain(expected);
  });

  it('keeps non-ratio targets in their own unit', () => {
    expect(slaInputSchema.parse({ kpi: 'asa', comparator: 'lte', target: 30 }).target).toBe(30);
    expect(slaInputSchema.parse({ kpi: 'nps', comparator: 'gte', target: -20 }).target).toBe(-20);
  });

  it('requires the variant, T and short-abandon window for service level', () => {
    const result = issues(slaInputSchema.safeParse(serviceLevel({ slVariant: undefined, thresholdS: undefined, shortAbandonS: undefined })));
    expect(result).toEqual(expect.arrayContaining(['slVariant: programs.error.slVariantRequired', 'thresholdS: programs.error.thresholdRequired', 'shortAbandonS: programs.error.shortAbandonRequired']));
  });

  it('refuses service-level fields on other KPIs', () => {
    expect(issues(slaInputSchema.safeParse({ kpi: 'asa', comparator: 'lte', target: 30, thresholdS: 20 }))).toEqual(['thresholdS: programs.error.onlyForServiceLevel']);
    expect(issues(slaInputSchema.safeParse({ kpi: 'fcr', comparator: 'gte', target: 70, slVariant: 'positive' }))).toEqual(['slVariant: programs.error.onlyForServiceLevel']);
  });

  it('requires T among the thresholds feeds can report', () => {
    expect(issues(slaInputSchema.safeParse(serviceLevel({ thresholdS: 17 })))).toEqual(['thresholdS: programs.error.thresholdNotReportable']);
    expect(slaInputSchema.safeParse(serviceLevel({ thresholdS: 10, shortAbandonS: 5 })).success).toBe(true);
  });

  it('requires the short-abandon window below T', () => {
    expect(issues(slaInputSchema.safeParse(serviceLevel({ thresholdS: 10, shortAbandonS: 10 })))).toEqual(['shortAbandonS: programs.error.shortAbandonNotBelowThreshold']);
    expect(slaInputSchema.safeParse(serviceLevel({ shortAbandonS: 0 })).success).toBe(true);
  });

  it('key measurements carry no allocation; critical SLAs need one in (0, 100]', () => {
    expect(issues(slaInputSchema.safeParse(serviceLevel({ isCritical: false, allocationPct: 10 })))).toEqual(['allocationPct: programs.error.keyMeasurementNoAllocation']);
    expect(slaInputSchema.parse(serviceLevel({ isCritical: false, allocationPct: undefined })).allocationBp).toBeNull();
    expect(issues(slaInputSchema.safeParse(serviceLevel({ allocationPct: undefined })))).toEqual(['allocationPct: programs.error.allocationRequired']);
    expect(issues(slaInputSchema.safeParse(serviceLevel({ allocationPct: 120 })))).toEqual(['allocationPct: programs.error.allocationOutOfRange']);
  });

  it('a queue scope needs its unit', () => {
    expect(issues(slaInputSchema.safeParse(serviceLevel({ scopeQueueId: crypto.randomUUID() })))).toEqual(['scopeUnitId: programs.error.queueNeedsUnit']);
  });

  it('reads form values: strings, "on", empty fields', () => {
    const sla = slaInputSchema.parse({ kpi: 'service_level', comparator: 'gte', target: '85', slVariant: 'positive', thresholdS: '20', shortAbandonS: '5', isCritical: 'on', allocationPct: '25', scopeChannel: '', minimumVolume: '' });
    expect(sla).toMatchObject({ target: 0.85, isCritical: true, allocationBp: 2500, scopeChannel: null, minimumVolume: 0 });
  });

  it('internal targets of in-house units take no money', () => {
    expect(internalTargetsInputSchema.safeParse({ effectiveFrom: '2025-01-01', targets: [serviceLevel({ isCritical: false, allocationPct: undefined })] }).success).toBe(true);
    expect(issues(internalTargetsInputSchema.safeParse({ effectiveFrom: '2025-01-01', targets: [serviceLevel()] }))).toEqual(['targets.0.isCritical: programs.error.internalTargetNoMoney']);
  });
});

describe('rate card validation', () => {
  it('accepts every pricing model', () => {
    for (const pricingModel of ['per_handled_contact', 'per_handled_minute', 'per_productive_hour', 'per_fte_month', 'fixed_monthly_fee'] as const) {
      expect(rateLineInputSchema.safeParse({ pricingModel, rate: '12.5' }).success, pricingModel).toBe(true);
    }
    expect(rateLineInputSchema.parse({ pricingModel: 'pass_through', description: 'Telecom' }).rate).toBeNull();
  });

  it('refuses amounts that are not decimal strings with up to 4 decimals', () => {
    expect(issues(rateLineInputSchema.safeParse({ pricingModel: 'per_handled_contact', rate: '1.23456' }))).toEqual(['rate: programs.error.invalidAmount']);
    expect(issues(rateLineInputSchema.safeParse({ pricingModel: 'per_handled_contact', rate: '-1' }))).toEqual(['rate: programs.error.invalidAmount']);
  });

  it('needs a rate or tiers, not both; pass-through needs a description', () => {
    expect(issues(rateLineInputSchema.safeParse({ pricingModel: 'per_handled_contact' }))).toEqual(['rate: programs.error.rateRequired']);
    expect(issues(rateLineInputSchema.safeParse({ pricingModel: 'per_handled_contact', rate: '1', tiers: [{ fromQty: 0, rate: '1' }] }))).toEqual(['rate: programs.error.rateOrTiers']);
    expect(issues(rateLineInputSchema.safeParse({ pricingModel: 'pass_through' }))).toEqual(['description: programs.error.passThroughNeedsDescription']);
    expect(issues(rateLineInputSchema.safeParse({ pricingModel: 'fixed_monthly_fee', tiers: [{ fromQty: 0, rate: '1' }] }))).toEqual(['tiers: programs.error.tiersNotAllowed']);
  });

  it('tiers ascend without overlapping; only the last is open', () => {
    const ok = rateLineInputSchema.safeParse({ pricingModel: 'per_handled_contact', tiers: [{ fromQty: 0, toQty: 10000, rate: '47.5' }, { fromQty: 10000, rate: '45' }] });
    expect(ok.success).toBe(true);
    expect(issues(rateLineInputSchema.safeParse({ pricingModel: 'per_handled_contact', tiers: [{ fromQty: 0, toQty: 10000, rate: '47.5' }, { fromQty: 9000, rate: '45' }] }))).toEqual(['tiers.1.fromQty: programs.error.tiersOverlap']);
    expect(issues(rateLineInputSchema.safeParse({ pricingModel: 'per_handled_contact', tiers: [{ fromQty: 0, rate: '47.5' }, { fromQty: 100, toQty: 200, rate: '45' }] }))).toEqual(
      expect.arrayContaining(['tiers.0.toQty: programs.error.openTierNotLast']),
    );
    expect(issues(rateLineInputSchema.safeParse({ pricingModel: 'per_handled_contact', tiers: [{ fromQty: 100, toQty: 50, rate: '1' }] }))).toEqual(['tiers.0.toQty: programs.error.tierBoundsInvalid']);
  });
});

describe('contract version validation', () => {
  it('accepts a version with a rate card and five SLAs, percentages as basis points', () => {
    const v = contractVersionInputSchema.parse(versionInput());
    expect(v).toMatchObject({ taxRateBp: 500, atRiskBp: 1200, poolBp: 10000, earnBackMonths: 3, currency: 'TWD', effectiveTo: null });
    expect(v.slas).toHaveLength(5);
  });

  it('refuses allocations above the pool, naming the SLA that crosses it', () => {
    expect(issues(contractVersionInputSchema.safeParse(versionInput({ poolPct: 90 })))).toEqual(['slas.2.allocationPct: programs.error.allocationsExceedPool']);
    expect(contractVersionInputSchema.safeParse(versionInput({ poolPct: 100 })).success).toBe(true);
  });

  it('currency is three letters; tax 0..100 %; dates are valid and ordered', () => {
    expect(contractVersionInputSchema.parse(versionInput({ currency: 'twd' })).currency).toBe('TWD');
    expect(issues(contractVersionInputSchema.safeParse(versionInput({ currency: 'NTD$' })))).toEqual(['currency: programs.error.invalidCurrency']);
    expect(issues(contractVersionInputSchema.safeParse(versionInput({ taxRatePct: 101 })))).toEqual(['taxRatePct: programs.error.taxRateOutOfRange']);
    expect(issues(contractVersionInputSchema.safeParse(versionInput({ taxRatePct: -1 })))).toEqual(['taxRatePct: programs.error.taxRateOutOfRange']);
    expect(issues(contractVersionInputSchema.safeParse(versionInput({ effectiveFrom: '2025-02-30' })))).toEqual(['effectiveFrom: programs.error.invalidDate']);
    expect(issues(contractVersionInputSchema.safeParse(versionInput({ effectiveTo: '2024-12-31' })))).toEqual(['effectiveTo: programs.error.endBeforeStart']);
  });

  it('needs a rate card line and refuses duplicate SLAs', () => {
    expect(issues(contractVersionInputSchema.safeParse(versionInput({ rateLines: [] })))).toEqual(['rateLines: programs.error.rateCardEmpty']);
    expect(issues(contractVersionInputSchema.safeParse(versionInput({ slas: [serviceLevel({ allocationPct: 10 }), serviceLevel({ allocationPct: 10, target: 85 })] })))).toEqual(['slas.1.kpi: programs.error.duplicateSla']);
  });
});

describe('effective dates of versions', () => {
  const v1 = { versionNo: 1, effectiveFrom: '2025-01-01', effectiveTo: null };
  it('a new version starts after every existing one; an open end is superseded', () => {
    expect(checkVersionDates([v1], { effectiveFrom: '2025-02-01', effectiveTo: null })).toBeNull();
    expect(checkVersionDates([v1], { effectiveFrom: '2025-01-01', effectiveTo: null })).toEqual({ path: ['effectiveFrom'], message: 'programs.error.versionOverlaps' });
    expect(checkVersionDates([v1], { effectiveFrom: '2024-12-01', effectiveTo: '2024-12-31' })).toEqual({ path: ['effectiveFrom'], message: 'programs.error.versionOverlaps' });
  });
  it('an explicit end date may not overlap', () => {
    const ended = { versionNo: 1, effectiveFrom: '2025-01-01', effectiveTo: '2025-06-30' };
    expect(checkVersionDates([ended], { effectiveFrom: '2025-06-01', effectiveTo: null })?.message).toBe('programs.error.versionOverlaps');
    expect(checkVersionDates([ended], { effectiveFrom: '2025-07-01', effectiveTo: null })).toBeNull();
    expect(checkVersionDates([], { effectiveFrom: '2025-07-01', effectiveTo: '2025-06-01' })?.message).toBe('programs.error.endBeforeStart');
  });
  it('resolves the period each version governs and the one in force', () => {
    const v2 = { versionNo: 2, effectiveFrom: '2025-03-01', effectiveTo: null };
    expect(resolveEffectivePeriods([v2, v1]).map((v) => [v.versionNo, v.effectiveUntil])).toEqual([
      [1, '2025-02-28'],
      [2, null],
    ]);
    expect(versionInForce([v1, v2], '2025-02-15')?.versionNo).toBe(1);
    expect(versionInForce([v1, v2], '2025-03-01')?.versionNo).toBe(2);
    expect(versionInForce([v1, v2], '2024-12-31')).toBeUndefined();
  });
});
