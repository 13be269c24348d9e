import { z } from 'zod';
import { currencySchema, isoDateSchema, percentToBp, requiredText } from '../programs/schemas';
import { blankToUndefined, moneySchema } from './decimal';
import { rateLineInputSchema } from './rate-card';
import { slaInputSchema } from './sla';

const E = (key: string) => ({ message: `programs.error.${key}` });

export const contractInputSchema = z.object({
  name: requiredText(160),
  vendorOrgId: z.uuid(E('invalidVendor')),
  unitIds: z.array(z.uuid(E('invalidScope'))).min(1, E('unitsRequired')).transform((ids) => [...new Set(ids)]),
});
export type ContractInput = z.input<typeof contractInputSchema>;

/**
 * A contract version: all terms at once. Versions are never edited; a change is a new version with
 * its own effective date and the reason for it.
 */
export const contractVersionInputSchema = z
  .object({
    effectiveFrom: isoDateSchema,
    effectiveTo: z.preprocess(blankToUndefined, isoDateSchema.optional()),
    reason: requiredText(500),
    currency: currencySchema,
    taxRatePct: percentToBp(100, 'taxRateOutOfRange'),
    minimumMonthlyCommitment: z.preprocess(blankToUndefined, moneySchema.optional()),
    /** Share of the month's invoice at risk for SLA credits (usually 10-12 %). */
    atRiskPct: percentToBp(100),
    /** The most the critical SLAs' allocations may add up to (allocations may exceed 100 %). */
    poolPct: percentToBp(1000, 'poolOutOfRange'),
    /** Following months an SLA must be met for a credit to be returned; 0 = no earn-back. */
    earnBackMonths: z.preprocess(blankToUndefined, z.coerce.number(E('notANumber')).int(E('notAnInteger')).min(0, E('outOfRange')).max(24, E('outOfRange')).default(0)),
    rateLines: z.array(rateLineInputSchema).min(1, E('rateCardEmpty')).max(100, E('tooMany')),
    slas: z.array(slaInputSchema).max(100, E('tooMany')).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.effectiveTo !== undefined && v.effectiveTo < v.effectiveFrom) ctx.addIssue({ code: 'custom', path: ['effectiveTo'], ...E('endBeforeStart') });
    let allocatedBp = 0;
    v.slas.forEach((sla, i) => {
      allocatedBp += sla.allocationBp ?? 0;
      if (sla.allocationBp !== null && allocatedBp > v.poolPct) ctx.addIssue({ code: 'custom', path: ['slas', i, 'allocationPct'], ...E('allocationsExceedPool') });
    });
    const keys = new Set<string>();
    v.slas.forEach((sla, i) => {
      const key = slaKey(sla);
      if (keys.has(key)) ctx.addIssue({ code: 'custom', path: ['slas', i, 'kpi'], ...E('duplicateSla') });
      keys.add(key);
    });
  })
  .transform(({ taxRatePct, atRiskPct, poolPct, ...v }) => ({
    ...v,
    effectiveTo: v.effectiveTo ?? null,
    minimumMonthlyCommitment: v.minimumMonthlyCommitment ?? null,
    taxRateBp: taxRatePct,
    atRiskBp: atRiskPct,
    poolBp: poolPct,
  }));
export type ContractVersionInput = z.input<typeof contractVersionInputSchema>;
export type ContractVersionValues = z.output<typeof contractVersionInputSchema>;

/** One SLA per KPI, period and scope: the identity used to refuse duplicates and to diff versions. */
export function slaKey(s: { kpi: string; period: string; scopeUnitId: string | null; scopeQueueId: string | null; scopeChannel: string | null }): string {
  return [s.kpi, s.period, s.scopeUnitId ?? '*', s.scopeQueueId ?? '*', s.scopeChannel ?? '*'].join('|');
}

export interface DatedVersion {
  versionNo: number;
  effectiveFrom: string;
  /** An explicit end date; null means "until the next version starts". */
  effectiveTo: string | null;
}

export interface DateIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Whether a new version may be added to a contract. An open-ended version runs until the next one
 * starts, so a new version must start after every existing one (history is never rewritten) and after
 * any explicit end date it would otherwise overlap.
 */
export function checkVersionDates(existing: DatedVersion[], candidate: { effectiveFrom: string; effectiveTo: string | null }): DateIssue | null {
  if (candidate.effectiveTo !== null && candidate.effectiveTo < candidate.effectiveFrom) return { path: ['effectiveTo'], message: 'programs.error.endBeforeStart' };
  for (const version of existing) {
    if (candidate.effectiveFrom <= version.effectiveFrom) return { path: ['effectiveFrom'], message: 'programs.error.versionOverlaps' };
    if (version.effectiveTo !== null && version.effectiveTo >= candidate.effectiveFrom) return { path: ['effectiveFrom'], message: 'programs.error.versionOverlaps' };
  }
  return null;
}

/** The period each version actually governs: an open end closes the day before the next version. */
export function resolveEffectivePeriods<V extends DatedVersion>(versions: V[]): (V & { effectiveUntil: string | null })[] {
  const sorted = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return sorted.map((v, i) => {
    const next = sorted[i + 1];
    const dayBeforeNext = next ? addDays(next.effectiveFrom, -1) : null;
    const candidates = [v.effectiveTo, dayBeforeNext].filter((d): d is string => d !== null).sort();
    return { ...v, effectiveUntil: candidates[0] ?? null };
  });
}

/** The version in force on `date` (YYYY-MM-DD), if any. */
export function versionInForce<V extends DatedVersion>(versions: V[], date: string): (V & { effectiveUntil: string | null }) | undefined {
  return resolveEffectivePeriods(versions).find((v) => v.effectiveFrom <= date && (v.effectiveUntil === null || date <= v.effectiveUntil));
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
