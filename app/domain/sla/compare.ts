import type { Comparator } from '../contracts/sla';

/**
 * Exact comparison of a KPI ratio with an SLA target. A month's figures are compared unrounded: 7,999 of
 * 10,000 answered in 20 s is 79.99 %, a miss of 80 % even though it displays as "80.0 %". Floating-point
 * division must not decide the boundary either, so numerator, denominator and target are each read as the
 * exact decimal their shortest representation spells ("0.8" is 8/10, not 0.8000000000000000444) and the
 * comparison is done on integers: n / d ≥ t  ⇔  n·t_d ≥ t_n·d for d > 0.
 */
interface Rational {
  /** numerator, signed */
  n: bigint;
  /** denominator, > 0 */
  d: bigint;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/** The exact decimal value of a finite number's shortest round-trip representation. */
export function toRational(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`Not a finite number: ${x}`);
  const match = DECIMAL.exec(String(x));
  if (!match) throw new RangeError(`Unparseable number: ${x}`);
  const [, sign, whole = '0', fraction = '', exponentText = '0'] = match;
  const scale = fraction.length - Number(exponentText);
  let n = BigInt(whole + fraction);
  let d = 1n;
  if (scale >= 0) d = 10n ** BigInt(scale);
  else n *= 10n ** BigInt(-scale);
  return { n: sign ? -n : n, d };
}

/** Sign of numerator / denominator − target: -1, 0 or 1. The denominator must be > 0. */
export function compareRatio(numerator: number, denominator: number, target: number): -1 | 0 | 1 {
  if (!(denominator > 0)) throw new RangeError('A ratio with no positive denominator has no value');
  const a = toRational(numerator);
  const c = toRational(denominator);
  const t = toRational(target);
  // (a.n/a.d) / (c.n/c.d) vs t.n/t.d, multiplied through by a.d · c.n · t.d > 0.
  const left = a.n * c.d * t.d;
  const right = t.n * a.d * c.n;
  return left === right ? 0 : left > right ? 1 : -1;
}

/** Whether numerator / denominator satisfies `comparator target`; a value exactly at the target meets it. */
export function meetsTarget(numerator: number, denominator: number, comparator: Comparator, target: number): boolean {
  const sign = compareRatio(numerator, denominator, target);
  return comparator === 'gte' ? sign >= 0 : sign <= 0;
}
