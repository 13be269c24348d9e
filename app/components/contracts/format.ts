import { KPIS, type KpiId } from '#app/domain/kpi/catalog';
import { targetToDisplay } from '#app/domain/contracts/sla';
import { currencyFractionDigits, numberFormat } from '#app/i18n/format';
import type { Locale } from '#app/i18n/index';

/**
 * A rate-card amount (a decimal string such as "45.2500") in the contract currency. The string goes to
 * Intl as is, so no float touches it; rates keep up to four decimals, never fewer than the currency's.
 */
export function formatRate(locale: Locale, value: string | null, currency: string): string {
  if (value === null || value === '') return '—';
  const digits = currencyFractionDigits(currency);
  const format = numberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 4) });
  return format.format(value as unknown as number);
}

/** Basis points as a localized percentage: 1250 → "12.5%". */
export function formatBpPercent(locale: Locale, bp: number | null): string {
  if (bp === null) return '—';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000);
}

/** An SLA target in its KPI's unit: "80%", "30 s", "90", or money in the contract currency. */
export function formatSlaTarget(locale: Locale, kpi: string, stored: number, currency: string): string {
  const info = KPIS[kpi as KpiId];
  if (!info) return String(stored);
  const shown = targetToDisplay(info.id, stored);
  const number = (n: number) => numberFormat(locale, { maximumFractionDigits: 4 }).format(n);
  switch (info.unit) {
    case 'ratio':
      return `${number(shown)}%`;
    case 'seconds':
      return `${number(shown)} s`;
    case 'money':
      return formatRate(locale, String(shown), currency);
    default:
      return number(shown);
  }
}

/** Basis points back to the percent a form shows: 1250 → "12.5". */
export const percentOfBp = (bp: number | null | undefined): string => (bp === null || bp === undefined ? '' : String(Number((bp / 100).toFixed(2))));
