import { z } from 'zod';
import { KPI_IDS, KPIS, REPORTABLE_THRESHOLDS_S, SERVICE_LEVEL_VARIANTS, type KpiId } from '../kpi/catalog';
import { CHANNELS, isoDateSchema } from '../programs/schemas';
import { blankToUndefined } from './decimal';

export const COMPARATORS = ['gte', 'lte'] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const SLA_PERIODS = ['month', 'week', 'day'] as const;
export type SlaPeriod = (typeof SLA_PERIODS)[number];
/** What a period without a feed counts as: a miss (the usual contract term), met, or not measured. */
export const MISSING_FEED_RULES = ['missed', 'met', 'not_measured'] as const;
export type MissingFeedRule = (typeof MISSING_FEED_RULES)[number];

const E = (key: string) => ({ message: `programs.error.${key}` });
const formBoolean = z.preprocess((v) => (v === 'on' || v === 'true' ? true : v === 'false' || v === '' || v === undefined ? false : v), z.boolean());
const optionalInt = (min: number, max: number) =>
  z.preprocess(blankToUndefined, z.coerce.number(E('notANumber')).int(E('notAnInteger')).min(min, E('outOfRange')).max(max, E('outOfRange')).optional());
const optionalNumber = z.preprocess(blankToUndefined, z.coerce.number(E('notANumber')).optional());

/** Ratio KPIs are entered (and shown) in percent but stored as 0..1 fractions, like the KPI formulas. */
export function targetToStored(kpi: KpiId, entered: number): number {
  return KPIS[kpi].unit === 'ratio' ? Number((entered / 100).toFixed(6)) : entered;
}
export function targetToDisplay(kpi: KpiId, stored: number): number {
  return KPIS[kpi].unit === 'ratio' ? Number((stored * 100).toFixed(4)) : stored;
}
/** "80%", "30 s", "90", "NPS 40". */
export function formatTarget(kpi: KpiId, stored: number): string {
  const unit = KPIS[kpi].unit;
  const shown = targetToDisplay(kpi, stored);
  return unit === 'ratio' ? `${shown}%` : unit === 'seconds' ? `${shown} s` : String(shown);
}

/**
 * One SLA (or, on an in-house unit, one internal target) as entered. The output is what is stored:
 * target in the KPI's own unit, allocation in basis points of the at-risk amount.
 */
export const slaInputSchema = z
  .object({
    kpi: z.enum(KPI_IDS, E('invalidKpi')),
    comparator: z.enum(COMPARATORS, E('invalidComparator')),
    target: z.preprocess(blankToUndefined, z.coerce.number(E('notANumber'))),
    period: z.enum(SLA_PERIODS, E('invalidPeriod')).default('month'),
    scopeUnitId: z.preprocess(blankToUndefined, z.uuid(E('invalidScope')).optional()),
    scopeQueueId: z.preprocess(blankToUndefined, z.uuid(E('invalidScope')).optional()),
    scopeChannel: z.preprocess(blankToUndefined, z.enum(CHANNELS, E('invalidChannel')).optional()),
    minimumVolume: z.preprocess(blankToUndefined, z.coerce.number(E('notANumber')).int(E('notAnInteger')).min(0, E('outOfRange')).default(0)),
    missingFeed: z.enum(MISSING_FEED_RULES, E('invalidMissingFeedRule')).default('missed'),
    slVariant: z.preprocess(blankToUndefined, z.enum(SERVICE_LEVEL_VARIANTS, E('invalidSlVariant')).optional()),
    thresholdS: optionalInt(1, 3600),
    shortAbandonS: optionalInt(0, 3600),
    /** Critical SLAs carry service credits; key measurements are reported only. */
    isCritical: formBoolean.default(false),
    allocationPct: optionalNumber,
  })
  .superRefine((s, ctx) => {
    const info = KPIS[s.kpi];
    const scale = info.unit === 'ratio' ? 100 : 1;
    if (s.target < info.min * scale || s.target > info.max * scale) ctx.addIssue({ code: 'custom', path: ['target'], ...E('targetOutOfRange') });
    if (s.kpi === 'service_level') {
      if (!s.slVariant) ctx.addIssue({ code: 'custom', path: ['slVariant'], ...E('slVariantRequired') });
      if (s.thresholdS === undefined) ctx.addIssue({ code: 'custom', path: ['thresholdS'], ...E('thresholdRequired') });
      else if (!(REPORTABLE_THRESHOLDS_S as readonly number[]).includes(s.thresholdS)) ctx.addIssue({ code: 'custom', path: ['thresholdS'], ...E('thresholdNotReportable') });
      if (s.shortAbandonS === undefined) ctx.addIssue({ code: 'custom', path: ['shortAbandonS'], ...E('shortAbandonRequired') });
      else if (s.thresholdS !== undefined && s.shortAbandonS >= s.thresholdS) ctx.addIssue({ code: 'custom', path: ['shortAbandonS'], ...E('shortAbandonNotBelowThreshold') });
    } else {
      for (const field of ['slVariant', 'thresholdS', 'shortAbandonS'] as const) {
        if (s[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], ...E('onlyForServiceLevel') });
      }
    }
    if (s.scopeQueueId && !s.scopeUnitId) ctx.addIssue({ code: 'custom', path: ['scopeUnitId'], ...E('queueNeedsUnit') });
    if (s.isCritical) {
      if (s.allocationPct === undefined) ctx.addIssue({ code: 'custom', path: ['allocationPct'], ...E('allocationRequired') });
      else if (s.allocationPct <= 0 || s.allocationPct > 100) ctx.addIssue({ code: 'custom', path: ['allocationPct'], ...E('allocationOutOfRange') });
      else if (Math.abs(s.allocationPct * 100 - Math.round(s.allocationPct * 100)) > 1e-9) ctx.addIssue({ code: 'custom', path: ['allocationPct'], ...E('tooManyDecimals') });
    } else if (s.allocationPct !== undefined && s.allocationPct !== 0) {
      ctx.addIssue({ code: 'custom', path: ['allocationPct'], ...E('keyMeasurementNoAllocation') });
    }
  })
  .transform(({ allocationPct, target, ...s }) => ({
    ...s,
    target: targetToStored(s.kpi, target),
    allocationBp: s.isCritical && allocationPct !== undefined ? Math.round(allocationPct * 100) : null,
    slVariant: s.slVariant ?? null,
    thresholdS: s.thresholdS ?? null,
    shortAbandonS: s.shortAbandonS ?? null,
    scopeUnitId: s.scopeUnitId ?? null,
    scopeQueueId: s.scopeQueueId ?? null,
    scopeChannel: s.scopeChannel ?? null,
  }));
export type SlaInput = z.input<typeof slaInputSchema>;
export type SlaTerms = z.output<typeof slaInputSchema>;

/** In-house units get the same form, without money: no critical SLAs, no allocations. */
export const internalTargetsInputSchema = z.object({
  effectiveFrom: isoDateSchema,
  targets: z
    .array(
      slaInputSchema.superRefine((s, ctx) => {
        if (s.isCritical || s.allocationBp !== null) ctx.addIssue({ code: 'custom', path: ['isCritical'], ...E('internalTargetNoMoney') });
      }),
    )
    .min(1, E('targetsRequired'))
    .max(100, E('tooMany')),
});
export type InternalTargetsInput = z.input<typeof internalTargetsInputSchema>;
