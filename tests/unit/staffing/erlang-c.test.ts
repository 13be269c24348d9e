import { describe, expect, it } from 'vitest';
import {
  computeTrafficErlangs,
  erlangB,
  erlangC,
  evaluateAgents,
  grossUpForShrinkage,
  solveAgents,
} from '../../../app/domain/staffing/erlang-c';
import { evaluateAgentsInputSchema, solveAgentsInputSchema } from '../../../app/domain/staffing/erlang-c-schema';
import { randomInt, seededRandom } from '../seeded-random';

/**
 * An independent implementation of DOMAIN.md's direct formula, in logarithms so it stays finite for large N:
 * P(wait) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)), with ln k! summed term by term.
 */
function directErlangC(traffic: number, agents: number): number {
  const logTerms: number[] = [];
  let logFactorial = 0;
  for (let k = 0; k < agents; k++) {
    if (k > 0) logFactorial += Math.log(k);
    logTerms.push(k * Math.log(traffic) - logFactorial);
  }
  const logLast = agents * Math.log(traffic) - (logFactorial + Math.log(agents)) + Math.log(agents / (agents - traffic));
  const largest = Math.max(logLast, ...logTerms);
  const sumBelow = logTerms.reduce((total, logTerm) => total + Math.exp(logTerm - largest), 0);
  const last = Math.exp(logLast - largest);
  return last / (sumBelow + last);
}

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('traffic and the Erlang B / C recursion', () => {
  it('A = calls × AHT / interval: 360 calls of 240 s in 1800 s is 48 Erlangs', () => {
    expect(computeTrafficErlangs(360, 240, 1_800)).toBe(48);
    expect(computeTrafficErlangs(100, 180, 1_800)).toBe(10);
  });

  it('Erlang B of small cases by hand: B(1) = A/(1+A); B(2) = A²/2 / (1 + A + A²/2)', () => {
    expect(erlangB(2, 0)).toBe(1);
    expect(erlangB(2, 1)).toBeCloseTo(2 / 3, 15);
    expect(erlangB(2, 2)).toBeCloseTo(2 / 5, 15);
  });

  it('A = 10 Erlangs, N = 11..14: the textbook P(wait) table, and the direct formula', () => {
    const published: Array<[number, number]> = [
      [11, 0.6821],
      [12, 0.4494],
      [13, 0.2853],
      [14, 0.1741],
    ];
    for (const [agents, probability] of published) {
      expect(erlangC(10, agents)).toBeCloseTo(probability, 4);
      expect(relativeError(erlangC(10, agents), directErlangC(10, agents))).toBeLessThan(1e-12);
    }
  });

  it('matches the direct formula on seeded random cases up to a few hundred agents', () => {
    const random = seededRandom(1917);
    for (let trial = 0; trial < 300; trial++) {
      const traffic = 0.05 + random() * 300;
      const agents = Math.floor(traffic) + randomInt(random, 1, 40);
      expect(relativeError(erlangC(traffic, agents), directErlangC(traffic, agents))).toBeLessThan(1e-9);
    }
  });
});

describe('evaluateAgents', () => {
  const classic = { calls: 360, intervalSeconds: 1_800, ahtSeconds: 240 };

  it('the widely reproduced worked example: 360 calls / 30 min, 4-minute calls, 55 agents, T = 15 s', () => {
    const metrics = evaluateAgents({ ...classic, thresholdSeconds: 15, agents: 55 });
    expect(metrics.trafficErlangs).toBe(48);
    expect(metrics.occupancy).toBeCloseTo(0.8727, 4); // 87.3 %
    expect(metrics.probabilityOfWaiting).toBeCloseTo(0.2387, 4); // ≈ 24 % wait
    expect(metrics.asaSeconds).toBeCloseTo(8.18, 2); // ≈ 8.2 s
    // SL(15) = 1 − 0.2387 · e^(−7·15/240)
    expect(metrics.serviceLevel).toBeCloseTo(1 - directErlangC(48, 55) * Math.exp((-7 * 15) / 240), 12);
    expect(metrics.serviceLevel).toBeCloseTo(0.8459, 4);
  });

  it('100 calls / 30 min at AHT 180 s (A = 10): SL(20) and ASA per N, checked against the direct formula', () => {
    const expected: Array<[number, number, number]> = [
      [11, 0.3896, 122.78],
      [12, 0.6402, 40.44],
      [13, 0.7956, 17.12],
      [14, 0.8884, 7.84],
    ];
    for (const [agents, serviceLevel, asaSeconds] of expected) {
      const metrics = evaluateAgents({ calls: 100, intervalSeconds: 1_800, ahtSeconds: 180, thresholdSeconds: 20, agents });
      expect(metrics.serviceLevel).toBeCloseTo(serviceLevel, 4);
      expect(metrics.asaSeconds).toBeCloseTo(asaSeconds, 2);
      const pWait = directErlangC(10, agents);
      expect(metrics.serviceLevel).toBeCloseTo(1 - pWait * Math.exp((-(agents - 10) * 20) / 180), 12);
      expect(metrics.asaSeconds).toBeCloseTo((pWait * 180) / (agents - 10), 9);
      expect(metrics.occupancy).toBe(10 / agents);
    }
  });

  it('N ≤ A is an overloaded queue: everyone waits, SL 0, ASA unbounded (null), agents always busy', () => {
    for (const agents of [0, 5, 10]) {
      expect(evaluateAgents({ calls: 100, intervalSeconds: 1_800, ahtSeconds: 180, thresholdSeconds: 20, agents })).toEqual({
        trafficErlangs: 10,
        agents,
        probabilityOfWaiting: 1,
        serviceLevel: 0,
        asaSeconds: null,
        occupancy: 1,
      });
    }
  });

  it('no calls: nobody waits', () => {
    expect(evaluateAgents({ calls: 0, intervalSeconds: 900, ahtSeconds: 300, thresholdSeconds: 20, agents: 3 })).toEqual({
      trafficErlangs: 0,
      agents: 3,
      probabilityOfWaiting: 0,
      serviceLevel: 1,
      asaSeconds: 0,
      occupancy: 0,
    });
  });

  it('stays finite and accurate at A = 1,800 Erlangs (no factorials, no overflow)', () => {
    for (const agents of [1_801, 1_815, 1_850, 1_900]) {
      const metrics = evaluateAgents({ calls: 13_500, intervalSeconds: 1_800, ahtSeconds: 240, thresholdSeconds: 20, agents });
      expect(metrics.trafficErlangs).toBe(1_800);
      expect(metrics.probabilityOfWaiting > 0 && metrics.probabilityOfWaiting < 1).toBe(true);
      expect(metrics.serviceLevel > 0 && metrics.serviceLevel < 1).toBe(true);
      expect(Number.isFinite(metrics.asaSeconds)).toBe(true);
      expect(relativeError(metrics.probabilityOfWaiting, directErlangC(1_800, agents))).toBeLessThan(1e-9);
    }
  });

  it('stays finite and accurate past 2,000 agents: A = 2,400 Erlangs, N = 2,401..3,000', () => {
    for (const agents of [2_401, 2_430, 2_480]) {
      const metrics = evaluateAgents({ calls: 18_000, intervalSeconds: 1_800, ahtSeconds: 240, thresholdSeconds: 20, agents });
      expect(metrics.trafficErlangs).toBe(2_400);
      expect(metrics.probabilityOfWaiting > 0 && metrics.probabilityOfWaiting < 1).toBe(true);
      expect(Number.isFinite(metrics.asaSeconds)).toBe(true);
      expect(relativeError(metrics.probabilityOfWaiting, directErlangC(2_400, agents))).toBeLessThan(1e-9);
    }
    // Far above the load nobody waits: P(wait) vanishes instead of turning into NaN or Infinity.
    for (const agents of [2_600, 3_000]) {
      const metrics = evaluateAgents({ calls: 18_000, intervalSeconds: 1_800, ahtSeconds: 240, thresholdSeconds: 20, agents });
      expect(metrics.probabilityOfWaiting).toBeLessThan(1e-4);
      expect(metrics.serviceLevel).toBeGreaterThan(0.9999);
    }
    const input = { calls: 18_000, intervalSeconds: 1_800, ahtSeconds: 240, thresholdSeconds: 20, targetServiceLevel: 0.8 };
    const solution = solveAgents(input);
    expect(solution.agents).toBeGreaterThan(2_400);
    expect(solution.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(evaluateAgents({ ...input, agents: solution.agents - 1 }).serviceLevel).toBeLessThan(0.8);
  });

  it('rejects invalid inputs', () => {
    const base = { calls: 100, intervalSeconds: 1_800, ahtSeconds: 180, thresholdSeconds: 20, agents: 12 };
    expect(() => evaluateAgents({ ...base, agents: 1.5 })).toThrow(RangeError);
    expect(() => evaluateAgents({ ...base, calls: -1 })).toThrow(RangeError);
    expect(() => evaluateAgents({ ...base, ahtSeconds: 0 })).toThrow(RangeError);
    expect(() => evaluateAgents({ ...base, intervalSeconds: Number.NaN })).toThrow(RangeError);
    expect(() => evaluateAgents({ ...base, thresholdSeconds: -5 })).toThrow(RangeError);
  });
});

describe('solveAgents', () => {
  it('100 calls / 30 min, AHT 180 s, 80/20: 14 agents (13 give 79.6 %)', () => {
    const solution = solveAgents({ calls: 100, intervalSeconds: 1_800, ahtSeconds: 180, thresholdSeconds: 20, targetServiceLevel: 0.8 });
    expect(solution).toMatchObject({ trafficErlangs: 10, agents: 14, scheduledAgents: 14, isOccupancyBound: false });
    expect(solution.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(solution.probabilityOfWaiting).toBeCloseTo(0.1741, 4);
    // 30 % shrinkage: 14 / 0.7 = 20 exactly.
    expect(solveAgents({ calls: 100, intervalSeconds: 1_800, ahtSeconds: 180, thresholdSeconds: 20, targetServiceLevel: 0.8, shrinkage: 0.3 }).scheduledAgents).toBe(20);
  });

  it('360 calls / 30 min, AHT 240 s, 80/20: 54 agents, 78 scheduled at 30 % shrinkage; an 85 % occupancy cap needs 57', () => {
    const input = { calls: 360, intervalSeconds: 1_800, ahtSeconds: 240, thresholdSeconds: 20, targetServiceLevel: 0.8, shrinkage: 0.3 };
    const solution = solveAgents(input);
    expect(solution.agents).toBe(54);
    expect(solution.serviceLevel).toBeCloseTo(0.8172, 4);
    expect(evaluateAgents({ ...input, agents: 53 }).serviceLevel).toBeCloseTo(0.7518, 4);
    expect(solution.scheduledAgents).toBe(78); // ⌈54 / 0.7⌉ = ⌈77.14⌉

    const capped = solveAgents({ ...input, maxOccupancy: 0.85 });
    expect(capped).toMatchObject({ agents: 57, isOccupancyBound: true, scheduledAgents: 82 }); // 48/56 = 85.7 % > 85 %
    expect(capped.occupancy).toBeCloseTo(48 / 57, 12);
    expect(capped.serviceLevel).toBeCloseTo(evaluateAgents({ ...input, agents: 57 }).serviceLevel, 15);
  });

  it('at A = 1,800 Erlangs it solves to a finite, minimal staffing', () => {
    const input = { calls: 13_500, intervalSeconds: 1_800, ahtSeconds: 240, thresholdSeconds: 20, targetServiceLevel: 0.8 };
    const solution = solveAgents({ ...input, shrinkage: 0.3 });
    expect(solution.agents).toBeGreaterThan(1_800);
    expect(solution.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(evaluateAgents({ ...input, agents: solution.agents - 1 }).serviceLevel).toBeLessThan(0.8);
    expect(solution.scheduledAgents).toBe(Math.ceil(solution.agents / 0.7));
  });

  it('property (seeded): the answer meets the target and one agent fewer does not', () => {
    const random = seededRandom(2_024);
    for (let trial = 0; trial < 300; trial++) {
      const input = {
        calls: randomInt(random, 1, 2_000),
        intervalSeconds: [900, 1_800, 3_600][trial % 3] ?? 1_800,
        ahtSeconds: randomInt(random, 30, 900),
        thresholdSeconds: randomInt(random, 0, 60),
        targetServiceLevel: 0.5 + random() * 0.49,
      };
      const solution = solveAgents(input);
      expect(solution.agents).toBeGreaterThan(solution.trafficErlangs);
      expect(solution.serviceLevel).toBeGreaterThanOrEqual(input.targetServiceLevel);
      expect(evaluateAgents({ ...input, agents: solution.agents - 1 }).serviceLevel).toBeLessThan(input.targetServiceLevel);
      expect(evaluateAgents({ ...input, agents: solution.agents })).toEqual({
        trafficErlangs: solution.trafficErlangs,
        agents: solution.agents,
        probabilityOfWaiting: expect.closeTo(solution.probabilityOfWaiting, 12),
        serviceLevel: expect.closeTo(solution.serviceLevel, 12),
        asaSeconds: expect.closeTo(solution.asaSeconds ?? NaN, 9),
        occupancy: solution.occupancy,
      });
    }
  });

  it('no calls need no agents', () => {
    expect(solveAgents({ calls: 0, intervalSeconds: 900, ahtSeconds: 300, thresholdSeconds: 20, targetServiceLevel: 0.8, shrinkage: 0.35 })).toMatchObject({
      agents: 0,
      scheduledAgents: 0,
      serviceLevel: 1,
    });
  });

  it('rejects targets outside (0, 1), shrinkage outside [0, 1) and occupancy caps outside (0, 1]', () => {
    const base = { calls: 100, intervalSeconds: 1_800, ahtSeconds: 180, thresholdSeconds: 20, targetServiceLevel: 0.8 };
    expect(() => solveAgents({ ...base, targetServiceLevel: 1 })).toThrow(RangeError);
    expect(() => solveAgents({ ...base, targetServiceLevel: 0 })).toThrow(RangeError);
    expect(() => solveAgents({ ...base, shrinkage: 1 })).toThrow(RangeError);
    expect(() => solveAgents({ ...base, maxOccupancy: 0 })).toThrow(RangeError);
  });
});

describe('grossUpForShrinkage', () => {
  it('rounds up, but not past an exact quotient that floating point overshoots', () => {
    expect(21 / (1 - 0.3)).toBe(30.000000000000004); // the binary-rounding trap
    expect(grossUpForShrinkage(21, 0.3)).toBe(30);
    expect(grossUpForShrinkage(10, 0.3)).toBe(15); // 14.29
    expect(grossUpForShrinkage(12, 0)).toBe(12);
    expect(grossUpForShrinkage(100, 0.35)).toBe(154); // 153.85
  });
});

describe('input schemas (calculator form and API query)', () => {
  it('coerces query strings and fills the default shrinkage', () => {
    expect(
      solveAgentsInputSchema.parse({ calls: '360', intervalSeconds: '1800', ahtSeconds: '240', thresholdSeconds: '20', targetServiceLevel: '0.8' }),
    ).toEqual({ calls: 360, intervalSeconds: 1_800, ahtSeconds: 240, thresholdSeconds: 20, targetServiceLevel: 0.8, shrinkage: 0 });
    expect(evaluateAgentsInputSchema.parse({ calls: 1, intervalSeconds: 900, ahtSeconds: 60, thresholdSeconds: 0, agents: '3' }).agents).toBe(3);
  });

  it('rejects non-positive volumes and times, and out-of-range fractions', () => {
    const valid = { calls: 360, intervalSeconds: 1_800, ahtSeconds: 240, thresholdSeconds: 20, targetServiceLevel: 0.8 };
    expect(solveAgentsInputSchema.safeParse(valid).success).toBe(true);
    for (const invalid of [
      { calls: 0 },
      { calls: 'many' },
      { intervalSeconds: -1 },
      { ahtSeconds: 0 },
      { thresholdSeconds: -1 },
      { targetServiceLevel: 1 },
      { targetServiceLevel: 0 },
      { shrinkage: 1 },
      { shrinkage: -0.1 },
      { maxOccupancy: 1.2 },
    ]) {
      expect(solveAgentsInputSchema.safeParse({ ...valid, ...invalid }).success).toBe(false);
    }
    expect(evaluateAgentsInputSchema.safeParse({ ...valid, agents: 2.5 }).success).toBe(false);
  });
});
