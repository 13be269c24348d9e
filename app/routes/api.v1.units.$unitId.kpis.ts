import { UnitKpisParamsSchema, UnitKpisQuerySchema, UnitKpisResponseSchema, unitKpisToApi } from '#app/api-docs/kpis';
import { apiRoute, methodNotAllowed, validateParams, validateQuery } from '#app/lib/api.server';
import { getKpiSeries } from '#app/services/kpis/series.server';

/** GET /api/v1/units/{unitId}/kpis: the unit's KPI series; another tenant's (or vendor's) unit is a 404. */
export const loader = apiRoute({ permission: 'read:kpis' }, async ({ ctx, params, request }) => {
  const { unitId } = validateParams(params, UnitKpisParamsSchema);
  const query = validateQuery(request, UnitKpisQuerySchema);
  const series = await getKpiSeries(ctx, { unitIds: [unitId], from: query.from, to: query.to, grain: query.grain, queue: query.queue, channel: query.channel });
  return UnitKpisResponseSchema.parse(unitKpisToApi(unitId, series));
});

export const action = methodNotAllowed(['GET']);
