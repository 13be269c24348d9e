import { UnitListQuerySchema, UnitListResponseSchema, unitToApi } from '#app/api-docs/programs';
import { apiRoute, methodNotAllowed, validateQuery } from '#app/lib/api.server';
import { listUnits } from '#app/services/units.server';

export const loader = apiRoute({ permission: 'read:programs' }, async ({ ctx, request }) => {
  const query = validateQuery(request, UnitListQuerySchema);
  return UnitListResponseSchema.parse({ units: (await listUnits(ctx, query)).map(unitToApi) });
});

export const action = methodNotAllowed(['GET']);
