/**
 * Exact arithmetic on the decimal strings invoice quantities and rates are stored as (numeric columns):
 * scaled to integers, never floats, so "1234.5678" − "1234.5600" is exactly "0.0078".
 */
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** `value` × 10^scale as an integer; digits beyond `scale` are dropped. Throws on a non-decimal. */
export function scaledOf(value: string, scale: number): bigint {
  const match = DECIMAL.exec(value.trim());
  if (!match || (!match[2] && !match[3])) throw new RangeError(`Not a decimal: ${value}`);
  const [, sign, whole = '', fraction = ''] = match;
  const digits = BigInt((whole || '0') + fraction.padEnd(scale, '0').slice(0, scale));
  return sign === '-' ? -digits : digits;
}

/** An integer scaled by 10^scale back to a decimal string with trailing zeros removed ("0.0078", "-2", "10.5"). */
export function decimalOf(scaled: bigint, scale: number): string {
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const unit = 10n ** BigInt(scale);
  const fraction = (abs % unit).toString().padStart(scale, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / unit}${fraction ? `.${fraction}` : ''}`;
}

/** b − a exactly, as a decimal string ("0" when equal). */
export function decimalDifference(a: string, b: string, scale: number): string {
  return decimalOf(scaledOf(b, scale) - scaledOf(a, scale), scale);
}
