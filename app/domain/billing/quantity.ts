/**
 * The billable quantity of a pricing model, from a month's summed KPI components, as an exact rational
 * (num / den). Components are float8 sums of counts and seconds; seconds carry milliseconds, so every
 * quantity is taken in thousandths first (as the SLA engine's invoice basis always did).
 *
 *  per handled contact   handled
 *  per handled minute    (talk_s + hold_s + wrap_s) / 60
 *  per productive hour   staffed_s / 3600
 *  per FTE-month         staffed_s / 3600 / FTE_MONTH_HOURS
 *  fixed monthly fee     1 (the month)
 */
import type { Components } from '#app/domain/kpi/components';
import type { PricingModel } from '#app/domain/contracts/rate-card';
import { divideRound, formatScaled } from './rounding';

/**
 * Productive (staffed, logged-in) hours that make one FTE-month. DOMAIN.md gives no figure and the
 * contract terms carry none, so the portal states one: 160 h = 40 h a week × 4 weeks. A contract that
 * means something else prices per productive hour instead. Documented in docs/billing.md.
 */
export const FTE_MONTH_HOURS = 160;

export interface Quantity {
  num: bigint;
  den: bigint;
}

export type BillableComponents = Pick<Components, 'handled' | 'talk_s' | 'hold_s' | 'wrap_s' | 'staffed_s'>;

const milli = (x: number) => BigInt(Math.round(x * 1000));

/** The quantity of `model` in `c`; null for the models not measured by feeds (pass-through). */
export function quantityOf(model: PricingModel, c: BillableComponents): Quantity | null {
  switch (model) {
    case 'per_handled_contact':
      return { num: milli(c.handled), den: 1000n };
    case 'per_handled_minute':
      return { num: milli(c.talk_s + c.hold_s + c.wrap_s), den: 60_000n };
    case 'per_productive_hour':
      return { num: milli(c.staffed_s), den: 3_600_000n };
    case 'per_fte_month':
      return { num: milli(c.staffed_s), den: 3_600_000n * BigInt(FTE_MONTH_HOURS) };
    case 'fixed_monthly_fee':
      return { num: 1000n, den: 1000n };
    default:
      return null;
  }
}

/** Which measure a model sums, for the line's source. */
export const MEASURE_OF: Partial<Record<PricingModel, string>> = {
  per_handled_contact: 'handled',
  per_handled_minute: 'handled_minutes',
  per_productive_hour: 'productive_hours',
  per_fte_month: 'fte_months',
};

/** A band bound (a rate-card number) on the quantity's scale: bound × den, taken in thousandths like the quantity. */
export function boundOnScale(bound: number, q: Quantity): bigint {
  return (milli(bound) * q.den) / 1000n;
}

/** The quantity to 4 decimals (half up), as numeric(18,4) stores it; display only, amounts use the exact value. */
export function formatQuantity(q: Quantity): string {
  return formatScaled(divideRound(q.num * 10_000n, q.den, 'half_up'), 4);
}

export function quantityToNumber(q: Quantity): number {
  return Number(q.num) / Number(q.den);
}
