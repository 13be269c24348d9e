/**
 * The arithmetic of the in-house vs outsourced comparison (DOMAIN.md: cost per contact = the unit's total
 * cost in the period / handled). Ratios of money are exact rationals of integers; they are rounded once,
 * half up, to minor units for display. Handling time is counted in milliseconds so a fractional second
 * reported by a feed stays exact.
 */
import { allocateProportionally, divideRounded } from '#app/domain/sla/money';

export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

/** A rational amount of minor units, and the same rounded half up to a whole minor unit. */
export interface ExactMoney {
  exact: Rational;
  roundedMinor: bigint;
}

export function exactMoney(numerator: bigint, denominator: bigint): ExactMoney | null {
  if (denominator <= 0n) return null;
  return { exact: { numerator, denominator }, roundedMinor: divideRounded(numerator, denominator, 'half_up') };
}

/** Seconds as reported (may carry milliseconds) → integer milliseconds. */
export const millisOf = (seconds: number): bigint => BigInt(Math.round(seconds * 1000));

/** Total cost / handled contacts; null ("no data") when nothing was handled. */
export function costPerContact(totalMinor: bigint, handled: number): ExactMoney | null {
  return exactMoney(totalMinor, BigInt(Math.round(handled)));
}

/** Total cost / handled minutes (talk + hold + wrap); null without handling time. */
export function costPerHandledMinute(totalMinor: bigint, handleSeconds: number): ExactMoney | null {
  return exactMoney(totalMinor * 60_000n, millisOf(handleSeconds));
}

/**
 * A unit's monthly cost split over its channels in proportion to handled minutes (the work each channel
 * took); shares sum to the total exactly. Without any handling time the whole cost stays unallocated.
 */
export function splitByWorkload<K extends string>(totalMinor: bigint, handleSecondsByKey: ReadonlyMap<K, number>): Map<K, bigint> {
  const keys = [...handleSecondsByKey.keys()];
  const parts = allocateProportionally(totalMinor, keys.map((k) => millisOf(handleSecondsByKey.get(k) ?? 0)));
  return new Map(keys.map((k, i) => [k, parts[i] ?? 0n]));
}

/** Split of a contract's charges over its units by handled volume; equal parts when no unit handled anything. */
export function splitByVolume(totalMinor: bigint, handled: readonly number[]): bigint[] {
  const weights = handled.map((h) => BigInt(Math.max(0, Math.round(h))));
  const anyVolume = weights.some((w) => w > 0n);
  return allocateProportionally(totalMinor, anyVolume ? weights : handled.map(() => 1n));
}

/** Each channel's share of the unit's handled contacts (0..1); empty without volume. */
export function channelMix<K extends string>(handledByChannel: ReadonlyMap<K, number>): Map<K, number> {
  const total = [...handledByChannel.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return new Map();
  return new Map([...handledByChannel].map(([k, v]) => [k, v / total]));
}

export interface GapSide {
  totalMinor: bigint;
  handled: number;
  handleSeconds: number;
  mix: ReadonlyMap<string, number>;
}

/** AHT differences at or above this share change the cost per contact enough to be explained. */
export const AHT_GAP_WORTH_EXPLAINING = 0.1;
/** A channel whose share of contacts differs by this much (percentage points / 100) changes the mix. */
export const MIX_GAP_WORTH_EXPLAINING = 0.1;

export interface GapExplanation {
  /** AHT in seconds of the reference (in-house) and the other unit. */
  referenceAht: number;
  otherAht: number;
  /** (other - reference) / reference: negative when the other unit spends fewer minutes per contact. */
  minutesPerContactChange: number;
  isAhtDifferent: boolean;
  /** The largest gap in channel shares, its channel and the two shares. */
  mixGap: { channel: string; reference: number; other: number } | null;
  costPerContactGapMinor: bigint;
  costPerMinuteGapMinor: bigint;
  /** The other unit's cost per contact had it spent the reference's minutes per contact. */
  otherAtReferenceAhtMinor: bigint;
}

/**
 * Why two units' cost per contact differ beyond price: a different AHT (minutes per contact) or a
 * different mix of channels. Null when either side has no volume or handling time (nothing to compare).
 */
export function explainGap(reference: GapSide, other: GapSide): GapExplanation | null {
  const refMs = millisOf(reference.handleSeconds);
  const otherMs = millisOf(other.handleSeconds);
  if (reference.handled <= 0 || other.handled <= 0 || refMs <= 0n || otherMs <= 0n) return null;
  const refPerContact = costPerContact(reference.totalMinor, reference.handled)!;
  const otherPerContact = costPerContact(other.totalMinor, other.handled)!;
  const refPerMinute = costPerHandledMinute(reference.totalMinor, reference.handleSeconds)!;
  const otherPerMinute = costPerHandledMinute(other.totalMinor, other.handleSeconds)!;
  const referenceAht = reference.handleSeconds / reference.handled;
  const otherAht = other.handleSeconds / other.handled;
  const change = (otherAht - referenceAht) / referenceAht;
  let mixGap: GapExplanation['mixGap'] = null;
  for (const channel of new Set([...reference.mix.keys(), ...other.mix.keys()])) {
    const a = reference.mix.get(channel) ?? 0;
    const b = other.mix.get(channel) ?? 0;
    if (Math.abs(b - a) >= MIX_GAP_WORTH_EXPLAINING && (!mixGap || Math.abs(b - a) > Math.abs(mixGap.other - mixGap.reference))) mixGap = { channel, reference: a, other: b };
  }
  // other total × (reference ms / reference handled) / other ms, one rounding.
  const atReference = divideRounded(other.totalMinor * refMs, otherMs * BigInt(Math.round(reference.handled)), 'half_up');
  return {
    referenceAht,
    otherAht,
    minutesPerContactChange: change,
    isAhtDifferent: Math.abs(change) >= AHT_GAP_WORTH_EXPLAINING,
    mixGap,
    costPerContactGapMinor: otherPerContact.roundedMinor - refPerContact.roundedMinor,
    costPerMinuteGapMinor: otherPerMinute.roundedMinor - refPerMinute.roundedMinor,
    otherAtReferenceAhtMinor: atReference,
  };
}
