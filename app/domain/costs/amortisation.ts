/**
 * Transition costs amortised evenly over N months from a start month (schema: transition_costs). The
 * remainder of the integer division goes to the first month, so the months add up to the amount exactly.
 */
import { addMonths } from './months';

export interface AmortisedMonth {
  month: string;
  amountMinor: bigint;
}

export function amortisationSchedule(amountMinor: bigint, startMonth: string, months: number): AmortisedMonth[] {
  if (!Number.isInteger(months) || months < 1) throw new RangeError('amortisation takes at least one month');
  if (amountMinor < 0n) throw new RangeError('a transition cost is not negative');
  const share = amountMinor / BigInt(months);
  const remainder = amountMinor - share * BigInt(months);
  return Array.from({ length: months }, (_, index) => ({ month: addMonths(startMonth, index), amountMinor: index === 0 ? share + remainder : share }));
}

/** The part of a transition cost that falls in `month` (0 outside its schedule). */
export function amortisedInMonth(cost: { amountMinor: bigint; startMonth: string; amortisationMonths: number }, month: string): bigint {
  if (month < cost.startMonth || month > addMonths(cost.startMonth, cost.amortisationMonths - 1)) return 0n;
  const share = cost.amountMinor / BigInt(cost.amortisationMonths);
  return month === cost.startMonth ? cost.amountMinor - share * BigInt(cost.amortisationMonths - 1) : share;
}
