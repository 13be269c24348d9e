import { comparisonToApi, ComparisonParamsSchema, ComparisonQuerySchema } from '#app/api-docs/costs';
import { apiRoute, methodNotAllowed, validateParams, validateQuery } from '#app/lib/api.server';
import { loadComparison } from '#app/services/costs/comparison.server';

// Vendor keys lack read:costs (403); another tenant's program is a NOT_FOUND from the service: 404.
export const loader = apiRoute({ permission: 'read:costs' }, async ({ ctx, params, request }) => {
  const { programId } = validateParams(params, ComparisonParamsSchema);
  const { from, to } = validateQuery(request, ComparisonQuerySchema);
  return comparisonToApi(await loadComparison(ctx, { programId, from, to }));
});

export const action = methodNotAllowed(['GET']);
