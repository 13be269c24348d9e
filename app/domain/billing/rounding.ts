/**
 * Rounding of invoice money to the minor unit, as contract_billing_settings.rounding_mode states:
 *  half_up    a half rounds away from zero (0.5 → 1, -0.5 → -1): the usual commercial rule, the default
 *  half_even  a half rounds to the even neighbour (0.5 → 0, 1.5 → 2, 2.5 → 2): "banker's rounding"
 *  down       truncates toward zero (0.99 → 0, -0.99 → 0)
 * Every invoice line is rounded exactly once, from its exact rational amount.
 */
import type { RoundingMode } from '#db/schema/billing';

export type { RoundingMode };

/** numerator / denominator as an integer, rounded by `mode`; sign-symmetric. */
export function divideRound(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divideRound(-numerator, -denominator, mode);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const twiceRemainder = 2n * (magnitude % denominator);
  let rounded = quotient;
  if (mode === 'half_up' && twiceRemainder >= denominator) rounded += 1n;
  if (mode === 'half_even' && (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n))) rounded += 1n;
  return negative ? -rounded : rounded;
}

/** A decimal string ("45.0000", "-1.5") as value × 10^scale, exactly; digits beyond `scale` are refused. */
export function parseScaled(value: string, scale: number): bigint {
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match || (!match[2] && !match[3])) throw new RangeError(`Not a decimal: ${value}`);
  const [, sign, whole = '', fraction = ''] = match;
  const extra = fraction.slice(scale);
  if (/[1-9]/.test(extra)) throw new RangeError(`More than ${scale} decimals: ${value}`);
  const digits = BigInt((whole || '0') + fraction.padEnd(scale, '0').slice(0, scale));
  return sign ? -digits : digits;
}

/** value × 10^-scale as a decimal string with exactly `scale` decimals ("-0.0500"). */
export function formatScaled(scaled: bigint, scale: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Minor units as a major-unit decimal string: 123456n with 2 digits → "1234.56". */
export function formatMinor(minor: bigint, minorDigits: number): string {
  return formatScaled(minor, minorDigits);
}

/** amount × bp / 10,000 rounded once (tax of a line). */
export function basisPointsOf(amountMinor: bigint, bp: number, mode: RoundingMode): bigint {
  if (!Number.isInteger(bp) || bp < 0) throw new RangeError(`basis points must be a non-negative integer: ${bp}`);
  return divideRound(amountMinor * BigInt(bp), 10_000n, mode);
}
