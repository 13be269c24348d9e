/** Calendar months written "YYYY-MM", the key of every cost row and comparison period. */
import { z } from 'zod';

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const monthSchema = z.string().trim().regex(MONTH_PATTERN, 'costs.error.month');

export function isMonth(value: string): boolean {
  return MONTH_PATTERN.test(value);
}

/** "2026-11" + 3 → "2027-02". */
export function addMonths(month: string, count: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** The month a cell of a file names: "2026-03", or a date in it ("2026-03-01", as Excel turns a typed month into a date). */
export function monthOfCell(text: string): string | null {
  const value = text.trim();
  if (MONTH_PATTERN.test(value)) return value;
  const date = /^(\d{4}-(?:0[1-9]|1[0-2]))-(0[1-9]|[12]\d|3[01])(?:[T ].*)?$/.exec(value);
  return date ? date[1]! : null;
}
