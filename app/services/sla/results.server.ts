/**
 * Reading SLA results, credits, scorecards and the earn-back ledger for pages and the API. Stored
 * results only (evaluation runs on ingest, dispute decisions, close/reopen, or evaluateContractMonth);
 * row-level security shows a vendor only its own contracts' rows, the client all of its own.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { contracts, contractUnits, deliveryUnits, programs, serviceCredits, slaResults } from '#db/schema/index';
import type { Comparator } from '#app/domain/contracts/sla';
import type { KpiId } from '#app/domain/kpi/catalog';
import { computeScorecard, type Scorecard } from '#app/domain/sla/scorecard';
import { AppError, notFound } from '#app/lib/errors';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { loadVersions } from '../contracts.server';
import { loadLedger, type EarnBackEntryDto } from './ledger.server';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface SlaResultDto {
  id: string;
  contractId: string;
  contractSlaId: string;
  slaKey: string;
  kpi: KpiId;
  comparator: Comparator;
  target: number;
  grain: 'month' | 'week' | 'day';
  periodKey: string;
  periodStart: Date;
  periodEnd: Date;
  /** The SLA's scope: null unit = every unit of the contract. */
  scope: { unitId: string | null; queueId: string | null; channel: string | null };
  value: number | null;
  numerator: number;
  denominator: number;
  volume: number;
  minimumVolume: number;
  status: 'met' | 'missed' | 'not_measured' | 'missing_data';
  outcome: 'met' | 'missed' | 'not_measured';
  reason: string;
  warnings: string[];
  coverage: { expectedIntervals: number; receivedIntervals: number; excludedRows: number };
  isFrozen: boolean;
  computedAt: Date;
  /** The month's credit for this SLA (month rows only; null without a credit row). */
  credit: { amountMinor: bigint; capReductionMinor: bigint; currency: string; minorDigits: number } | null;
}

export interface CreditsDto {
  contractId: string;
  month: string;
  currency: string;
  minorDigits: number;
  invoiceBasisMinor: bigint;
  atRiskMinor: bigint;
  uncappedTotalMinor: bigint;
  capReductionMinor: bigint;
  totalMinor: bigint;
  isCapped: boolean;
  isFrozen: boolean;
  lines: { slaId: string; slaKey: string; kpi: string; outcome: string; allocationBp: number | null; uncappedMinor: bigint; capReductionMinor: bigint; amountMinor: bigint }[];
  basisDetails: typeof serviceCredits.$inferSelect['basisDetails'];
}

export interface ProgramSlaResultsDto {
  programId: string;
  month: string;
  units: { unitId: string; unitName: string; vendorOrgId: string | null; contractIds: string[]; results: SlaResultDto[] }[];
  credits: CreditsDto[];
}

function creditsDto(row: typeof serviceCredits.$inferSelect): CreditsDto {
  return {
    contractId: row.contractId,
    month: row.month,
    currency: row.currency,
    minorDigits: row.minorDigits,
    invoiceBasisMinor: row.invoiceBasisMinor,
    atRiskMinor: row.atRiskMinor,
    uncappedTotalMinor: row.uncappedTotalMinor,
    capReductionMinor: row.capReductionMinor,
    totalMinor: row.totalMinor,
    isCapped: row.isCapped,
    isFrozen: row.isFrozen,
    lines: row.lines.map((l) => ({ slaId: l.slaId, slaKey: l.slaKey, kpi: l.kpi, outcome: l.outcome, allocationBp: l.allocationBp, uncappedMinor: BigInt(l.uncappedMinor), capReductionMinor: BigInt(l.capReductionMinor), amountMinor: BigInt(l.amountMinor) })),
    basisDetails: row.basisDetails,
  };
}

function resultDto(row: typeof slaResults.$inferSelect, credits: CreditsDto | undefined): SlaResultDto {
  const line = row.grain === 'month' ? credits?.lines.find((l) => l.slaId === row.contractSlaId) : undefined;
  return {
    id: row.id,
    contractId: row.contractId,
    contractSlaId: row.contractSlaId,
    slaKey: row.slaKey,
    kpi: row.kpi,
    comparator: row.comparator,
    target: row.target,
    grain: row.grain,
    periodKey: row.periodKey,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    scope: { unitId: row.unitId, queueId: row.queueId, channel: row.channel },
    value: row.value,
    numerator: row.numerator,
    denominator: row.denominator,
    volume: row.volume,
    minimumVolume: row.minimumVolume,
    status: row.status,
    outcome: row.outcome,
    reason: row.reason,
    warnings: row.warnings,
    coverage: { expectedIntervals: row.expectedIntervals, receivedIntervals: row.receivedIntervals, excludedRows: row.excludedRows },
    isFrozen: row.isFrozen,
    computedAt: row.computedAt,
    credit: line && credits ? { amountMinor: line.amountMinor, capReductionMinor: line.capReductionMinor, currency: credits.currency, minorDigits: credits.minorDigits } : null,
  };
}

/**
 * A program's SLA results of one month, per delivery unit: each unit lists the results of the contracts
 * covering it whose scope is the unit or the whole contract (month rows first, then days/weeks).
 */
export async function listSlaResults(ctx: ServiceCtx, input: { programId: string; month: string; grains?: ('month' | 'week' | 'day')[] }): Promise<ProgramSlaResultsDto> {
  assertCan(ctx, 'read:kpis');
  if (!MONTH.test(input.month)) throw new AppError('UNPROCESSABLE', 'month must be YYYY-MM', { issues: [{ path: ['month'], message: 'invalid' }] });
  return inTenant(ctx, async (tx) => {
    const [program] = await tx.select({ id: programs.id }).from(programs).where(eq(programs.id, input.programId));
    if (!program) throw notFound('Program not found');
    // A vendor sees only its own units here (row-level security), never in-house ones.
    const units = await tx.select().from(deliveryUnits).where(eq(deliveryUnits.programId, input.programId)).orderBy(asc(deliveryUnits.name));
    const unitIds = units.map((u) => u.id);
    const coverage = unitIds.length ? await tx.select({ contractId: contractUnits.contractId, unitId: contractUnits.unitId }).from(contractUnits).where(inArray(contractUnits.unitId, unitIds)) : [];
    const contractIds = [...new Set(coverage.map((c) => c.contractId))];
    const results = contractIds.length
      ? await tx.select().from(slaResults).where(and(inArray(slaResults.contractId, contractIds), eq(slaResults.month, input.month))).orderBy(asc(slaResults.contractId), asc(slaResults.slaKey), asc(slaResults.grain), asc(slaResults.periodKey))
      : [];
    const creditRows = contractIds.length ? await tx.select().from(serviceCredits).where(and(inArray(serviceCredits.contractId, contractIds), eq(serviceCredits.month, input.month))) : [];
    const credits = creditRows.map(creditsDto);
    const grains = input.grains ?? ['month', 'week', 'day'];
    return {
      programId: input.programId,
      month: input.month,
      units: units.map((unit) => {
        const mine = coverage.filter((c) => c.unitId === unit.id).map((c) => c.contractId);
        const rows = results.filter((r) => mine.includes(r.contractId) && (r.unitId === null || r.unitId === unit.id) && grains.includes(r.grain));
        rows.sort((a, b) => (a.grain === 'month' ? 0 : 1) - (b.grain === 'month' ? 0 : 1));
        return { unitId: unit.id, unitName: unit.name, vendorOrgId: unit.vendorOrgId, contractIds: mine, results: rows.map((r) => resultDto(r, credits.find((c) => c.contractId === r.contractId))) };
      }),
      credits,
    };
  });
}

export interface ContractScorecardDto {
  contractId: string;
  vendorOrgId: string;
  months: { month: string; scorecard: Scorecard; results: SlaResultDto[]; credits: CreditsDto | null; earnedBackMinor: bigint }[];
  ledger: EarnBackEntryDto[];
}

/**
 * The scorecard page's data for one contract over [fromMonth, toMonth]: per month every SLA's month
 * result with its credit, the weighted score (computeScorecard), the credits, and what was earned back
 * that month; plus the whole earn-back ledger.
 */
export async function getContractScorecard(ctx: ServiceCtx, input: { contractId: string; fromMonth: string; toMonth: string }): Promise<ContractScorecardDto> {
  assertCan(ctx, 'read:kpis');
  if (!MONTH.test(input.fromMonth) || !MONTH.test(input.toMonth)) throw new AppError('UNPROCESSABLE', 'months must be YYYY-MM');
  return inTenant(ctx, async (tx) => {
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, input.contractId));
    if (!contract) throw notFound('Contract not found');
    const versions = (await loadVersions(tx, [contract.id])).get(contract.id) ?? [];
    const slaById = new Map(versions.flatMap((v) => v.slas.map((s) => [s.id, s] as const)));
    const rows = (await tx.select().from(slaResults).where(and(eq(slaResults.contractId, contract.id), eq(slaResults.grain, 'month')))).filter((r) => r.month >= input.fromMonth && r.month <= input.toMonth);
    const creditRows = (await tx.select().from(serviceCredits).where(eq(serviceCredits.contractId, contract.id))).filter((r) => r.month >= input.fromMonth && r.month <= input.toMonth);
    const ledger = await loadLedger(tx, contract.id);
    const months = [...new Set(rows.map((r) => r.month))].sort();
    return {
      contractId: contract.id,
      vendorOrgId: contract.vendorOrgId,
      months: months.map((month) => {
        const credit = creditRows.find((c) => c.month === month);
        const creditDto = credit ? creditsDto(credit) : null;
        const results = rows.filter((r) => r.month === month).map((r) => resultDto(r, creditDto ?? undefined));
        const scorecard = computeScorecard(
          results.map((r) => {
            const sla = slaById.get(r.contractSlaId);
            return { slaId: r.contractSlaId, kpi: r.kpi, comparator: r.comparator, target: r.target, isCritical: sla?.isCritical ?? false, allocationBp: sla?.allocationBp ?? null, value: r.value, outcome: r.outcome };
          }),
        );
        const earnedBackMinor = ledger.filter((e) => e.fate === 'earned_back' && e.decidedMonth === month).reduce((sum, e) => sum + e.returnedMinor, 0n);
        return { month, scorecard, results, credits: creditDto, earnedBackMinor };
      }),
      ledger,
    };
  });
}

export async function getEarnBackLedger(ctx: ServiceCtx, contractId: string): Promise<EarnBackEntryDto[]> {
  assertCan(ctx, 'read:kpis');
  return inTenant(ctx, async (tx) => {
    const [contract] = await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, contractId));
    if (!contract) throw notFound('Contract not found');
    return loadLedger(tx, contractId);
  });
}
