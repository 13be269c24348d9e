/**
 * Erlang C (M/M/N queue) for the in-house counterfactual and the staffing calculator (DOMAIN.md "Erlang C").
 * P(wait) comes from the Erlang B recursion B(n) = A·B(n−1) / (n + A·B(n−1)), whose values stay in (0, 1],
 * so there are no factorials or powers to overflow: it is stable for thousands of agents.
 */

export interface TrafficInput {
  /** Contacts arriving in the interval. */
  calls: number;
  intervalSeconds: number;
  ahtSeconds: number;
  /** T of the service level "X % answered within T seconds". */
  thresholdSeconds: number;
}

export interface EvaluateAgentsInput extends TrafficInput {
  agents: number;
}

export interface SolveAgentsInput extends TrafficInput {
  /** The wanted service level in (0, 1), e.g. 0.8 for 80/20. */
  targetServiceLevel: number;
  /** Share of paid time not spent on the phones (breaks, training, absence), in [0, 1). Default 0. */
  shrinkage?: number;
  /** Highest acceptable occupancy in (0, 1]. Default 1 (no cap). */
  maxOccupancy?: number;
}

export interface StaffingMetrics {
  trafficErlangs: number;
  agents: number;
  /** P(wait): the Erlang C probability that a contact has to queue. */
  probabilityOfWaiting: number;
  /** SL(T) = 1 − P(wait)·e^(−(N−A)·T/AHT). */
  serviceLevel: number;
  /** ASA = P(wait)·AHT / (N − A); null when N ≤ A, where the queue grows without bound. */
  asaSeconds: number | null;
  /** A / N, capped at 1: with N ≤ A agents are never idle. */
  occupancy: number;
}

export interface StaffingSolution extends StaffingMetrics {
  /** Agents to schedule so that `agents` are on the phones: ⌈N / (1 − shrinkage)⌉. */
  scheduledAgents: number;
  /** True when maxOccupancy, not the service-level target, set the agent count. */
  isOccupancyBound: boolean;
}

/** Traffic intensity A in Erlangs = calls × AHT / interval length. */
export function computeTrafficErlangs(calls: number, ahtSeconds: number, intervalSeconds: number): number {
  return (calls * ahtSeconds) / intervalSeconds;
}

/** Erlang B blocking probability for N servers, by the recursion (no factorials). */
export function erlangB(trafficErlangs: number, agents: number): number {
  let blocking = 1;
  for (let n = 1; n <= agents; n++) blocking = nextErlangB(trafficErlangs, n, blocking);
  return blocking;
}

function nextErlangB(trafficErlangs: number, n: number, previous: number): number {
  const offeredLoad = trafficErlangs * previous;
  return offeredLoad / (n + offeredLoad);
}

/** Erlang C from Erlang B: C = N·B / (N − A·(1 − B)); 1 when N ≤ A (everyone waits). */
function erlangCFromB(trafficErlangs: number, agents: number, blocking: number): number {
  if (agents <= trafficErlangs) return 1;
  return Math.min(1, (agents * blocking) / (agents - trafficErlangs * (1 - blocking)));
}

/** P(wait) for N agents offered A Erlangs. */
export function erlangC(trafficErlangs: number, agents: number): number {
  if (trafficErlangs === 0) return 0;
  return erlangCFromB(trafficErlangs, agents, erlangB(trafficErlangs, agents));
}

function metricsFor(
  trafficErlangs: number,
  agents: number,
  probabilityOfWaiting: number,
  ahtSeconds: number,
  thresholdSeconds: number,
): StaffingMetrics {
  if (trafficErlangs === 0) {
    return { trafficErlangs, agents, probabilityOfWaiting: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0 };
  }
  if (agents <= trafficErlangs) {
    return { trafficErlangs, agents, probabilityOfWaiting: 1, serviceLevel: 0, asaSeconds: null, occupancy: 1 };
  }
  const spareAgents = agents - trafficErlangs;
  return {
    trafficErlangs,
    agents,
    probabilityOfWaiting,
    serviceLevel: 1 - probabilityOfWaiting * Math.exp((-spareAgents * thresholdSeconds) / ahtSeconds),
    asaSeconds: (probabilityOfWaiting * ahtSeconds) / spareAgents,
    occupancy: trafficErlangs / agents,
  };
}

/** SL, ASA, occupancy and P(wait) for a given number of agents on the phones. */
export function evaluateAgents(input: EvaluateAgentsInput): StaffingMetrics {
  assertTraffic(input);
  if (!Number.isInteger(input.agents) || input.agents < 0) throw new RangeError('agents must be a non-negative integer');
  const trafficErlangs = computeTrafficErlangs(input.calls, input.ahtSeconds, input.intervalSeconds);
  const probabilityOfWaiting = erlangC(trafficErlangs, input.agents);
  return metricsFor(trafficErlangs, input.agents, probabilityOfWaiting, input.ahtSeconds, input.thresholdSeconds);
}

/**
 * The smallest N > A whose service level reaches the target (and whose occupancy stays within maxOccupancy),
 * with its metrics and the scheduled agents grossed up by shrinkage. With no calls, no agents are needed.
 * Walks N upward from ⌊A⌋ + 1 carrying the Erlang B recursion along, so a solve costs O(N).
 */
export function solveAgents(input: SolveAgentsInput): StaffingSolution {
  assertTraffic(input);
  const { ahtSeconds, thresholdSeconds, targetServiceLevel, shrinkage = 0, maxOccupancy = 1 } = input;
  if (!(targetServiceLevel > 0 && targetServiceLevel < 1)) throw new RangeError('targetServiceLevel must be in (0, 1)');
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError('shrinkage must be in [0, 1)');
  if (!(maxOccupancy > 0 && maxOccupancy <= 1)) throw new RangeError('maxOccupancy must be in (0, 1]');

  const trafficErlangs = computeTrafficErlangs(input.calls, input.ahtSeconds, input.intervalSeconds);
  if (trafficErlangs === 0) {
    return { ...metricsFor(0, 0, 0, ahtSeconds, thresholdSeconds), scheduledAgents: 0, isOccupancyBound: false };
  }

  const metricsWith = (agents: number, blocking: number) =>
    metricsFor(trafficErlangs, agents, erlangCFromB(trafficErlangs, agents, blocking), ahtSeconds, thresholdSeconds);
  let agents = Math.floor(trafficErlangs) + 1;
  let blocking = erlangB(trafficErlangs, agents);
  let metrics = metricsWith(agents, blocking);
  while (metrics.serviceLevel < targetServiceLevel) {
    agents += 1;
    blocking = nextErlangB(trafficErlangs, agents, blocking);
    metrics = metricsWith(agents, blocking);
  }
  const minimumForOccupancy = smallestAgentsWithinOccupancy(trafficErlangs, maxOccupancy);
  const isOccupancyBound = minimumForOccupancy > agents;
  while (agents < minimumForOccupancy) {
    agents += 1;
    blocking = nextErlangB(trafficErlangs, agents, blocking);
  }
  if (isOccupancyBound) metrics = metricsWith(agents, blocking);
  return { ...metrics, scheduledAgents: grossUpForShrinkage(agents, shrinkage), isOccupancyBound };
}

function smallestAgentsWithinOccupancy(trafficErlangs: number, maxOccupancy: number): number {
  let agents = Math.max(1, Math.ceil(trafficErlangs / maxOccupancy));
  while (trafficErlangs / agents > maxOccupancy) agents += 1;
  while (agents > 1 && trafficErlangs / (agents - 1) <= maxOccupancy) agents -= 1;
  return agents;
}

/** ⌈N / (1 − shrinkage)⌉, immune to binary rounding (21 / (1 − 0.3) is 30.000000000000004 in floating point). */
export function grossUpForShrinkage(agents: number, shrinkage: number): number {
  const exact = agents / (1 - shrinkage);
  const rounded = Math.round(exact);
  return Math.abs(exact - rounded) < 1e-9 * Math.max(1, exact) ? rounded : Math.ceil(exact);
}

function assertTraffic(input: TrafficInput): void {
  const { calls, intervalSeconds, ahtSeconds, thresholdSeconds } = input;
  if (!(Number.isFinite(calls) && calls >= 0)) throw new RangeError('calls must be a finite number >= 0');
  if (!(Number.isFinite(intervalSeconds) && intervalSeconds > 0)) throw new RangeError('intervalSeconds must be > 0');
  if (!(Number.isFinite(ahtSeconds) && ahtSeconds > 0)) throw new RangeError('ahtSeconds must be > 0');
  if (!(Number.isFinite(thresholdSeconds) && thresholdSeconds >= 0)) throw new RangeError('thresholdSeconds must be >= 0');
}
