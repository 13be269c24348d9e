/**
 * Month close of many contracts at once (client program manager or finance, 'close:months'), and the core
 * that closeMonth shares: one evaluation of all the contracts (evaluateContractsInTx), then the month_closes
 * rows, the freeze, and one audit entry per contract, each written with multi-row statements.
 *
 * Rules decided here:
 *  - All or nothing: one tenant transaction per call. A failure closes nothing; alerts go out after commit.
 *  - Contracts that cannot be closed are skipped with their outcome rather than failing the others:
 *    'not_found' (no such contract for this org, another tenant's, or one that covers no unit: never
 *    closed, and indistinguishable from each other), 'not_ended' (the month has not ended in the
 *    contract's time zone), 'already_closed' (a close in force).
 *  - `programId` closes every contract covering a unit of the program (another org's program: NOT_FOUND);
 *    with `contractIds` too, ids outside the program are 'not_found'. One of the two is required.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { contractUnits, deliveryUnits, feedUploads, monthCloses, programs, slaResults, type MonthCloseInputs } from '#db/schema/index';
import { AppError, forbidden, notFound } from '#app/lib/errors';
import { recordAudits } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { raiseSlaAlerts, type SlaAlert } from './alerts.server';
import { insertRows } from './bulk-write.server';
import { startsWithin, type FactStarts } from './coverage.server';
import { closedContracts, evaluateContractsInTx, type ContractMonthEvaluation } from './evaluate.server';
import { loadContractContexts, monthBoundsOf, uuidArray, type ContractContext } from './inputs.server';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type MonthCloseOutcome = 'closed' | 'already_closed' | 'not_ended' | 'not_found';

export interface MonthCloseBatchDto {
  month: string;
  closedCount: number;
  /** One per contract asked for (or of the program), in that order. */
  outcomes: { contractId: string; outcome: MonthCloseOutcome; monthCloseId: string | null; resultCount: number | null; creditTotalMinor: bigint | null }[];
}

export async function closeMonths(ctx: ServiceCtx, input: { month: string; contractIds?: string[]; programId?: string; now?: Date }): Promise<MonthCloseBatchDto> {
  assertCan(ctx, 'close:months');
  if (ctx.orgKind !== 'client') throw forbidden();
  if (input.programId === undefined && input.contractIds === undefined) throw new AppError('UNPROCESSABLE', 'Name the contracts or the program whose month to close');
  const now = input.now ?? new Date();
  const { month } = input;
  let alerts: SlaAlert[] = [];
  const dto = await inTenant(ctx, async (tx) => {
    // Looked up before the month is validated: another org's program is a 404, never a form error.
    const scope = input.programId === undefined ? null : await programContractIds(tx, ctx, input.programId);
    if (!MONTH.test(month)) throw new AppError('UNPROCESSABLE', 'month must be YYYY-MM', { issues: [{ path: ['month'], message: 'sla.error.month' }] });
    const requested = [...new Set(input.contractIds ?? scope ?? [])];
    const contexts = await loadContractContexts(
      tx,
      requested.filter((id) => UUID.test(id) && (scope === null || scope.includes(id))),
    );
    const closed = await closedContracts(tx, [...contexts.keys()], month);
    const outcomes = new Map<string, MonthCloseOutcome>();
    const toClose: ContractContext[] = [];
    for (const id of requested) {
      const contract = contexts.get(id);
      if (!contract) outcomes.set(id, 'not_found');
      else if (monthBoundsOf(month, contract.timeZone).end.getTime() > now.getTime()) outcomes.set(id, 'not_ended');
      else if (closed.has(id)) outcomes.set(id, 'already_closed');
      else {
        outcomes.set(id, 'closed');
        toClose.push(contract);
      }
    }
    const done = await closeContractMonthsInTx(tx, ctx, toClose, month, now);
    alerts = done.alerts;
    const byContract = new Map(done.closes.map((c) => [c.close.contractId, c]));
    return {
      month,
      closedCount: done.closes.length,
      outcomes: requested.map((contractId) => {
        const c = byContract.get(contractId);
        return { contractId, outcome: outcomes.get(contractId)!, monthCloseId: c?.close.id ?? null, resultCount: c ? c.close.inputs.resultCount : null, creditTotalMinor: c?.evaluation.creditTotalMinor ?? null };
      }),
    };
  });
  if (alerts.length) await raiseSlaAlerts(ctx.db, alerts, now);
  return dto;
}

/** The contracts covering a unit of the program, by id; NOT_FOUND for a program the org does not own. */
export async function programContractIds(tx: Tx, ctx: ServiceCtx, programId: string): Promise<string[]> {
  if (!UUID.test(programId)) throw notFound('Program not found');
  const [program] = await tx.select({ id: programs.id }).from(programs).where(and(eq(programs.id, programId), eq(programs.clientOrgId, ctx.orgId)));
  if (!program) throw notFound('Program not found');
  const rows = await tx
    .selectDistinct({ contractId: contractUnits.contractId })
    .from(contractUnits)
    .innerJoin(deliveryUnits, and(eq(deliveryUnits.clientOrgId, contractUnits.clientOrgId), eq(deliveryUnits.id, contractUnits.unitId)))
    .where(and(eq(deliveryUnits.clientOrgId, ctx.orgId), eq(deliveryUnits.programId, programId)))
    .orderBy(asc(contractUnits.contractId));
  return rows.map((r) => r.contractId);
}

export interface ContractClose {
  close: typeof monthCloses.$inferSelect;
  evaluation: ContractMonthEvaluation;
}

/**
 * Closes the month of contracts whose month has ended and is open (the caller checks): evaluates them one
 * last time with their results and credits written frozen, records each close with the inputs it came from
 * (the uploads with their revisions, the contract versions and SLA ids), freezes whatever result or credit
 * of the month the evaluation did not write, and audits each close. Returns the alerts to raise after commit.
 */
export async function closeContractMonthsInTx(tx: Tx, ctx: ServiceCtx, contexts: ContractContext[], month: string, now: Date): Promise<{ closes: ContractClose[]; alerts: SlaAlert[] }> {
  if (!contexts.length) return { closes: [], alerts: [] };
  const monthCloseIds = new Map(contexts.map((c) => [c.contractId, randomUUID()]));
  const { evaluations, facts } = await evaluateContractsInTx(tx, contexts, month, now, { monthCloseIds });
  const ids = contexts.map((c) => c.contractId);
  const orgIds = [...new Set(contexts.map((c) => c.clientOrgId))];

  const uploadsOf = uploadsInMonth(contexts, facts, month);
  const uploadIds = [...new Set([...uploadsOf.values()].flat().map((u) => u.uploadId))];
  const revisions = new Map<string, number | null>();
  for (let i = 0; i < uploadIds.length; i += 5000) {
    const rows = await tx
      .select({ id: feedUploads.id, revision: feedUploads.revision })
      .from(feedUploads)
      .where(and(inArray(feedUploads.clientOrgId, orgIds), inArray(feedUploads.id, uploadIds.slice(i, i + 5000))));
    for (const row of rows) revisions.set(row.id, row.revision === null ? null : Number(row.revision));
  }
  const results = await tx
    .select({ contractId: slaResults.contractId, versionId: slaResults.contractVersionId, slaId: slaResults.contractSlaId })
    .from(slaResults)
    .where(and(inArray(slaResults.clientOrgId, orgIds), inArray(slaResults.contractId, ids), eq(slaResults.month, month)))
    .orderBy(asc(slaResults.contractId), asc(slaResults.contractVersionId), asc(slaResults.contractSlaId));

  const resultsOf = new Map<string, typeof results>();
  for (const r of results) resultsOf.set(r.contractId, [...(resultsOf.get(r.contractId) ?? []), r]);

  const rows = contexts.map((contract, i) => {
    const evaluation = evaluations[i]!;
    const own = resultsOf.get(contract.contractId) ?? [];
    const inputs: MonthCloseInputs = {
      // As the facts were joined to their uploads: an upload the org cannot see is not recorded.
      uploads: (uploadsOf.get(contract.contractId) ?? []).filter((u) => revisions.has(u.uploadId)).map((u) => ({ ...u, revision: revisions.get(u.uploadId) ?? null })),
      contractVersionIds: [...new Set(own.map((r) => r.versionId))],
      contractSlaIds: [...new Set(own.map((r) => r.slaId))],
      resultCount: own.length,
      creditTotalMinor: evaluation.creditTotalMinor === null ? null : evaluation.creditTotalMinor.toString(),
    };
    return {
      id: monthCloseIds.get(contract.contractId)!,
      clientOrgId: contract.clientOrgId,
      contractId: contract.contractId,
      vendorOrgId: contract.vendorOrgId,
      month,
      closedBy: ctx.actor.userId ?? null,
      closedByLabel: ctx.actor.label,
      closedAt: now,
      inputs,
    };
  });
  await insertRows(tx, monthCloses, rows);

  // What the evaluation did not write (a contract without a version in force keeps its earlier rows).
  for (const table of ['sla_results', 'service_credits']) {
    await tx.execute(sql`update ${sql.identifier(table)} r set is_frozen = true, month_close_id = mc.id
      from month_closes mc
      where mc.client_org_id = r.client_org_id and mc.contract_id = r.contract_id and mc.month = r.month and mc.reopened_at is null
        and r.month = ${month} and r.contract_id = any(${uuidArray(ids)}) and (not r.is_frozen or r.month_close_id is distinct from mc.id)`);
  }
  await recordAudits(
    tx,
    ctx,
    rows.map((row) => ({
      action: 'month.close',
      objectType: 'contract',
      objectId: row.contractId,
      details: { month, monthCloseId: row.id, uploads: row.inputs.uploads.length, creditTotalMinor: row.inputs.creditTotalMinor },
    })),
  );
  const notReopened = { reopenedBy: null, reopenedByLabel: null, reopenedAt: null, reopenReason: null };
  return {
    closes: rows.map((row, i) => ({ close: { ...row, ...notReopened }, evaluation: evaluations[i]! })),
    alerts: evaluations.flatMap((e) => e.alerts),
  };
}

/** The uploads (by id) whose current facts lie in the contract's month, per contract. */
function uploadsInMonth(contexts: ContractContext[], facts: FactStarts[], month: string): Map<string, { uploadId: string; unitId: string }[]> {
  const byUnit = new Map<string, FactStarts[]>();
  for (const f of facts) byUnit.set(f.unitId, [...(byUnit.get(f.unitId) ?? []), f]);
  const out = new Map<string, { uploadId: string; unitId: string }[]>();
  for (const contract of contexts) {
    const { start, end } = monthBoundsOf(month, contract.timeZone);
    const seen = new Map<string, { uploadId: string; unitId: string }>();
    for (const unitId of contract.unitIds) {
      for (const f of byUnit.get(unitId) ?? []) if (startsWithin(f.starts, start.getTime(), end.getTime()).length) seen.set(`${f.uploadId}|${unitId}`, { uploadId: f.uploadId, unitId });
    }
    // Ordered by upload id, as PostgreSQL orders uuids (byte order = lowercase hex order).
    out.set(
      contract.contractId,
      [...seen.values()].sort((a, b) => (a.uploadId < b.uploadId ? -1 : a.uploadId > b.uploadId ? 1 : a.unitId < b.unitId ? -1 : 1)),
    );
  }
  return out;
}
