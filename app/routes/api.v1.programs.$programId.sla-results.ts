import { slaResultsToApi, SlaResultsParamsSchema, SlaResultsQuerySchema } from '#app/api-docs/sla';
import { apiRoute, methodNotAllowed, validateParams, validateQuery } from '#app/lib/api.server';
import { listSlaResults } from '#app/services/sla/results.server';

// Another tenant's program, or one a vendor delivers no unit of, is a NOT_FOUND from the service: 404.
export const loader = apiRoute({ permission: 'read:kpis' }, async ({ ctx, params, request }) => {
  const { programId } = validateParams(params, SlaResultsParamsSchema);
  const { month } = validateQuery(request, SlaResultsQuerySchema);
  return slaResultsToApi(await listSlaResults(ctx, { programId, month }));
});

export const action = methodNotAllowed(['GET']);
