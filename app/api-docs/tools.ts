import { z } from 'zod';
import { evaluateAgents, grossUpForShrinkage, solveAgents } from '#app/domain/staffing/erlang-c';
import { evaluateAgentsInputSchema, solveAgentsInputSchema } from '#app/domain/staffing/erlang-c-schema';
import type { ApiOperation } from '#app/lib/openapi-types';

/**
 * The Erlang C staffing calculator over the API. A solve walks N upward from A, so its cost grows with the
 * traffic: the caps keep one request cheap (a 5,000-Erlang solve is ~0.1 ms) yet above any real interval.
 */
export const MAX_TRAFFIC_ERLANGS = 5_000;
export const MAX_AGENTS = 20_000;

const base = solveAgentsInputSchema.shape;

export const ErlangCQuerySchema = z
  .object({
    calls: base.calls.describe('Contacts offered in the interval'),
    intervalSeconds: base.intervalSeconds.describe('Interval length in seconds, e.g. 900, 1800 or 3600'),
    ahtSeconds: base.ahtSeconds.describe('Average handling time in seconds'),
    thresholdSeconds: base.thresholdSeconds.describe('T of "X % answered within T seconds"'),
    targetServiceLevel: base.targetServiceLevel.optional().describe('Wanted service level as a ratio in (0, 1), e.g. 0.8; give this or `agents`'),
    agents: evaluateAgentsInputSchema.shape.agents.max(MAX_AGENTS).optional().describe('Agents on the phones to evaluate instead of solving for a target'),
    shrinkage: base.shrinkage.describe('Share of paid time off the phones, ratio in [0, 1); default 0'),
    maxOccupancy: base.maxOccupancy.describe('Highest acceptable occupancy, ratio in (0, 1]; solve mode only'),
  })
  .superRefine((query, ctx) => {
    const hasTarget = query.targetServiceLevel !== undefined;
    const hasAgents = query.agents !== undefined;
    if (hasTarget === hasAgents) {
      const message = hasTarget ? 'Give either targetServiceLevel or agents, not both' : 'Required: give targetServiceLevel, or agents to evaluate';
      ctx.addIssue({ code: 'custom', path: [hasTarget ? 'agents' : 'targetServiceLevel'], message });
    }
    if (hasAgents && query.maxOccupancy !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxOccupancy'], message: 'maxOccupancy applies only when solving for a targetServiceLevel' });
    }
    if ((query.calls * query.ahtSeconds) / query.intervalSeconds > MAX_TRAFFIC_ERLANGS) {
      ctx.addIssue({ code: 'custom', path: ['calls'], message: `Traffic (calls × AHT / interval) must be at most ${MAX_TRAFFIC_ERLANGS} Erlangs` });
    }
  });

export const ErlangCResponseSchema = z
  .object({
    mode: z.enum(['solve', 'evaluate']).describe('solve: smallest N meeting targetServiceLevel; evaluate: the given agents'),
    trafficErlangs: z.number().describe('A = calls × AHT / interval'),
    agents: z.number().int().describe('Agents on the phones (N)'),
    scheduledAgents: z.number().int().describe('⌈N / (1 − shrinkage)⌉: agents to schedule'),
    serviceLevel: z.number().describe('SL(T) as a ratio'),
    asaSeconds: z.number().nullable().describe('Average speed of answer; null when N ≤ A (the queue grows without bound)'),
    occupancy: z.number().describe('A / N, capped at 1'),
    probabilityOfWaiting: z.number().describe('Erlang C P(wait)'),
    isOccupancyBound: z.boolean().describe('True when maxOccupancy, not the target, set N'),
  })
  .meta({ id: 'ErlangCResult' });

export type ErlangCQuery = z.output<typeof ErlangCQuerySchema>;
export type ErlangCResponse = z.infer<typeof ErlangCResponseSchema>;

/** Solves for the target, or evaluates the given agents, as the query asks. */
export function computeErlangC(query: ErlangCQuery): ErlangCResponse {
  const { agents, targetServiceLevel, shrinkage, ...traffic } = query;
  if (agents !== undefined) {
    const metrics = evaluateAgents({ ...traffic, agents });
    return { mode: 'evaluate', ...metrics, scheduledAgents: grossUpForShrinkage(agents, shrinkage), isOccupancyBound: false };
  }
  const solution = solveAgents({ ...traffic, targetServiceLevel: targetServiceLevel!, shrinkage });
  return { mode: 'solve', ...solution };
}

/** Staffing tools. */
export const toolOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/tools/erlang-c',
    operationId: 'computeErlangC',
    summary: 'Erlang C staffing: agents needed for a service-level target, or SL, ASA, occupancy and P(wait) for a given number of agents',
    tag: 'Tools',
    query: ErlangCQuerySchema,
    responses: {
      200: { description: 'The staffing result (ratios as 0..1, times in seconds)', schema: ErlangCResponseSchema },
    },
  },
];
