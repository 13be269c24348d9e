/** The comparison's range: whole calendar months of the program's time zone, from..to inclusive. */
import { z } from 'zod';
import { addMonths, MONTH_PATTERN, monthsBetween } from './months';

export const MAX_COMPARISON_MONTHS = 36;
export const DEFAULT_COMPARISON_MONTHS = 6;

export const comparisonRangeSchema = z
  .object({
    from: z.string().regex(MONTH_PATTERN, 'costs.error.month').describe('First month, YYYY-MM (program time zone)'),
    to: z.string().regex(MONTH_PATTERN, 'costs.error.month').describe('Last month, included, YYYY-MM'),
  })
  .superRefine((value, ctx) => {
    if (!MONTH_PATTERN.test(value.from) || !MONTH_PATTERN.test(value.to)) return;
    if (value.to < value.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'costs.error.rangeOrder' });
    else if (monthsBetween(value.from, value.to).length > MAX_COMPARISON_MONTHS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'costs.error.rangeTooLong' });
  });
export type ComparisonRange = z.output<typeof comparisonRangeSchema>;

/** Without a range: the last DEFAULT_COMPARISON_MONTHS months up to the one holding `today` (YYYY-MM-DD). */
export function defaultComparisonRange(today: string): ComparisonRange {
  const to = today.slice(0, 7);
  return { from: addMonths(to, -(DEFAULT_COMPARISON_MONTHS - 1)), to };
}
