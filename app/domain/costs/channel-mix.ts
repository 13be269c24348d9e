/**
 * The channel-mix what-if (issue 6, DOMAIN.md "A telecom's experience"): the same monthly demand split
 * differently between IVR self-service, the web and agents, each interaction at its channel's cost.
 * Pure and browser-safe, so the page recomputes live as the sliders move and the server answers the
 * same without JavaScript. Money stays an exact fraction of minor units until one rounding per figure.
 */

export const MIX_CHANNELS = ['ivr', 'web', 'agent'] as const;
export type MixChannel = (typeof MIX_CHANNELS)[number];
export type Shares = Record<MixChannel, number>;

/** The seed's telecom: about 50 % resolved in IVR, 20 % more moved to the web, 30 % left to agents. */
export const TELECOM_SHARES: Shares = { ivr: 50, web: 20, agent: 30 };

/** A cost per interaction in minor units, as num / den (den > 0). */
export interface CostFraction {
  num: bigint;
  den: bigint;
}

export interface ChannelBaseline {
  /** Interactions of the channel over the reference period (all months together). */
  interactions: number;
  /** Cost of one interaction; null when the data does not say (the page asks for it). */
  cost: CostFraction | null;
}

export interface MixBaseline {
  /** Months in the reference period: the monthly figures are the period's totals divided by it. */
  months: number;
  channels: Record<MixChannel, ChannelBaseline>;
}

export type MixError = { kind: 'share_range'; channel: MixChannel } | { kind: 'share_sum'; sum: number } | { kind: 'cost_unknown'; channel: MixChannel } | { kind: 'no_volume' };

export interface ChannelFigures {
  /** Interactions per month (may be fractional: a monthly average). */
  interactions: number;
  costMinor: bigint;
}

export interface MixResult {
  interactionsPerMonth: number;
  today: { shares: Shares; channels: Record<MixChannel, ChannelFigures | null>; totalMinor: bigint | null };
  scenario: { shares: Shares; channels: Record<MixChannel, ChannelFigures>; totalMinor: bigint };
  /** scenario − today; null when today's cost is not known for every channel in use. */
  differenceMinor: bigint | null;
}

/** Whole percents from 0 to 100 that add up to exactly 100. */
export function checkShares(shares: Shares): MixError | null {
  for (const channel of MIX_CHANNELS) {
    const share = shares[channel];
    if (!Number.isInteger(share) || share < 0 || share > 100) return { kind: 'share_range', channel };
  }
  const sum = MIX_CHANNELS.reduce((acc, c) => acc + shares[c], 0);
  return sum === 100 ? null : { kind: 'share_sum', sum };
}

const roundHalfUp = (num: bigint, den: bigint): bigint => (num >= 0n ? (2n * num + den) / (2n * den) : -((2n * -num + den) / (2n * den)));

/** Today's shares of the demand, in whole percents by largest remainder (they add up to 100). */
export function todayShares(baseline: MixBaseline): Shares {
  const total = MIX_CHANNELS.reduce((acc, c) => acc + baseline.channels[c].interactions, 0);
  if (total <= 0) return { ivr: 0, web: 0, agent: 100 };
  const exact = MIX_CHANNELS.map((c) => (baseline.channels[c].interactions * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return { ivr: floors[0]!, web: floors[1]!, agent: floors[2]! };
}

/**
 * The same total demand (today's interactions of all three channels per month) at the scenario's shares.
 * Each channel's monthly cost = total × share / 100 × cost per interaction / months, rounded once.
 */
export function computeMix(baseline: MixBaseline, shares: Shares): { ok: true; result: MixResult } | { ok: false; error: MixError } {
  const shareError = checkShares(shares);
  if (shareError) return { ok: false, error: shareError };
  if (!(baseline.months > 0)) return { ok: false, error: { kind: 'no_volume' } };
  const totalCount = MIX_CHANNELS.reduce((acc, c) => acc + baseline.channels[c].interactions, 0);
  if (!(totalCount > 0)) return { ok: false, error: { kind: 'no_volume' } };
  for (const channel of MIX_CHANNELS) {
    if (shares[channel] > 0 && baseline.channels[channel].cost === null) return { ok: false, error: { kind: 'cost_unknown', channel } };
  }
  // Counts are whole interactions over the period; × 1000 keeps any fraction a feed might carry.
  const milli = (n: number) => BigInt(Math.round(n * 1000));
  const months = BigInt(baseline.months);
  const total = milli(totalCount);

  const scenarioChannels = {} as Record<MixChannel, ChannelFigures>;
  let scenarioTotal = 0n;
  for (const channel of MIX_CHANNELS) {
    const cost = baseline.channels[channel].cost ?? { num: 0n, den: 1n };
    const costMinor = roundHalfUp(total * BigInt(shares[channel]) * cost.num, 1000n * 100n * cost.den * months);
    scenarioChannels[channel] = { interactions: (totalCount * shares[channel]) / 100 / baseline.months, costMinor };
    scenarioTotal += costMinor;
  }

  const todayChannels = {} as Record<MixChannel, ChannelFigures | null>;
  let todayTotal: bigint | null = 0n;
  for (const channel of MIX_CHANNELS) {
    const { interactions, cost } = baseline.channels[channel];
    if (cost === null) {
      todayChannels[channel] = interactions > 0 ? null : { interactions: 0, costMinor: 0n };
      if (interactions > 0) todayTotal = null;
      continue;
    }
    const costMinor = roundHalfUp(milli(interactions) * cost.num, 1000n * cost.den * months);
    todayChannels[channel] = { interactions: interactions / baseline.months, costMinor };
    if (todayTotal !== null) todayTotal += costMinor;
  }
  return {
    ok: true,
    result: {
      interactionsPerMonth: totalCount / baseline.months,
      today: { shares: todayShares(baseline), channels: todayChannels, totalMinor: todayTotal },
      scenario: { shares, channels: scenarioChannels, totalMinor: scenarioTotal },
      differenceMinor: todayTotal === null ? null : scenarioTotal - todayTotal,
    },
  };
}

/** A cost per interaction as the page shows it: minor units rounded once. */
export const costPerInteractionMinor = (cost: CostFraction): bigint => roundHalfUp(cost.num, cost.den);

/** JSON-safe form of a fraction (loaders cannot send bigints). */
export const fractionToJson = (f: CostFraction | null) => (f === null ? null : { num: f.num.toString(), den: f.den.toString() });
export const fractionFromJson = (f: { num: string; den: string } | null): CostFraction | null => (f === null ? null : { num: BigInt(f.num), den: BigInt(f.den) });

/** What the page's loader sends: the reference period's interactions and costs per channel. */
export interface ChannelMixBaselineDto {
  programId: string;
  programName: string;
  currency: string;
  minorDigits: number;
  from: string;
  to: string;
  months: number;
  channels: Record<MixChannel, { interactions: number; cost: { num: string; den: string } | null }>;
  /** Months of the period whose cost is incomplete: an in-house unit without a cost row, a contract without a charge. */
  incomplete: { kind: 'in_house' | 'vendor'; name: string; month: string }[];
}
