/**
 * The Erlang C counterfactual (DOMAIN.md "Erlang C", issue 6): the agents an in-house site would need for
 * a vendor unit's measured intervals, grossed up by shrinkage and priced at the in-house cost of a paid
 * hour. Pure arithmetic; the service reads the figures.
 *
 * Shrinkage and the hourly cost come from the same in-house cost row, so they are never counted twice:
 *   paid hours in-house     P = agent FTE × HOURS_PER_FTE_MONTH
 *   shrinkage               s = 1 − productive hours / P
 *   cost of a paid hour     total in-house cost / P
 *   counterfactual cost     agent hours / (1 − s) × total / P   (= agent hours × total / productive hours)
 * Everything stays an exact fraction of bigints until the one half-up rounding of the result.
 */
import { solveAgents } from '#app/domain/staffing/erlang-c';
import { divideRounded } from '#app/domain/sla/money';

/** Paid hours of one agent FTE in a month: 21 working days × 8 hours, a common planning figure. */
export const HOURS_PER_FTE_MONTH = 168;
export const DEFAULT_SHRINKAGE = 0.3;
export const DEFAULT_TARGET = { serviceLevel: 0.8, thresholdSeconds: 20 } as const;
/** Real-time queues where "answered within T" and Erlang C apply; email and back office are not staffed this way. */
export const ERLANG_CHANNELS = ['voice'] as const;

export interface MeasuredInterval {
  /** Contacts that arrived (offered, abandoned included: the demand to staff for). */
  offered: number;
  handled: number;
  /** talk + hold + wrap of the handled contacts, seconds. */
  handleSeconds: number;
  intervalMinutes: number;
}

export interface IntervalStaffing {
  intervals: number;
  skipped: number;
  /** Σ agents on the phones × interval minutes (an integer). */
  agentMinutes: number;
  offered: number;
  handled: number;
}

/**
 * Agents per interval for the target, summed as agent-minutes. An interval with arrivals but no handled
 * contact has no measured AHT and is skipped (counted); daily rows are not intervals and are skipped too.
 * Identical (calls, AHT, length) triples are solved once: a month of quarter-hours repeats many.
 */
export function staffIntervals(intervals: readonly MeasuredInterval[], target: { serviceLevel: number; thresholdSeconds: number }): IntervalStaffing {
  const solved = new Map<string, number>();
  const out: IntervalStaffing = { intervals: 0, skipped: 0, agentMinutes: 0, offered: 0, handled: 0 };
  for (const interval of intervals) {
    out.offered += interval.offered;
    out.handled += interval.handled;
    if (interval.intervalMinutes >= 1440 || interval.intervalMinutes <= 0) {
      out.skipped += 1;
      continue;
    }
    if (interval.offered <= 0) {
      out.intervals += 1;
      continue;
    }
    if (interval.handled <= 0 || interval.handleSeconds <= 0) {
      out.skipped += 1;
      continue;
    }
    const ahtSeconds = interval.handleSeconds / interval.handled;
    const key = `${interval.offered}|${ahtSeconds}|${interval.intervalMinutes}`;
    let agents = solved.get(key);
    if (agents === undefined) {
      agents = solveAgents({
        calls: interval.offered,
        intervalSeconds: interval.intervalMinutes * 60,
        ahtSeconds,
        thresholdSeconds: target.thresholdSeconds,
        targetServiceLevel: target.serviceLevel,
      }).agents;
      solved.set(key, agents);
    }
    out.intervals += 1;
    out.agentMinutes += agents * interval.intervalMinutes;
  }
  return out;
}

/** An in-house unit's month as stored (numeric columns as their decimal strings). */
export interface InHouseCostRow {
  agentFte: string;
  productiveHours: string;
  loadedCostPerFteMinor: bigint;
  /** Σ of the other categories (supervision, facilities, technology, telecom, training, overhead). */
  otherMinor: bigint;
  /** Of otherMinor, technology + telecom (the channel mix charges them to self-service too). */
  sharedMinor?: bigint;
}

/** Several in-house units' months summed, in hundredths (FTE and hours carry two decimals). */
export interface InHouseMonth {
  fteHundredths: bigint;
  productiveHundredths: bigint;
  /** Total cost × 100, exact (FTE × loaded cost is not rounded before the sum). */
  totalMinorTimes100: bigint;
}

export function hundredths(decimal: string): bigint {
  const match = /^(\d+)(?:\.(\d{0,2})\d*)?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`Not a non-negative decimal: ${decimal}`);
  return BigInt(match[1]! + (match[2] ?? '').padEnd(2, '0'));
}

export function sumInHouseMonth(rows: readonly InHouseCostRow[]): InHouseMonth {
  return rows.reduce<InHouseMonth>(
    (acc, row) => {
      const fte = hundredths(row.agentFte);
      return {
        fteHundredths: acc.fteHundredths + fte,
        productiveHundredths: acc.productiveHundredths + hundredths(row.productiveHours),
        totalMinorTimes100: acc.totalMinorTimes100 + fte * row.loadedCostPerFteMinor + 100n * row.otherMinor,
      };
    },
    { fteHundredths: 0n, productiveHundredths: 0n, totalMinorTimes100: 0n },
  );
}

export const totalCostMinor = (m: InHouseMonth): bigint => divideRounded(m.totalMinorTimes100, 100n, 'half_up');

/** 1 − s as an exact fraction. */
interface Fraction {
  num: bigint;
  den: bigint;
}

export interface Shrinkage {
  value: number;
  source: 'in_house_costs' | 'default';
  keep: Fraction;
}

/**
 * s = 1 − productive / paid from the cost row; an override (or no usable row) uses a fixed fraction,
 * taken to basis points. Productive hours above the paid hours mean no shrinkage, not a negative one.
 */
export function shrinkageOf(month: InHouseMonth | null, override?: number): Shrinkage {
  if (override !== undefined || !month || month.fteHundredths === 0n || month.productiveHundredths === 0n) {
    const value = override ?? DEFAULT_SHRINKAGE;
    if (!(value >= 0 && value < 1)) throw new RangeError('shrinkage must be in [0, 1)');
    const bp = BigInt(Math.round(value * 10_000));
    return { value: Number(bp) / 10_000, source: 'default', keep: { num: 10_000n - bp, den: 10_000n } };
  }
  const paid = month.fteHundredths * BigInt(HOURS_PER_FTE_MONTH);
  if (month.productiveHundredths >= paid) return { value: 0, source: 'in_house_costs', keep: { num: 1n, den: 1n } };
  return { value: 1 - Number(month.productiveHundredths) / Number(paid), source: 'in_house_costs', keep: { num: month.productiveHundredths, den: paid } };
}

export interface CounterfactualCost {
  agentHours: number;
  paidHours: number;
  /** Cost of one paid in-house hour, rounded half-up (for display only). */
  loadedHourlyCostMinor: bigint | null;
  /** paid hours × cost per paid hour, one half-up rounding; null without a usable in-house month. */
  costMinor: bigint | null;
}

/** Prices agent-minutes at the in-house month's cost of a paid hour, grossed up by `shrinkage`. */
export function priceAgentMinutes(agentMinutes: number, month: InHouseMonth | null, shrinkage: Shrinkage): CounterfactualCost {
  if (!Number.isInteger(agentMinutes) || agentMinutes < 0) throw new RangeError('agentMinutes must be a non-negative integer');
  const agentHours = agentMinutes / 60;
  const paidHours = (agentHours * Number(shrinkage.keep.den)) / Number(shrinkage.keep.num);
  if (!month || month.fteHundredths === 0n) return { agentHours, paidHours, loadedHourlyCostMinor: null, costMinor: null };
  // Paid in-house hours × 100 = FTE hundredths × 168; the total is also × 100, so the hundreds cancel.
  const paidHundredths = month.fteHundredths * BigInt(HOURS_PER_FTE_MONTH);
  const loadedHourlyCostMinor = divideRounded(month.totalMinorTimes100, paidHundredths, 'half_up');
  const costMinor = divideRounded(BigInt(agentMinutes) * month.totalMinorTimes100 * shrinkage.keep.den, 60n * paidHundredths * shrinkage.keep.num, 'half_up');
  return { agentHours, paidHours, loadedHourlyCostMinor, costMinor };
}

/** The months from `from` to `to` inclusive ("YYYY-MM"). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > to) break;
    out.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return out;
}

/** "YYYY-MM" shifted by n months (n may be negative). */
export function addMonths(key: string, n: number): string {
  const [year, month] = key.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
