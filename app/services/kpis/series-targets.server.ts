/**
 * The contract and in-house target lookups of the KPI series (see series.server.ts): each unit's service-level
 * variant, and the target lines drawn over a series.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import type { ServiceLevelVariant } from '#app/domain/kpi/catalog';
import { COMPONENT_KPI_IDS, DEFAULT_SERVICE_LEVEL_VARIANT, type ComponentKpiId } from '#app/domain/kpi/formulas';
import { unitIdList, type Filters, type UnitRow } from './series-scope.server';
import type { KpiTargetLine } from './series-types';

/**
 * The service-level variant of each unit: the option when given, else the service-level SLA of the contract
 * version (or in-house target set) in force on `onDate`, else "negative" (DOMAIN.md's default).
 */
export async function serviceLevelVariants(tx: Tx, units: readonly UnitRow[], onDate: string, option?: ServiceLevelVariant): Promise<Map<string, ServiceLevelVariant>> {
  const variants = new Map<string, ServiceLevelVariant>(units.map((u) => [u.id, option ?? DEFAULT_SERVICE_LEVEL_VARIANT]));
  if (option || units.length === 0) return variants;
  const rows = await queryRows<{ unit_id: string; sl_variant: ServiceLevelVariant }>(
    tx,
    sql`select distinct on (x.unit_id) x.unit_id::text as unit_id, x.sl_variant from (
          select cu.unit_id, s.sl_variant, v.effective_from, s.position
          from contract_units cu
          join contract_versions v on v.client_org_id = cu.client_org_id and v.contract_id = cu.contract_id
          join contract_slas s on s.client_org_id = v.client_org_id and s.contract_version_id = v.id
          where cu.unit_id in (${unitIdList(units)}) and s.kpi = 'service_level' and s.sl_variant is not null
            and (s.scope_unit_id is null or s.scope_unit_id = cu.unit_id) and s.scope_queue_id is null
            and v.effective_from <= ${onDate}::date and (v.effective_to is null or v.effective_to >= ${onDate}::date)
          union all
          select t.unit_id, t.sl_variant, t.effective_from, t.position
          from unit_targets t
          where t.unit_id in (${unitIdList(units)}) and t.kpi = 'service_level' and t.sl_variant is not null and t.scope_queue_id is null
            and t.effective_from <= ${onDate}::date) x
        order by x.unit_id, x.effective_from desc, x.position`,
  );
  for (const row of rows) variants.set(row.unit_id, row.sl_variant);
  return variants;
}

interface TargetRow extends Record<string, unknown> {
  unit_id: string;
  set_key: string;
  effective_from: string;
  effective_to: string | null;
  kpi: string;
  comparator: string;
  target: string | number;
  scope_channel: string | null;
}

/**
 * Target lines: each unit-level SLA of a contract covering the unit (and in-house internal targets), per
 * period the target of the version in force on the period's first day. SLAs scoped to a queue or another
 * channel than the filter are left out.
 */
export async function targetLines(tx: Tx, units: readonly UnitRow[], slots: readonly { start: string }[], filters: Filters): Promise<Map<string, KpiTargetLine[]>> {
  const lines = new Map<string, KpiTargetLine[]>();
  if (units.length === 0 || slots.length === 0) return lines;
  const first = slots[0]!.start;
  const last = slots[slots.length - 1]!.start;
  const rows = await queryRows<TargetRow>(
    tx,
    sql`select cu.unit_id::text as unit_id, v.contract_id::text as set_key, to_char(v.effective_from, 'YYYY-MM-DD') as effective_from,
          to_char(v.effective_to, 'YYYY-MM-DD') as effective_to, s.kpi, s.comparator, s.target::text as target, s.scope_channel
        from contract_units cu
        join contract_versions v on v.client_org_id = cu.client_org_id and v.contract_id = cu.contract_id
        join contract_slas s on s.client_org_id = v.client_org_id and s.contract_version_id = v.id
        where cu.unit_id in (${unitIdList(units)}) and (s.scope_unit_id is null or s.scope_unit_id = cu.unit_id) and s.scope_queue_id is null
          and v.effective_from <= ${last}::date and (v.effective_to is null or v.effective_to >= ${first}::date)
        union all
        select t.unit_id::text, 'internal', to_char(t.effective_from, 'YYYY-MM-DD'), null, t.kpi, t.comparator, t.target::text, t.scope_channel
        from unit_targets t
        where t.unit_id in (${unitIdList(units)}) and t.scope_queue_id is null and t.effective_from <= ${last}::date`,
  );
  const relevant = rows.filter((r) => r.scope_channel === null || r.scope_channel === filters.channel);
  for (const unit of units) {
    const mine = relevant.filter((r) => r.unit_id === unit.id);
    // The version (or target set) in force on a date: the latest start on or before it, unless it has ended.
    const inForce = (date: string) => {
      const bySet = new Map<string, TargetRow[]>();
      for (const row of mine) {
        if (row.effective_from > date || (row.effective_to !== null && row.effective_to < date)) continue;
        const list = bySet.get(row.set_key) ?? [];
        list.push(row);
        bySet.set(row.set_key, list);
      }
      return [...bySet.values()].flatMap((list) => {
        const latest = list.reduce((a, b) => (b.effective_from > a ? b.effective_from : a), '');
        return list.filter((r) => r.effective_from === latest);
      });
    };
    const perSlot = slots.map((slot) => inForce(slot.start));
    const kpis = [...new Set(mine.map((r) => r.kpi))].filter((k): k is ComponentKpiId => (COMPONENT_KPI_IDS as readonly string[]).includes(k));
    lines.set(
      unit.id,
      kpis.map((kpi) => ({
        kpi,
        comparator: mine.find((r) => r.kpi === kpi)!.comparator,
        values: perSlot.map((rowsInForce) => {
          const row = rowsInForce.find((r) => r.kpi === kpi);
          return row ? Number(row.target) : null;
        }),
      })),
    );
  }
  return lines;
}

