/**
 * The measured volumes a billing run prices: the month's summed components per unit, queue and channel.
 *
 *  - An open month: the current daily rollups (the SLA engine's loadRollups, the dashboards' figures).
 *  - A closed month (a month_closes row in force): the facts as they stood at the close, i.e. the rows of
 *    the uploads the close recorded, minus rows those same uploads had already superseded. Revisions that
 *    arrived after the close (stored, but not in force until a reopen) are left out, so re-running a closed
 *    month gives the same invoice. Where both sources (intervals, contacts) have rows for a local day, the
 *    unit's authoritative source is summed, as the daily rollups do.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import { monthCloses, type MonthCloseInputs } from '#db/schema/index';
import { periodBounds, periodKey } from '#app/domain/kpi/aggregate';
import type { BillingVolume } from '#app/domain/billing/engine';
import { loadRollups, type ContractContext } from '../sla/inputs.server';

export interface MonthVolumes {
  volumes: BillingVolume[];
  monthCloseId: string | null;
  uploadIds: string[];
}

const uuidList = (ids: readonly string[]) => sql`(${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`;

export async function activeMonthClose(tx: Tx, contractId: string, month: string): Promise<{ id: string; inputs: MonthCloseInputs } | null> {
  const [close] = await tx.select({ id: monthCloses.id, inputs: monthCloses.inputs }).from(monthCloses).where(and(eq(monthCloses.contractId, contractId), eq(monthCloses.month, month), isNull(monthCloses.reopenedAt)));
  return close ?? null;
}

export async function loadMonthVolumes(tx: Tx, contract: ContractContext, month: string): Promise<MonthVolumes> {
  const close = await activeMonthClose(tx, contract.contractId, month);
  const { start, end } = periodBounds(month, 'month', contract.timeZone);
  if (close) {
    const uploadIds = [...new Set(close.inputs.uploads.map((u) => u.uploadId))].sort();
    return { volumes: uploadIds.length ? await frozenVolumes(tx, contract, uploadIds, start, end) : [], monthCloseId: close.id, uploadIds };
  }
  const lastDay = periodKey(new Date(end.getTime() - 1), 'day', contract.timeZone);
  const rollups = await loadRollups(tx, contract.clientOrgId, contract.unitIds, `${month}-01`, lastDay);
  const uploads = await queryRows<{ upload_id: string }>(
    tx,
    sql`select distinct upload_id from interval_facts where client_org_id = ${contract.clientOrgId} and unit_id in ${uuidList(contract.unitIds)}
        and superseded_by_upload_id is null and interval_start >= ${start.toISOString()}::timestamptz and interval_start < ${end.toISOString()}::timestamptz order by 1`,
  );
  return {
    volumes: rollups.map((r) => ({ unitId: r.unitId, queueId: r.queueId, channel: r.channel, components: r.components })),
    monthCloseId: null,
    uploadIds: uploads.map((u) => String(u.upload_id)),
  };
}

async function frozenVolumes(tx: Tx, contract: ContractContext, uploadIds: string[], start: Date, end: Date): Promise<BillingVolume[]> {
  const tz = contract.timeZone;
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`with g as (
          select f.unit_id, f.queue_id, f.channel, (f.interval_start at time zone ${tz})::date as day, f.source,
            sum(f.handled)::float8 as handled, sum(f.talk_s)::float8 as talk_s, sum(f.hold_s)::float8 as hold_s,
            sum(f.wrap_s)::float8 as wrap_s, sum(f.staffed_s)::float8 as staffed_s
          from interval_facts f
          where f.client_org_id = ${contract.clientOrgId} and f.unit_id in ${uuidList(contract.unitIds)}
            and f.upload_id in ${uuidList(uploadIds)}
            and (f.superseded_by_upload_id is null or f.superseded_by_upload_id not in ${uuidList(uploadIds)})
            and f.interval_start >= ${start.toISOString()}::timestamptz and f.interval_start < ${end.toISOString()}::timestamptz
          group by 1, 2, 3, 4, 5),
        a as (select g.*, coalesce(s.authoritative_source, 'intervals') as auth from g
          left join unit_feed_settings s on s.client_org_id = ${contract.clientOrgId} and s.unit_id = g.unit_id)
        select unit_id, queue_id, channel, sum(handled)::float8 as handled, sum(talk_s)::float8 as talk_s, sum(hold_s)::float8 as hold_s,
          sum(wrap_s)::float8 as wrap_s, sum(staffed_s)::float8 as staffed_s
        from a
        where a.source = a.auth or not exists (select 1 from a b where b.unit_id = a.unit_id and b.queue_id = a.queue_id and b.channel = a.channel and b.day = a.day and b.source = a.auth)
        group by 1, 2, 3`,
  );
  return rows.map((r) => ({
    unitId: String(r.unit_id),
    queueId: String(r.queue_id),
    channel: String(r.channel),
    components: { handled: Number(r.handled ?? 0), talk_s: Number(r.talk_s ?? 0), hold_s: Number(r.hold_s ?? 0), wrap_s: Number(r.wrap_s ?? 0), staffed_s: Number(r.staffed_s ?? 0) },
  }));
}
