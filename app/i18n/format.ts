import type { Locale } from './index';

/**
 * Intl formatters are costly to build (tens of microseconds each) and a dashboard formats thousands of
 * cells, so one formatter per locale and options is kept and reused. The options objects here are few
 * and fixed (plus the currency and time zone), so the caches stay small.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The cache key of a locale and flat options; a dashboard asks thousands of times, so no JSON.stringify. */
function formatKey(locale: string, options: Intl.NumberFormatOptions | Intl.DateTimeFormatOptions): string {
  let key = locale;
  for (const name in options) {
    const value: unknown = options[name as keyof typeof options];
    if (value !== undefined) key += `|${name}=${String(value)}`;
  }
  return key;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = formatKey(locale, options);
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = formatKey(locale, options);
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

/** Dates and times in the user's locale, shown in the program's (or the user's) time zone. */
export function formatDateTime(locale: Locale, value: Date | string, timeZone?: string): string {
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value));
}

export function formatDate(locale: Locale, value: Date | string, timeZone?: string): string {
  return dateFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(value));
}

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 2): string {
  return numberFormat(locale, { maximumFractionDigits }).format(value);
}

export function formatPercent(locale: Locale, ratio: number | null, fractionDigits = 1): string {
  if (ratio === null) return '—';
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(ratio);
}

export function currencyFractionDigits(currency: string): number {
  return numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
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
  return numberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits }).format(decimal as unknown as number);
}
