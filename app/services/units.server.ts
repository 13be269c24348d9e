import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { deliveryUnits, orgs, programs, queues, unitTargets } from '#db/schema/index';
import { internalTargetsInputSchema, type InternalTargetsInput } from '#app/domain/contracts/sla';
import { checkVolumeShares, queueInputSchema, unitInputSchema, type QueueInput, type UnitInput, type UnitKind } from '#app/domain/programs/schemas';
import { notFound } from '#app/lib/errors';
import { recordAudit } from './audit.server';
import { assertCan, inTenant, type ServiceCtx } from './context';
import { assertUnitAllowed } from './subscriptions/limits.server';
import { fieldError, isUniqueViolation, parseInput } from './programs-common.server';

export interface QueueDto {
  id: string;
  unitId: string;
  name: string;
  channel: string;
}
export interface UnitDto {
  id: string;
  programId: string;
  programName: string | null;
  kind: UnitKind;
  vendorOrgId: string | null;
  vendorName: string | null;
  name: string;
  site: string | null;
  volumeShareBp: number;
  queues: QueueDto[];
}
type TargetRow = typeof unitTargets.$inferSelect;
export type InternalTargetDto = Omit<TargetRow, 'clientOrgId' | 'unitId' | 'createdBy'>;
export interface InternalTargetSetDto {
  effectiveFrom: string;
  targets: InternalTargetDto[];
}

/** Units (with queues) visible to the acting org: RLS hides in-house units and other vendors' from a vendor. */
export async function loadUnits(tx: Tx, filter: { programIds?: string[]; unitIds?: string[] } = {}): Promise<UnitDto[]> {
  const where = [];
  if (filter.programIds) where.push(inArray(deliveryUnits.programId, filter.programIds.length ? filter.programIds : ['00000000-0000-0000-0000-000000000000']));
  if (filter.unitIds) where.push(inArray(deliveryUnits.id, filter.unitIds.length ? filter.unitIds : ['00000000-0000-0000-0000-000000000000']));
  const rows = await tx
    .select({ unit: deliveryUnits, vendorName: orgs.name, programName: programs.name })
    .from(deliveryUnits)
    .leftJoin(orgs, eq(orgs.id, deliveryUnits.vendorOrgId))
    .leftJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(deliveryUnits.createdAt), asc(deliveryUnits.name));
  const ids = rows.map((r) => r.unit.id);
  const queueRows = ids.length ? await tx.select().from(queues).where(inArray(queues.unitId, ids)).orderBy(asc(queues.name)) : [];
  return rows.map(({ unit, vendorName, programName }) => ({
    id: unit.id,
    programId: unit.programId,
    programName,
    kind: unit.kind,
    vendorOrgId: unit.vendorOrgId,
    vendorName,
    name: unit.name,
    site: unit.site,
    volumeShareBp: unit.volumeShareBp,
    queues: queueRows.filter((q) => q.unitId === unit.id).map((q) => ({ id: q.id, unitId: q.unitId, name: q.name, channel: q.channel })),
  }));
}

async function assertVolumeShares(tx: Tx, programId: string, exceptUnitId: string | null, addedBp: number) {
  const others = await tx
    .select({ bp: deliveryUnits.volumeShareBp })
    .from(deliveryUnits)
    .where(and(eq(deliveryUnits.programId, programId), exceptUnitId ? ne(deliveryUnits.id, exceptUnitId) : undefined));
  if (!checkVolumeShares([...others.map((o) => o.bp), addedBp]).ok) throw fieldError(['volumeSharePct'], 'programs.error.volumeSharesExceed');
}

/**
 * Adds an in-house or vendor unit to a program. A vendor unit gets its vendor by invitation, or at once
 * when the client names a vendor org that already delivers one of its units (that vendor consented then).
 */
export async function addUnit(ctx: ServiceCtx, programId: string, input: UnitInput, options: { linkedVendorOrgId?: string } = {}): Promise<UnitDto> {
  assertCan(ctx, 'write:programs');
  const values = parseInput(unitInputSchema, input);
  return inTenant(ctx, async (tx) => {
    const [program] = await tx.select({ id: programs.id }).from(programs).where(and(eq(programs.id, programId), eq(programs.clientOrgId, ctx.orgId)));
    if (!program) throw notFound('Program not found');
    let vendorOrgId: string | null = null;
    if (options.linkedVendorOrgId) {
      const [linked] = await tx
        .select({ id: deliveryUnits.vendorOrgId })
        .from(deliveryUnits)
        .where(and(eq(deliveryUnits.clientOrgId, ctx.orgId), eq(deliveryUnits.vendorOrgId, options.linkedVendorOrgId)))
        .limit(1);
      if (values.kind !== 'vendor' || !linked) throw fieldError(['vendorOrgId'], 'programs.error.invalidVendor');
      vendorOrgId = options.linkedVendorOrgId;
    }
    await assertVolumeShares(tx, programId, null, values.volumeShareBp);
    // The platform plan's unit limit (and a past-due subscription) may refuse growth.
    await assertUnitAllowed(tx, ctx);
    let unit;
    try {
      [unit] = await tx.insert(deliveryUnits).values({ clientOrgId: ctx.orgId, programId, ...values, vendorOrgId, site: values.site ?? null }).returning();
    } catch (error) {
      if (isUniqueViolation(error)) throw fieldError(['name'], 'programs.error.duplicateName', 'CONFLICT');
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'unit.create', objectType: 'delivery_unit', objectId: unit!.id, details: { programId, ...values, vendorOrgId } });
    return (await loadUnits(tx, { unitIds: [unit!.id] }))[0]!;
  });
}

/** Renames a unit or changes its site or volume share; its kind and vendor do not change here. */
export async function updateUnit(ctx: ServiceCtx, unitId: string, input: Omit<UnitInput, 'kind'>): Promise<UnitDto> {
  assertCan(ctx, 'write:programs');
  return inTenant(ctx, async (tx) => {
    const [unit] = await tx.select().from(deliveryUnits).where(and(eq(deliveryUnits.id, unitId), eq(deliveryUnits.clientOrgId, ctx.orgId)));
    if (!unit) throw notFound('Unit not found');
    const values = parseInput(unitInputSchema, { ...input, kind: unit.kind });
    await assertVolumeShares(tx, unit.programId, unitId, values.volumeShareBp);
    try {
      await tx.update(deliveryUnits).set({ name: values.name, site: values.site ?? null, volumeShareBp: values.volumeShareBp }).where(eq(deliveryUnits.id, unitId));
    } catch (error) {
      if (isUniqueViolation(error)) throw fieldError(['name'], 'programs.error.duplicateName', 'CONFLICT');
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'unit.update', objectType: 'delivery_unit', objectId: unitId, details: { before: { name: unit.name, site: unit.site, volumeShareBp: unit.volumeShareBp }, after: values } });
    return (await loadUnits(tx, { unitIds: [unitId] }))[0]!;
  });
}

export async function listUnits(ctx: ServiceCtx, filter: { programId?: string } = {}): Promise<UnitDto[]> {
  assertCan(ctx, 'read:programs');
  return inTenant(ctx, (tx) => loadUnits(tx, filter.programId ? { programIds: [filter.programId] } : {}));
}

export interface UnitDetailDto extends UnitDto {
  /** In-house units only (client users): the internal target sets, newest first. */
  internalTargets: InternalTargetSetDto[];
}

export async function getUnit(ctx: ServiceCtx, unitId: string): Promise<UnitDetailDto> {
  assertCan(ctx, 'read:programs');
  return inTenant(ctx, async (tx) => {
    const [unit] = await loadUnits(tx, { unitIds: [unitId] });
    if (!unit) throw notFound('Unit not found');
    return { ...unit, internalTargets: unit.kind === 'in_house' ? await loadInternalTargets(tx, unitId) : [] };
  });
}

export async function addQueue(ctx: ServiceCtx, unitId: string, input: QueueInput): Promise<QueueDto> {
  assertCan(ctx, 'write:programs');
  return inTenant(ctx, async (tx) => {
    const [unit] = await tx.select().from(deliveryUnits).where(and(eq(deliveryUnits.id, unitId), eq(deliveryUnits.clientOrgId, ctx.orgId)));
    if (!unit) throw notFound('Unit not found');
    // Looked up before the input is validated: another org's object is a 404, never a form error.
    const values = parseInput(queueInputSchema, input);
    let queue;
    try {
      // The unit's vendor is copied onto the queue so that vendor (and only it) sees the queue.
      [queue] = await tx.insert(queues).values({ clientOrgId: ctx.orgId, unitId, vendorOrgId: unit.vendorOrgId, ...values }).returning();
    } catch (error) {
      if (isUniqueViolation(error)) throw fieldError(['name'], 'programs.error.duplicateName', 'CONFLICT');
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'queue.create', objectType: 'queue', objectId: queue!.id, details: { unitId, ...values } });
    return { id: queue!.id, unitId, name: queue!.name, channel: queue!.channel };
  });
}

async function loadInternalTargets(tx: Tx, unitId: string): Promise<InternalTargetSetDto[]> {
  const rows = await tx.select().from(unitTargets).where(eq(unitTargets.unitId, unitId)).orderBy(asc(unitTargets.effectiveFrom), asc(unitTargets.position));
  const sets = new Map<string, InternalTargetDto[]>();
  for (const { clientOrgId: _c, unitId: _u, createdBy: _b, ...target } of rows) sets.set(target.effectiveFrom, [...(sets.get(target.effectiveFrom) ?? []), target]);
  return [...sets].map(([effectiveFrom, targets]) => ({ effectiveFrom, targets })).reverse();
}

/**
 * Sets the internal targets of an in-house unit from a date: a new set, the older ones kept as history.
 * Same form as contract SLAs, without credits.
 */
export async function setInternalTargets(ctx: ServiceCtx, unitId: string, input: InternalTargetsInput): Promise<InternalTargetSetDto> {
  assertCan(ctx, 'write:programs');
  return inTenant(ctx, async (tx) => {
    const [unit] = await tx.select().from(deliveryUnits).where(and(eq(deliveryUnits.id, unitId), eq(deliveryUnits.clientOrgId, ctx.orgId)));
    if (!unit) throw notFound('Unit not found');
    // Looked up before the input is validated: another org's object is a 404, never a form error.
    const values = parseInput(internalTargetsInputSchema, input);
    if (unit.kind !== 'in_house') throw fieldError(['unitId'], 'programs.error.notInHouseUnit');
    const sets = await loadInternalTargets(tx, unitId);
    if (sets.some((s) => s.effectiveFrom >= values.effectiveFrom)) throw fieldError(['effectiveFrom'], 'programs.error.versionOverlaps');
    const queueIds = (await tx.select({ id: queues.id }).from(queues).where(eq(queues.unitId, unitId))).map((q) => q.id);
    values.targets.forEach((t, i) => {
      if (t.scopeUnitId && t.scopeUnitId !== unitId) throw fieldError(['targets', i, 'scopeUnitId'], 'programs.error.invalidScope');
      if (t.scopeQueueId && !queueIds.includes(t.scopeQueueId)) throw fieldError(['targets', i, 'scopeQueueId'], 'programs.error.invalidScope');
    });
    await tx.insert(unitTargets).values(values.targets.map((t, position) => ({ clientOrgId: ctx.orgId, unitId, effectiveFrom: values.effectiveFrom, position, ...t, createdBy: ctx.actor.userId ?? null })));
    await recordAudit(tx, ctx, { action: 'unit.targets.set', objectType: 'delivery_unit', objectId: unitId, details: { effectiveFrom: values.effectiveFrom, count: values.targets.length } });
    return (await loadInternalTargets(tx, unitId))[0]!;
  });
}
