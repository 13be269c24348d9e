/** The drill-down's service-level heat map over local days × local time of day (see series.server.ts). */
import { sql } from 'drizzle-orm';
import { queryRows } from '#db/client';
import type { ServiceLevelVariant } from '#app/domain/kpi/catalog';
import type { Channel } from '#app/domain/programs/schemas';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { currentFactsFrom, loadScopeUnits, parseSeriesInput, type Filters } from './series-scope.server';
import { serviceLevelVariants } from './series-targets.server';
import { kpiSql } from './sql.server';

export interface HeatmapCell {
  /** Local date and local time of day ("08:15") of the slot. */
  date: string;
  time: string;
  offered: number;
  handled: number;
  /** Σ answered within T / Σ (offered − short abandons) of the slot, by the unit's variant; null for no data. */
  serviceLevel: number | null;
}

export interface ServiceLevelHeatmap {
  timeZone: string;
  from: string;
  to: string;
  serviceLevelVariant: ServiceLevelVariant;
  cells: HeatmapCell[];
}

/**
 * Service level over local days × local time of day for one unit: the drill-down's heat map. On a 25-hour day
 * the repeated hour's two intervals share their time-of-day cell and are summed (Σ/Σ), never averaged.
 */
export async function getServiceLevelHeatmap(ctx: ServiceCtx, input: { unitId: string; from: string; to: string; queue?: string; channel?: Channel }): Promise<ServiceLevelHeatmap> {
  assertCan(ctx, 'read:kpis');
  const query = parseSeriesInput({ unitIds: [input.unitId], from: input.from, to: input.to, grain: 'interval', queue: input.queue, channel: input.channel });
  return inTenant(ctx, async (tx) => {
    const units = await loadScopeUnits(tx, { unitIds: [input.unitId] });
    const unit = units[0]!;
    const variant = (await serviceLevelVariants(tx, units, query.to)).get(unit.id)!;
    const filters: Filters = { queueId: query.queue, channel: query.channel };
    const tz = unit.time_zone;
    const rows = await queryRows<{ date: string; time: string; offered: string; handled: string; sl: number | string | null }>(
      tx,
      sql`select to_char(f.interval_start at time zone ${tz}, 'YYYY-MM-DD') as date, to_char(f.interval_start at time zone ${tz}, 'HH24:MI') as time,
            coalesce(sum(f.offered), 0)::text as offered, coalesce(sum(f.handled), 0)::text as handled,
            ${kpiSql('service_level', { serviceLevelVariant: variant }, 'f')} as sl
          ${currentFactsFrom({ clientOrgId: unit.client_org_id, units }, { from: query.from, to: query.to }, tz, filters)}
          group by 1, 2
          order by 1, 2`,
    );
    return {
      timeZone: tz,
      from: query.from,
      to: query.to,
      serviceLevelVariant: variant,
      cells: rows.map((r) => ({ date: r.date, time: r.time, offered: Number(r.offered), handled: Number(r.handled), serviceLevel: r.sl === null ? null : Number(r.sl) })),
    };
  });
}

