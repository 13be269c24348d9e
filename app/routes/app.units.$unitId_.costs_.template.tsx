import type { LoaderFunctionArgs } from '@remix-run/node';
import { addMonths } from '#app/domain/costs/months';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { costImportTemplate } from '#app/services/costs/import.server';
import { localTodayOfProgram } from '#app/services/kpis/series.server';
import { getUnitCosts } from '#app/services/costs/unit-costs.server';

/** The import template (?format=csv|xlsx): the columns, and the unit's last six months to fill in. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:costs');
  const unitId = idParam(params.unitId);
  const { unit } = await getUnitCosts(ctx, unitId).catch(throwHttpError);
  const format = new URL(request.url).searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv';
  const today = (await localTodayOfProgram(ctx, unit.programId))?.today ?? new Date().toISOString().slice(0, 10);
  const last = addMonths(today.slice(0, 7), -1);
  const months = [-5, -4, -3, -2, -1, 0].map((n) => addMonths(last, n));
  const file = await costImportTemplate(ctx, unitId, format, months).catch(throwHttpError);
  return new Response(file.body, {
    headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Cache-Control': 'no-store' },
  });
}
