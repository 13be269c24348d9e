import { z } from 'zod';
import { CHANNELS } from '../programs/schemas';
import { blankToUndefined, moneySchema } from './decimal';

/** The pricing models of DOMAIN.md; pass-through items (telecom) are billed as the vendor incurred them. */
export const PRICING_MODELS = ['per_handled_contact', 'per_handled_minute', 'per_productive_hour', 'per_fte_month', 'fixed_monthly_fee', 'pass_through'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

/** What one unit of each model is; volume tiers are bands of this quantity per month. */
export const PRICING_UNITS: Record<PricingModel, string> = {
  per_handled_contact: 'handled contact',
  per_handled_minute: 'handled minute',
  per_productive_hour: 'productive hour',
  per_fte_month: 'FTE-month',
  fixed_monthly_fee: 'month',
  pass_through: 'item',
};

const E = (key: string) => ({ message: `programs.error.${key}` });

/** A band of monthly quantity [fromQty, toQty) priced at `rate` per unit; the last band may be open. */
export const tierSchema = z.object({
  fromQty: z.coerce.number(E('notANumber')).min(0, E('outOfRange')),
  toQty: z.preprocess(blankToUndefined, z.coerce.number(E('notANumber')).min(0, E('outOfRange')).optional()),
  rate: moneySchema,
});
export type Tier = z.output<typeof tierSchema>;

export const rateLineInputSchema = z
  .object({
    pricingModel: z.enum(PRICING_MODELS, E('invalidPricingModel')),
    description: z.preprocess(blankToUndefined, z.string().trim().max(200, E('tooLong')).optional()),
    channel: z.preprocess(blankToUndefined, z.enum(CHANNELS, E('invalidChannel')).optional()),
    queueId: z.preprocess(blankToUndefined, z.uuid(E('invalidScope')).optional()),
    rate: z.preprocess(blankToUndefined, moneySchema.optional()),
    tiers: z.array(tierSchema).max(20, E('tooMany')).default([]),
  })
  .superRefine((line, ctx) => {
    const tiered = line.tiers.length > 0;
    if (line.pricingModel === 'pass_through' && !line.description) ctx.addIssue({ code: 'custom', path: ['description'], ...E('passThroughNeedsDescription') });
    if (tiered && (line.pricingModel === 'fixed_monthly_fee' || line.pricingModel === 'pass_through')) {
      ctx.addIssue({ code: 'custom', path: ['tiers'], ...E('tiersNotAllowed') });
    }
    if (tiered && line.rate !== undefined) ctx.addIssue({ code: 'custom', path: ['rate'], ...E('rateOrTiers') });
    if (!tiered && line.rate === undefined && line.pricingModel !== 'pass_through') ctx.addIssue({ code: 'custom', path: ['rate'], ...E('rateRequired') });
    line.tiers.forEach((tier, i) => {
      const isLast = i === line.tiers.length - 1;
      if (tier.toQty === undefined && !isLast) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'toQty'], ...E('openTierNotLast') });
      if (tier.toQty !== undefined && tier.toQty <= tier.fromQty) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'toQty'], ...E('tierBoundsInvalid') });
      const previous = line.tiers[i - 1];
      if (previous) {
        if (tier.fromQty < (previous.toQty ?? Number.POSITIVE_INFINITY)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'fromQty'], ...E('tiersOverlap') });
      }
    });
  })
  .transform((line) => ({
    ...line,
    description: line.description ?? null,
    channel: line.channel ?? null,
    queueId: line.queueId ?? null,
    rate: line.rate ?? null,
    tiers: line.tiers.map((t) => ({ fromQty: t.fromQty, toQty: t.toQty ?? null, rate: t.rate })),
  }));
export type RateLineInput = z.input<typeof rateLineInputSchema>;
export type RateLineTerms = z.output<typeof rateLineInputSchema>;
export type StoredTier = RateLineTerms['tiers'][number];
