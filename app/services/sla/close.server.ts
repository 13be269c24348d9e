/**
 * Month close (client program manager or finance, 'close:months'): re-evaluates the contract month one
 * last time, then freezes its results and credits and records the inputs they came from (the uploads with
 * their revisions, the contract version and SLA ids). Later revisions of a closed month are stored as
 * usual but change nothing until the month is reopened, which is audited with a reason and re-evaluates.
 * A month can only be closed once it has ended in the program's time zone. closeMonths
 * (close-batch.server.ts) closes many contracts' month through the same core.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { monthCloses, serviceCredits, slaResults, type MonthCloseInputs } from '#db/schema/index';
import { AppError, forbidden } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { closeContractMonthsInTx } from './close-batch.server';
import { evaluateForClient, isMonthClosed } from './evaluate.server';
import { raiseSlaAlerts, type SlaAlert } from './alerts.server';
import { loadContractContext, monthBoundsOf } from './inputs.server';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface MonthCloseDto {
  id: string;
  contractId: string;
  month: string;
  closedByLabel: string;
  closedAt: Date;
  inputs: MonthCloseInputs;
  reopenedByLabel: string | null;
  reopenedAt: Date | null;
  reopenReason: string | null;
}

function assertClient(ctx: ServiceCtx, month: string) {
  assertCan(ctx, 'close:months');
  if (ctx.orgKind !== 'client') throw forbidden();
  if (!MONTH.test(month)) throw new AppError('UNPROCESSABLE', 'month must be YYYY-MM');
}

export async function closeMonth(ctx: ServiceCtx, input: { contractId: string; month: string; now?: Date }): Promise<MonthCloseDto> {
  assertClient(ctx, input.month);
  const now = input.now ?? new Date();
  let alerts: SlaAlert[] = [];
  const closed = await inTenant(ctx, async (tx) => {
    const contract = await loadContractContext(tx, input.contractId);
    if (monthBoundsOf(input.month, contract.timeZone).end.getTime() > now.getTime()) throw new AppError('CONFLICT', 'A month can only be closed once it has ended', { code: 'month_not_ended' });
    if (await isMonthClosed(tx, input.contractId, input.month)) throw new AppError('CONFLICT', 'The month is already closed', { code: 'month_closed' });
    // The same core as closeMonths (close-batch.server.ts), with one contract.
    const done = await closeContractMonthsInTx(tx, ctx, [contract], input.month, now);
    alerts = done.alerts;
    return closeDto(done.closes[0]!.close);
  });
  if (alerts.length) await raiseSlaAlerts(ctx.db, alerts, now);
  return closed;
}

export async function reopenMonth(ctx: ServiceCtx, input: { contractId: string; month: string; reason: string; now?: Date }): Promise<MonthCloseDto> {
  assertClient(ctx, input.month);
  const reason = input.reason.trim();
  if (!reason) throw new AppError('UNPROCESSABLE', 'A reopen needs a reason', { issues: [{ path: ['reason'], message: 'required' }] });
  const now = input.now ?? new Date();
  const reopened = await inTenant(ctx, async (tx) => {
    await loadContractContext(tx, input.contractId);
    const [row] = await tx
      .update(monthCloses)
      .set({ reopenedBy: ctx.actor.userId ?? null, reopenedByLabel: ctx.actor.label, reopenedAt: now, reopenReason: reason.slice(0, 2000) })
      .where(and(eq(monthCloses.contractId, input.contractId), eq(monthCloses.month, input.month), isNull(monthCloses.reopenedAt)))
      .returning();
    if (!row) throw new AppError('CONFLICT', 'The month is not closed', { code: 'month_not_closed' });
    const thawed = { isFrozen: false, monthCloseId: null };
    await tx.update(slaResults).set(thawed).where(and(eq(slaResults.contractId, input.contractId), eq(slaResults.month, input.month)));
    await tx.update(serviceCredits).set(thawed).where(and(eq(serviceCredits.contractId, input.contractId), eq(serviceCredits.month, input.month)));
    await recordAudit(tx, ctx, { action: 'month.reopen', objectType: 'contract', objectId: input.contractId, details: { month: input.month, monthCloseId: row.id, reason } });
    return row;
  });
  // Revisions that arrived while the month was closed count from now on.
  await evaluateForClient(ctx.db, ctx.orgId, input.contractId, input.month, now);
  return closeDto(reopened);
}

/** Closes of a contract (in force and reopened), newest first; the vendor sees its contracts' closes. */
export async function listMonthCloses(ctx: ServiceCtx, contractId: string): Promise<MonthCloseDto[]> {
  assertCan(ctx, 'read:kpis');
  const rows = await inTenant(ctx, (tx) => tx.select().from(monthCloses).where(eq(monthCloses.contractId, contractId)).orderBy(sql`${monthCloses.closedAt} desc`));
  return rows.map(closeDto);
}

function closeDto(row: typeof monthCloses.$inferSelect): MonthCloseDto {
  return {
    id: row.id,
    contractId: row.contractId,
    month: row.month,
    closedByLabel: row.closedByLabel,
    closedAt: row.closedAt,
    inputs: row.inputs,
    reopenedByLabel: row.reopenedByLabel,
    reopenedAt: row.reopenedAt,
    reopenReason: row.reopenReason,
  };
}
