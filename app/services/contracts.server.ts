import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { contracts, contractSlas, contractUnits, contractVersions, deliveryUnits, orgs, queues, rateCardLines } from '#db/schema/index';
import { diffContractVersions, type DiffTerms, type TermChange } from '#app/domain/contracts/diff';
import type { PricingModel, StoredTier } from '#app/domain/contracts/rate-card';
import { contractInputSchema, contractVersionInputSchema, checkVersionDates, resolveEffectivePeriods, versionInForce, type ContractInput, type ContractVersionInput, type ContractVersionValues } from '#app/domain/contracts/version';
import { can } from '#app/domain/permissions';
import { notFound } from '#app/lib/errors';
import { recordAudit } from './audit.server';
import { assertCan, inTenant, type ServiceCtx } from './context';
import { fieldError, isUniqueViolation, parseInput, todayIn } from './programs-common.server';

type SlaRow = typeof contractSlas.$inferSelect;
type RateRow = typeof rateCardLines.$inferSelect;

export interface RateLineDto {
  id: string;
  position: number;
  pricingModel: PricingModel;
  description: string | null;
  channel: string | null;
  queueId: string | null;
  rate: string | null;
  tiers: StoredTier[];
}
export type SlaDto = Omit<SlaRow, 'clientOrgId' | 'vendorOrgId' | 'contractVersionId'>;
export interface ContractVersionDto extends DiffTerms {
  id: string;
  contractId: string;
  versionNo: number;
  /** The last day this version governs: its own end date or the day before the next version. */
  effectiveUntil: string | null;
  reason: string;
  createdByLabel: string;
  createdAt: Date;
  rateLines: RateLineDto[];
  slas: SlaDto[];
}
export interface ContractSummaryDto {
  id: string;
  name: string;
  vendorOrgId: string;
  vendorName: string | null;
  unitIds: string[];
  versionCount: number;
  currentVersion: ContractVersionDto | null;
}
export interface ContractDetailDto extends ContractSummaryDto {
  versions: ContractVersionDto[];
  /** The change from each version to the next, oldest first. */
  history: { fromVersionNo: number; toVersionNo: number; changes: TermChange[] }[];
}

function rateDto(r: RateRow): RateLineDto {
  return { id: r.id, position: r.position, pricingModel: r.pricingModel, description: r.description, channel: r.channel, queueId: r.queueId, rate: r.rate, tiers: r.tiers };
}
function slaDto(s: SlaRow): SlaDto {
  const { clientOrgId: _c, vendorOrgId: _v, contractVersionId: _cv, ...rest } = s;
  return rest;
}

/** Loads versions (with rate card and SLAs) of the given contracts; RLS limits them to what the org may see. */
export async function loadVersions(tx: Tx, contractIds: string[]): Promise<Map<string, ContractVersionDto[]>> {
  const byContract = new Map<string, ContractVersionDto[]>();
  if (!contractIds.length) return byContract;
  const versions = await tx.select().from(contractVersions).where(inArray(contractVersions.contractId, contractIds)).orderBy(asc(contractVersions.versionNo));
  const ids = versions.map((v) => v.id);
  const lines = ids.length ? await tx.select().from(rateCardLines).where(inArray(rateCardLines.contractVersionId, ids)).orderBy(asc(rateCardLines.position)) : [];
  const slas = ids.length ? await tx.select().from(contractSlas).where(inArray(contractSlas.contractVersionId, ids)).orderBy(asc(contractSlas.position)) : [];
  for (const v of versions) {
    const dto: ContractVersionDto = {
      id: v.id,
      contractId: v.contractId,
      versionNo: v.versionNo,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: v.effectiveTo,
      effectiveUntil: null,
      reason: v.reason,
      currency: v.currency,
      taxRateBp: v.taxRateBp,
      minimumMonthlyCommitment: v.minimumMonthlyCommitment,
      atRiskBp: v.atRiskBp,
      poolBp: v.poolBp,
      earnBackMonths: v.earnBackMonths,
      createdByLabel: v.createdByLabel,
      createdAt: v.createdAt,
      rateLines: lines.filter((l) => l.contractVersionId === v.id).map(rateDto),
      slas: slas.filter((s) => s.contractVersionId === v.id).map(slaDto),
    };
    byContract.set(v.contractId, [...(byContract.get(v.contractId) ?? []), dto]);
  }
  for (const [id, list] of byContract) byContract.set(id, resolveEffectivePeriods(list));
  return byContract;
}

/** Contracts visible to the acting org, optionally only those covering some units, with their current version. */
export async function loadContractSummaries(tx: Tx, filter: { unitIds?: string[]; contractIds?: string[] }, today: string): Promise<(ContractSummaryDto & { versions: ContractVersionDto[] })[]> {
  const coverage = await tx
    .select({ contractId: contractUnits.contractId, unitId: contractUnits.unitId })
    .from(contractUnits)
    .where(filter.unitIds ? inArray(contractUnits.unitId, filter.unitIds.length ? filter.unitIds : ['00000000-0000-0000-0000-000000000000']) : undefined);
  const ids = filter.contractIds ?? [...new Set(coverage.map((c) => c.contractId))];
  if (!ids.length) return [];
  const rows = await tx
    .select({ contract: contracts, vendorName: orgs.name })
    .from(contracts)
    .leftJoin(orgs, eq(orgs.id, contracts.vendorOrgId))
    .where(inArray(contracts.id, ids))
    .orderBy(asc(contracts.name));
  const allCoverage = filter.unitIds ? await tx.select({ contractId: contractUnits.contractId, unitId: contractUnits.unitId }).from(contractUnits).where(inArray(contractUnits.contractId, ids)) : coverage;
  const versions = await loadVersions(tx, ids);
  return rows.map(({ contract, vendorName }) => {
    const list = versions.get(contract.id) ?? [];
    return {
      id: contract.id,
      name: contract.name,
      vendorOrgId: contract.vendorOrgId,
      vendorName,
      unitIds: allCoverage.filter((c) => c.contractId === contract.id).map((c) => c.unitId),
      versionCount: list.length,
      currentVersion: versionInForce(list, today) ?? list.at(-1) ?? null,
      versions: list,
    };
  });
}

export async function createContract(ctx: ServiceCtx, input: ContractInput & { firstVersion?: ContractVersionInput }): Promise<ContractDetailDto> {
  assertCan(ctx, 'write:contracts');
  const values = parseInput(contractInputSchema, input);
  const firstVersion = input.firstVersion ? parseInput(contractVersionInputSchema, input.firstVersion) : null;
  const id = await inTenant(ctx, async (tx) => {
    const units = await tx.select().from(deliveryUnits).where(inArray(deliveryUnits.id, values.unitIds));
    values.unitIds.forEach((unitId, i) => {
      const unit = units.find((u) => u.id === unitId);
      if (!unit) throw fieldError(['unitIds', i], 'programs.error.invalidScope');
      if (unit.vendorOrgId !== values.vendorOrgId) throw fieldError(['unitIds', i], 'programs.error.unitNotOfVendor');
    });
    let row;
    try {
      [row] = await tx.insert(contracts).values({ clientOrgId: ctx.orgId, vendorOrgId: values.vendorOrgId, name: values.name, createdBy: ctx.actor.userId ?? null }).returning();
    } catch (error) {
      if (isUniqueViolation(error)) throw fieldError(['name'], 'programs.error.duplicateName', 'CONFLICT');
      throw error;
    }
    await tx.insert(contractUnits).values(values.unitIds.map((unitId) => ({ clientOrgId: ctx.orgId, contractId: row!.id, unitId, vendorOrgId: values.vendorOrgId })));
    await recordAudit(tx, ctx, { action: 'contract.create', objectType: 'contract', objectId: row!.id, details: { name: values.name, vendorOrgId: values.vendorOrgId, unitIds: values.unitIds } });
    // Same transaction: a first version refused (e.g. a scope outside the units) leaves no contract behind.
    if (firstVersion) await insertVersion(tx, ctx, row!, firstVersion);
    return row!.id;
  });
  return getContract(ctx, id);
}

/**
 * Adds a version of a contract's terms. Validated like the form (targets, allocations, thresholds),
 * then against the contract: dates after every existing version, scopes inside the covered units.
 */
export async function addContractVersion(ctx: ServiceCtx, contractId: string, input: ContractVersionInput): Promise<ContractVersionDto> {
  assertCan(ctx, 'write:contracts');
  const values = parseInput(contractVersionInputSchema, input);
  const versionId = await inTenant(ctx, async (tx) => {
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
    if (!contract || contract.clientOrgId !== ctx.orgId) throw notFound('Contract not found');
    return insertVersion(tx, ctx, contract, values);
  });
  const detail = await getContract(ctx, contractId);
  return detail.versions.find((v) => v.id === versionId)!;
}

/** Checks a version against its contract (dates, scopes) and writes it with its rate card, SLAs and audit entry. */
async function insertVersion(tx: Tx, ctx: ServiceCtx, contract: typeof contracts.$inferSelect, values: ContractVersionValues): Promise<string> {
  const contractId = contract.id;
  const existing = await tx.select({ versionNo: contractVersions.versionNo, effectiveFrom: contractVersions.effectiveFrom, effectiveTo: contractVersions.effectiveTo }).from(contractVersions).where(eq(contractVersions.contractId, contractId));
  const dateIssue = checkVersionDates(existing, values);
  if (dateIssue) throw fieldError(dateIssue.path, dateIssue.message);
  const unitIds = (await tx.select({ unitId: contractUnits.unitId }).from(contractUnits).where(eq(contractUnits.contractId, contractId))).map((r) => r.unitId);
  const queueRows = unitIds.length ? await tx.select({ id: queues.id, unitId: queues.unitId }).from(queues).where(inArray(queues.unitId, unitIds)) : [];
  values.slas.forEach((s, i) => {
    if (s.scopeUnitId && !unitIds.includes(s.scopeUnitId)) throw fieldError(['slas', i, 'scopeUnitId'], 'programs.error.scopeNotInContract');
    if (s.scopeQueueId && !queueRows.some((q) => q.id === s.scopeQueueId && q.unitId === s.scopeUnitId)) throw fieldError(['slas', i, 'scopeQueueId'], 'programs.error.scopeNotInContract');
  });
  values.rateLines.forEach((l, i) => {
    if (l.queueId && !queueRows.some((q) => q.id === l.queueId)) throw fieldError(['rateLines', i, 'queueId'], 'programs.error.scopeNotInContract');
  });
  const [{ last } = { last: 0 }] = await tx.select({ last: max(contractVersions.versionNo) }).from(contractVersions).where(eq(contractVersions.contractId, contractId));
  const versionNo = (last ?? 0) + 1;
  const base = { clientOrgId: ctx.orgId, vendorOrgId: contract.vendorOrgId };
  const [version] = await tx
    .insert(contractVersions)
    .values({
      ...base,
      contractId,
      versionNo,
      effectiveFrom: values.effectiveFrom,
      effectiveTo: values.effectiveTo,
      reason: values.reason,
      currency: values.currency,
      taxRateBp: values.taxRateBp,
      minimumMonthlyCommitment: values.minimumMonthlyCommitment,
      atRiskBp: values.atRiskBp,
      poolBp: values.poolBp,
      earnBackMonths: values.earnBackMonths,
      createdBy: ctx.actor.userId ?? null,
      createdByLabel: ctx.actor.label,
    })
    .returning();
  await tx.insert(rateCardLines).values(values.rateLines.map((l, position) => ({ ...base, contractVersionId: version!.id, position, ...l })));
  if (values.slas.length) await tx.insert(contractSlas).values(values.slas.map((s, position) => ({ ...base, contractVersionId: version!.id, position, ...s })));
  await recordAudit(tx, ctx, {
    action: 'contract.version.create',
    objectType: 'contract',
    objectId: contractId,
    details: { versionId: version!.id, versionNo, effectiveFrom: values.effectiveFrom, effectiveTo: values.effectiveTo, reason: values.reason },
  });
  return version!.id;
}

export async function listContracts(ctx: ServiceCtx, filter: { unitIds?: string[] } = {}, now = new Date()): Promise<ContractSummaryDto[]> {
  assertCan(ctx, 'read:contracts');
  const rows = await inTenant(ctx, async (tx) => {
    const ids = filter.unitIds ? undefined : (await tx.select({ id: contracts.id }).from(contracts)).map((r) => r.id);
    return loadContractSummaries(tx, { unitIds: filter.unitIds, contractIds: ids }, todayIn('UTC', now));
  });
  return rows.map(({ versions: _versions, ...summary }) => summary);
}

/** A contract with every version (oldest first) and the readable diff between consecutive versions. */
export async function getContract(ctx: ServiceCtx, contractId: string, now = new Date()): Promise<ContractDetailDto> {
  assertCan(ctx, 'read:contracts');
  return inTenant(ctx, async (tx) => {
    const [summary] = await loadContractSummaries(tx, { contractIds: [contractId] }, todayIn('UTC', now));
    if (!summary) throw notFound('Contract not found');
    const unitNames = Object.fromEntries((await tx.select({ id: deliveryUnits.id, name: deliveryUnits.name }).from(deliveryUnits).where(inArray(deliveryUnits.id, summary.unitIds.length ? summary.unitIds : [contractId]))).map((u) => [u.id, u.name]));
    const queueNames = Object.fromEntries((await tx.select({ id: queues.id, name: queues.name }).from(queues).where(inArray(queues.unitId, summary.unitIds.length ? summary.unitIds : [contractId]))).map((q) => [q.id, q.name]));
    const history = summary.versions.slice(1).map((v, i) => ({
      fromVersionNo: summary.versions[i]!.versionNo,
      toVersionNo: v.versionNo,
      changes: diffContractVersions(summary.versions[i]!, v, { units: unitNames, queues: queueNames }),
    }));
    return { ...summary, history };
  });
}

/** The vendor orgs a client may contract with: those already linked to one of its units. */
export async function listLinkedVendors(ctx: ServiceCtx): Promise<{ id: string; name: string }[]> {
  assertCan(ctx, 'read:contracts');
  if (!can(ctx.role, 'write:contracts')) return [];
  return inTenant(ctx, (tx) =>
    tx
      .selectDistinct({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .innerJoin(deliveryUnits, and(eq(deliveryUnits.vendorOrgId, orgs.id), eq(deliveryUnits.clientOrgId, ctx.orgId)))
      .orderBy(asc(orgs.name)),
  );
}

