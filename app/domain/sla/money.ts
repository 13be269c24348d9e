/** Integer money (minor units, bigint) and the rounding modes a contract may state. */
export const ROUNDING_MODES = ['half_up', 'down'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/**
 * numerator / denominator rounded to an integer. half_up rounds a half away from zero ($0.005 → $0.01);
 * down truncates toward zero. Credits are never negative, where both agree with their usual meaning.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = mode === 'half_up' ? (2n * magnitude + denominator) / (2n * denominator) : magnitude / denominator;
  return negative ? -quotient : quotient;
}

/** amount × bp / 10,000, rounded once. */
export function applyBasisPoints(amountMinor: bigint, bp: number, mode: RoundingMode): bigint {
  if (!Number.isInteger(bp) || bp < 0) throw new RangeError(`basis points must be a non-negative integer: ${bp}`);
  return divideRounded(amountMinor * BigInt(bp), 10_000n, mode);
}

/**
 * Splits `total` over `weights` in proportion, to the minor unit, so the parts add up to `total` exactly
 * (Hamilton / largest remainder): each part gets floor(total × w / Σw), and the units left over go one by
 * one to the largest remainders, ties to the earlier entry.
 */
export function allocateProportionally(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((acc, w) => acc + w, 0n);
  if (total < 0n || weights.some((w) => w < 0n)) throw new RangeError('allocation takes non-negative amounts');
  if (sum === 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, index) => ({ index, remainder: (total * w) % sum }));
  let left = total - parts.reduce((acc, p) => acc + p, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}
