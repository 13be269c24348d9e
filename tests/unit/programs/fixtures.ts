import type { ContractVersionInput } from '../../../app/domain/contracts/version';
import type { SlaInput } from '../../../app/domain/contracts/sla';

export const serviceLevel = (over: Partial<SlaInput> = {}): SlaInput => ({
  kpi: 'service_level',
  comparator: 'gte',
  target: 80,
  slVariant: 'negative',
  thresholdS: 20,
  shortAbandonS: 5,
  isCritical: true,
  allocationPct: 40,
  ...over,
});

export const versionInput = (over: Partial<ContractVersionInput> = {}): ContractVersionInput => ({
  effectiveFrom: '2025-01-01',
  reason: 'Initial terms',
  currency: 'TWD',
  taxRatePct: 5,
  atRiskPct: 12,
  poolPct: 100,
  earnBackMonths: 3,
  minimumMonthlyCommitment: '100000',
  rateLines: [{ pricingModel: 'per_handled_contact', rate: '45.00' }],
  slas: [
    serviceLevel(),
    { kpi: 'abandonment_rate', comparator: 'lte', target: 5, isCritical: true, allocationPct: 30 },
    { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 30 },
    { kpi: 'csat', comparator: 'gte', target: 85 },
    { kpi: 'qa_score', comparator: 'gte', target: 90 },
  ],
  ...over,
});

/** The issues of a failed safeParse as "path: message" lines. */
export function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}
