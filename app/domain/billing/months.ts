/** "YYYY-MM" arithmetic for billing periods. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function addMonths(month: string, count: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month before the one `now` falls in (UTC): the last complete month, the billing page's default. */
export function lastCompleteMonth(now: Date): string {
  return addMonths(now.toISOString().slice(0, 7), -1);
}
