/** Calendar months as "YYYY-MM" strings, the key of a billing period. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function lastDayOfMonth(month: string): string {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** `count` months ending with the month of `now`, latest first. */
export function recentMonths(now: Date, count: number): string[] {
  const months: string[] = [];
  for (let i = 0; i < count; i++) months.push(monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1))));
  return months;
}
