/**
 * Which SLA alerts an evaluation raises: a breach when a month has ended missed; during the month, an
 * at-risk alert when the forecast says the SLA is behind or can no longer be met. The rest of the month's
 * denominator is estimated at the month-to-date pace over the expected intervals still to come
 * (denominator × remaining / elapsed expected intervals), a deliberate simplification of
 * estimateRemainingVolume that needs no history.
 */
import { forecastSla } from '#app/domain/sla/forecast';
import type { SlaResult } from '#app/domain/sla/evaluate';
import type { SlaAlert } from './alerts.server';
import type { ContractContext, SlaTermsDto } from './inputs.server';
import { keyOfSla } from './inputs.server';

export function forecastAlerts(input: {
  ctx: ContractContext;
  month: string;
  monthEnded: boolean;
  now: Date;
  monthResults: { sla: SlaTermsDto; result: SlaResult }[];
  expectedFor: (sla: SlaTermsDto) => { elapsed: number; remaining: number };
}): SlaAlert[] {
  const alerts: SlaAlert[] = [];
  const { ctx, month } = input;
  for (const { sla, result } of input.monthResults) {
    const base = { clientOrgId: ctx.clientOrgId, vendorOrgId: ctx.vendorOrgId, contractId: ctx.contractId, unitId: sla.scopeUnitId, slaKey: keyOfSla(sla), kpi: sla.kpi, month, value: result.value, target: sla.target };
    if (input.monthEnded) {
      if (result.outcome === 'missed') alerts.push({ ...base, kind: 'breach', forecast: null });
      continue;
    }
    if (sla.period !== 'month' || sla.kpi === 'cost_per_contact') continue;
    const { elapsed, remaining } = input.expectedFor(sla);
    if (elapsed === 0 || result.denominator === 0) continue;
    const forecast = forecastSla({
      kpi: sla.kpi,
      comparator: sla.comparator,
      target: sla.target,
      monthToDateNumerator: result.numerator,
      monthToDateDenominator: result.denominator,
      expectedRemainingDenominator: (result.denominator * remaining) / elapsed,
    });
    if (forecast.status === 'behind' || forecast.status === 'impossible') alerts.push({ ...base, kind: 'at_risk', forecast: { status: forecast.status, requiredRemainderValue: forecast.requiredRemainderValue } });
  }
  return alerts;
}
