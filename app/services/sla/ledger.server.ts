/**
 * The earn-back ledger of a contract, rebuilt from its stored monthly credits and month outcomes
 * (app/domain/sla/earn-back.ts decides each credit's fate). "The same SLA" across versions is the SLA's
 * key (KPI, period, scope), since each contract version has its own SLA rows.
 *
 * Rule decided here: months between the first and the last evaluated month that have no result for an
 * SLA (not evaluated, or the SLA was absent from that month's version) count as not measured: they
 * extend a window, neither earning back nor forfeiting.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { earnBackEntries, serviceCredits, slaResults } from '#db/schema/index';
import { buildEarnBackLedger, nextMonth, type LeviedCredit, type MonthlySlaOutcome } from '#app/domain/sla/earn-back';
import type { SlaOutcome } from '#app/domain/sla/evaluate';
import { insertRows } from './bulk-write.server';
import type { ContractContext } from './inputs.server';

/** Rebuilds the ledgers of the contracts (one tenant transaction) in a few statements, however many. */
export async function rebuildEarnBackLedgers(tx: Tx, contexts: ContractContext[]): Promise<void> {
  if (!contexts.length) return;
  const orgIds = [...new Set(contexts.map((c) => c.clientOrgId))];
  const ids = contexts.map((c) => c.contractId);
  const creditRows = await tx
    .select()
    .from(serviceCredits)
    .where(and(inArray(serviceCredits.clientOrgId, orgIds), inArray(serviceCredits.contractId, ids)))
    .orderBy(asc(serviceCredits.contractId), asc(serviceCredits.month));
  const monthRows = await tx
    .select({ contractId: slaResults.contractId, slaKey: slaResults.slaKey, month: slaResults.month, outcome: slaResults.outcome })
    .from(slaResults)
    .where(and(inArray(slaResults.clientOrgId, orgIds), inArray(slaResults.contractId, ids), eq(slaResults.grain, 'month')))
    .orderBy(asc(slaResults.contractId), asc(slaResults.month), asc(slaResults.slaKey), asc(slaResults.contractSlaId));
  const entries = contexts.flatMap((ctx) =>
    ledgerRows(
      ctx,
      creditRows.filter((r) => r.contractId === ctx.contractId),
      monthRows.filter((r) => r.contractId === ctx.contractId),
    ),
  );
  await tx.delete(earnBackEntries).where(and(inArray(earnBackEntries.clientOrgId, orgIds), inArray(earnBackEntries.contractId, ids)));
  await insertRows(tx, earnBackEntries, entries);
}

function ledgerRows(ctx: ContractContext, creditRows: (typeof serviceCredits.$inferSelect)[], monthRows: { slaKey: string; month: string; outcome: SlaOutcome }[]): (typeof earnBackEntries.$inferInsert)[] {
  const earnBackOf = new Map(ctx.versions.map((v) => [v.id, v.earnBackMonths]));
  const credits: LeviedCredit[] = [];
  const slaOf = new Map<string, { contractSlaId: string; kpi: string }>();
  for (const row of creditRows) {
    for (const line of row.lines) {
      const amount = BigInt(line.amountMinor);
      if (amount <= 0n) continue;
      credits.push({ slaId: line.slaKey, month: row.month, amountMinor: amount, earnBackMonths: earnBackOf.get(row.contractVersionId) ?? 0 });
      slaOf.set(`${line.slaKey}@${row.month}`, { contractSlaId: line.slaId, kpi: line.kpi });
    }
  }
  return buildEarnBackLedger(credits, contiguousOutcomes(monthRows)).map((entry) => {
    const sla = slaOf.get(`${entry.slaId}@${entry.creditMonth}`)!;
    return {
      clientOrgId: ctx.clientOrgId,
      contractId: ctx.contractId,
      slaKey: entry.slaId,
      creditMonth: entry.creditMonth,
      vendorOrgId: ctx.vendorOrgId,
      contractSlaId: sla.contractSlaId,
      kpi: sla.kpi as never,
      amountMinor: entry.amountMinor,
      earnBackMonths: entry.earnBackMonths,
      windowMonths: entry.windowMonths,
      metMonths: entry.metMonths,
      fate: entry.fate,
      decidedMonth: entry.decidedMonth,
      returnedMinor: entry.returnedMinor,
    };
  });
}

/** Each SLA key's outcomes over one unbroken run of months, gaps filled as not measured. */
function contiguousOutcomes(rows: { slaKey: string; month: string; outcome: SlaOutcome }[]): MonthlySlaOutcome[] {
  if (!rows.length) return [];
  const months = rows.map((r) => r.month).sort();
  const first = months[0]!;
  const last = months.at(-1)!;
  const byKey = new Map<string, Map<string, SlaOutcome>>();
  for (const r of rows) byKey.set(r.slaKey, (byKey.get(r.slaKey) ?? new Map()).set(r.month, r.outcome));
  const out: MonthlySlaOutcome[] = [];
  for (const [slaKey, byMonth] of byKey) {
    for (let month = first; month <= last; month = nextMonth(month)) out.push({ slaId: slaKey, month, outcome: byMonth.get(month) ?? 'not_measured' });
  }
  return out;
}

export interface EarnBackEntryDto {
  contractId: string;
  slaKey: string;
  contractSlaId: string;
  kpi: string;
  creditMonth: string;
  amountMinor: bigint;
  earnBackMonths: number;
  windowMonths: { month: string; outcome: string }[];
  metMonths: number;
  fate: 'pending' | 'earned_back' | 'forfeited';
  decidedMonth: string | null;
  returnedMinor: bigint;
}

/** The ledger as the acting org sees it (row-level security: the client, or the contract's vendor). */
export async function loadLedger(tx: Tx, contractId: string): Promise<EarnBackEntryDto[]> {
  const rows = await tx.select().from(earnBackEntries).where(eq(earnBackEntries.contractId, contractId)).orderBy(asc(earnBackEntries.creditMonth), asc(earnBackEntries.slaKey));
  return rows.map(({ clientOrgId: _c, vendorOrgId: _v, computedAt: _t, ...rest }) => rest);
}
