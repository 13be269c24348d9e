/**
 * Amounts as people type them (major units, "1,234,567.50") turned into integer minor units exactly, and
 * back. No floating point: the digits are moved, never multiplied.
 */

/** Why an amount was refused: an i18n key of the costs messages. */
export type AmountError = 'costs.error.amountFormat' | 'costs.error.amountDecimals' | 'costs.error.amountTooLarge';

/** Enough for any monthly cost of a bank (10^15 minor units); keeps the value inside a safe bigint column. */
const MAX_DIGITS_BEFORE_POINT = 13;

/**
 * "1,234.5" with 2 minor digits → 123450n. Thousands separators (",", spaces) are allowed; a sign, an
 * exponent or more decimals than the currency has are refused (a cost is never negative, never rounded).
 */
export function parseMajorAmount(text: string, minorDigits: number): { ok: true; minor: bigint } | { ok: false; error: AmountError } {
  const cleaned = text.trim().replace(/[,\s_]/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned) ?? /^()\.(\d+)$/.exec(cleaned);
  if (!match) return { ok: false, error: 'costs.error.amountFormat' };
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > minorDigits) return { ok: false, error: 'costs.error.amountDecimals' };
  if (whole.length > MAX_DIGITS_BEFORE_POINT) return { ok: false, error: 'costs.error.amountTooLarge' };
  return { ok: true, minor: BigInt(whole + fraction.padEnd(minorDigits, '0')) };
}

/** 123450n with 2 digits → "1234.50": the plain decimal string a form field shows again. */
export function minorToMajorString(minor: bigint, minorDigits: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(minorDigits + 1, '0');
  const whole = digits.slice(0, digits.length - minorDigits);
  const fraction = digits.slice(digits.length - minorDigits);
  return `${negative ? '-' : ''}${whole}${minorDigits > 0 ? `.${fraction}` : ''}`;
}

/**
 * A non-negative decimal quantity with at most `scale` decimals ("12.5" FTE, "1,840.25" hours), as the
 * string a numeric column stores; null when it is not one.
 */
export function parseDecimalQuantity(text: string, scale: number, maxWholeDigits: number): string | null {
  const cleaned = text.trim().replace(/[,\s_]/g, '');
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || cleaned === '' || cleaned === '.') return null;
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > scale || whole.length > maxWholeDigits) return null;
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A decimal string ("12.25") as an integer scaled by 10^scale (1225n), exactly. */
export function scaledOf(decimal: string, scale: number): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return BigInt((whole || '0') + fraction.padEnd(scale, '0').slice(0, scale));
}

/** Moves an amount from one currency exponent to another (an invoice kept with 0 digits, the program 2). */
export function rescaleMinor(minor: bigint, fromDigits: number, toDigits: number): bigint {
  if (fromDigits === toDigits) return minor;
  if (toDigits > fromDigits) return minor * 10n ** BigInt(toDigits - fromDigits);
  const divisor = 10n ** BigInt(fromDigits - toDigits);
  const magnitude = minor < 0n ? -minor : minor;
  const rounded = (2n * magnitude + divisor) / (2n * divisor);
  return minor < 0n ? -rounded : rounded;
}
