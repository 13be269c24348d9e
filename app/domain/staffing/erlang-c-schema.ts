import { z } from 'zod';

/**
 * Inputs of the Erlang C calculator (page form and `GET /api/v1/tools/erlang-c`). Numbers are coerced because
 * both arrive as strings. The functions in erlang-c.ts also accept calls = 0 (a quiet night interval of the
 * counterfactual); the calculator asks for a positive volume.
 */
const positive = z.coerce.number().positive().finite();

export const trafficInputSchema = z.object({
  calls: positive,
  intervalSeconds: positive,
  ahtSeconds: positive,
  thresholdSeconds: z.coerce.number().nonnegative().finite(),
});

export const solveAgentsInputSchema = trafficInputSchema.extend({
  targetServiceLevel: z.coerce.number().gt(0).lt(1),
  shrinkage: z.coerce.number().min(0).lt(1).default(0),
  maxOccupancy: z.coerce.number().gt(0).max(1).optional(),
});

export const evaluateAgentsInputSchema = trafficInputSchema.extend({
  agents: z.coerce.number().int().positive(),
});

export type SolveAgentsInputData = z.infer<typeof solveAgentsInputSchema>;
export type EvaluateAgentsInputData = z.infer<typeof evaluateAgentsInputSchema>;
