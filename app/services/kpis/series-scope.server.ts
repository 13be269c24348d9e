/**
 * What the KPI series queries share (see series.server.ts): the units in scope, the queue and channel
 * filters, the current interval facts of each day's authoritative source, and reading aggregate rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import { COMPONENT_NAMES, emptyComponents, type Components } from '#app/domain/kpi/components';
import { COMPONENT_KPI_IDS } from '#app/domain/kpi/formulas';
import type { Channel } from '#app/domain/programs/schemas';
import { AppError, notFound } from '#app/lib/errors';
import { kpiSeriesInputSchema, type KpiSeriesInput, type KpiValues } from './series-types';
import { kpiColumn } from './sql.server';

export interface UnitRow extends Record<string, unknown> {
  id: string;
  client_org_id: string;
  program_id: string;
  name: string;
  kind: 'in_house' | 'vendor';
  vendor_name: string | null;
  time_zone: string;
}

export function parseSeriesInput(input: KpiSeriesInput) {
  const parsed = kpiSeriesInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new AppError('UNPROCESSABLE', issues[0]?.message ?? 'Invalid KPI range', { issues });
  }
  return parsed.data;
}

/** The units asked for, as the tenant may see them (a vendor: its own), ordered as the program lists them. */
export async function loadScopeUnits(tx: Tx, input: { unitIds?: string[]; programId?: string }): Promise<UnitRow[]> {
  const where = input.unitIds
    ? sql`u.id in (${sql.join(input.unitIds.map((id) => sql`${id}::uuid`), sql`, `)})`
    : sql`u.program_id = ${input.programId!}::uuid`;
  const rows = await queryRows<UnitRow>(
    tx,
    sql`select u.id, u.client_org_id, u.program_id, u.name, u.kind, o.name as vendor_name, p.time_zone
        from delivery_units u
        join programs p on p.client_org_id = u.client_org_id and p.id = u.program_id
        left join orgs o on o.id = u.vendor_org_id
        where ${where}
        order by u.created_at, u.name`,
  );
  if (input.unitIds && rows.length !== new Set(input.unitIds).size) throw notFound('Unit not found');
  if (input.programId && rows.length === 0) {
    const [program] = await queryRows<{ id: string }>(tx, sql`select id from programs where id = ${input.programId}::uuid`);
    if (!program) throw notFound('Program not found');
  }
  if (new Set(rows.map((r) => r.program_id)).size > 1) throw new AppError('UNPROCESSABLE', 'The units must belong to one program');
  return rows;
}

export const unitIdList = (units: readonly { id: string }[]) => sql.join(units.map((u) => sql`${u.id}::uuid`), sql`, `);

export interface AggregateRow extends Record<string, unknown> {
  unit_id: string;
  period: string;
}

export function toComponents(row: Record<string, unknown>): Components {
  const components = emptyComponents();
  for (const name of COMPONENT_NAMES) components[name] = Number(row[name] ?? 0);
  return components;
}

export function toKpis(row: Record<string, unknown>): KpiValues {
  return Object.fromEntries(
    COMPONENT_KPI_IDS.map((id) => {
      const value = row[kpiColumn(id)];
      return [id, value === null || value === undefined ? null : Number(value)];
    }),
  ) as KpiValues;
}

export const emptyKpis = (): KpiValues => Object.fromEntries(COMPONENT_KPI_IDS.map((id) => [id, null])) as KpiValues;

export interface Filters {
  queueId?: string;
  channel?: Channel;
}

export function filterSql(alias: string, filters: Filters): SQL {
  const parts: SQL[] = [];
  if (filters.queueId) parts.push(sql` and ${sql.raw(alias)}.queue_id = ${filters.queueId}::uuid`);
  if (filters.channel) parts.push(sql` and ${sql.raw(alias)}.channel = ${filters.channel}`);
  return sql.join(parts, sql``);
}

/**
 * Current interval facts of the days' authoritative source (the one the day's rollup summed).
 *
 * Each rollup day becomes its UTC bounds in a fenced subquery (`offset 0` keeps PostgreSQL from flattening
 * it), so the join to the facts compares timestamptz columns only. Those operators are leakproof, so under
 * row-level security they can bound the facts' index scan to the day; `d.day = (f.interval_start at time
 * zone tz)::date` cannot, since the time-zone function is not leakproof and must wait for the RLS check.
 * With statistics the comparison's six demo months read in ~0.2 s instead of ~0.3 s; without them both
 * forms take seconds (db/analyze.ts keeps them).
 */
export function currentFactsFrom(scope: { clientOrgId: string; units: readonly { id: string }[] }, range: { from: string; to: string }, timeZone: string, filters: Filters): SQL {
  return sql`from interval_facts f
        join (select d.client_org_id, d.unit_id, d.queue_id, d.channel, d.source,
            d.day::timestamp at time zone ${timeZone} as day_start, (d.day + 1)::timestamp at time zone ${timeZone} as day_end
          from interval_daily_rollups d
          where d.client_org_id = ${scope.clientOrgId}::uuid and d.unit_id in (${unitIdList(scope.units)})
            and d.day >= ${range.from}::date and d.day <= ${range.to}::date${filterSql('d', filters)}
          offset 0) d on d.client_org_id = f.client_org_id and d.unit_id = f.unit_id and d.queue_id = f.queue_id
          and d.channel = f.channel and d.source = f.source and f.interval_start >= d.day_start and f.interval_start < d.day_end
        where f.client_org_id = ${scope.clientOrgId}::uuid and f.unit_id in (${unitIdList(scope.units)}) and f.superseded_by_upload_id is null
          and f.interval_start >= (${range.from}::date::timestamp at time zone ${timeZone})
          and f.interval_start < ((${range.to}::date + 1)::timestamp at time zone ${timeZone})${filterSql('f', filters)}`;
}
