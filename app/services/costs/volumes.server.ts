/**
 * Volumes and quality per unit, channel and month for the comparison, from the daily rollups (each day
 * on its unit's authoritative source), with every KPI computed by the database as Σnumerator/Σdenominator
 * by the KPI library's SQL (app/services/kpis/sql.server.ts): never an average of ratios.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import type { ServiceLevelVariant } from '#app/domain/kpi/catalog';
import type { Components } from '#app/domain/kpi/components';
import type { KpiValues } from '../kpis/series-types';
import { toComponents, toKpis, unitIdList, type UnitRow } from '../kpis/series-scope.server';
import { serviceLevelVariants } from '../kpis/series-targets.server';
import { componentSumsSelect, kpiSelect } from '../kpis/sql.server';

export interface VolumeCell {
  unitId: string;
  month: string;
  /** A feed channel ("voice", "chat", "web"…), or null for the unit's whole month over every channel. */
  channel: string | null;
  components: Components;
  kpis: KpiValues;
}

interface Row extends Record<string, unknown> {
  unit_id: string;
  month: string;
  channel: string | null;
}

/**
 * One cell per unit, month and channel with data, and one per unit and month over all channels. The
 * service-level formula is each unit's variant in force on `lastDay` (its contract or internal target).
 */
export async function loadVolumes(tx: Tx, clientOrgId: string, units: readonly UnitRow[], firstDay: string, lastDay: string): Promise<{ cells: VolumeCell[]; variants: Map<string, ServiceLevelVariant> }> {
  const variants = await serviceLevelVariants(tx, units, lastDay);
  const cells: VolumeCell[] = [];
  const groups = new Map<ServiceLevelVariant, UnitRow[]>();
  for (const unit of units) groups.set(variants.get(unit.id)!, [...(groups.get(variants.get(unit.id)!) ?? []), unit]);
  for (const [variant, group] of groups) {
    const where = sql`d.client_org_id = ${clientOrgId}::uuid and d.unit_id in (${unitIdList(group)}) and d.day >= ${firstDay}::date and d.day <= ${lastDay}::date`;
    const select = sql`${componentSumsSelect('d')}, ${kpiSelect({ serviceLevelVariant: variant }, 'd')}`;
    const byChannel = await queryRows<Row>(
      tx,
      sql`select d.unit_id::text as unit_id, to_char(d.day, 'YYYY-MM') as month, d.channel::text as channel, ${select}
          from interval_daily_rollups d where ${where} group by d.unit_id, to_char(d.day, 'YYYY-MM'), d.channel`,
    );
    const whole = await queryRows<Row>(
      tx,
      sql`select d.unit_id::text as unit_id, to_char(d.day, 'YYYY-MM') as month, null::text as channel, ${select}
          from interval_daily_rollups d where ${where} group by d.unit_id, to_char(d.day, 'YYYY-MM')`,
    );
    for (const row of [...byChannel, ...whole]) cells.push({ unitId: row.unit_id, month: row.month, channel: row.channel, components: toComponents(row), kpis: toKpis(row) });
  }
  return { cells, variants };
}

/** Talk + hold + wrap seconds: the handled minutes behind cost per minute and AHT. */
export const handleSecondsOf = (c: Components) => c.talk_s + c.hold_s + c.wrap_s;
