import type { Locale } from './index';

/** Dates and times in the user's locale, shown in the program's (or the user's) time zone. */
export function formatDateTime(locale: Locale, value: Date | string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value));
}

export function formatDate(locale: Locale, value: Date | string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(value));
}

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

export function formatPercent(locale: Locale, ratio: number | null, fractionDigits = 1): string {
  if (ratio === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(ratio);
}

export function currencyFractionDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Money held as integer minor units (bigint or safe integer) rendered exactly: the decimal string is
 * built with integer arithmetic and handed to Intl as a string, so no floating point touches it.
 */
export function formatMoney(locale: Locale, minorUnits: bigint | number, currency: string): string {
  const digits = currencyFractionDigits(currency);
  const minor = BigInt(minorUnits);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(digits);
  const whole = abs / scale;
  const fraction = (abs % scale).toString().padStart(digits, '0');
  const decimal = `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits });
  return format.format(decimal as unknown as number);
}
