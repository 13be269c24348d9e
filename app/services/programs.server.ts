import { and, asc, eq, sql } from 'drizzle-orm';
import { deliveryUnits, orgs, programs, programSourcing } from '#db/schema/index';
import { can } from '#app/domain/permissions';
import { programInputSchema, type Channel, type Holiday, type HoursOfOperation, type ProgramInput, type ProgramStatus } from '#app/domain/programs/schemas';
import { assessSourcing, sourcingInputSchema, type SourcingAssessment, type SourcingInput, type SourcingValues } from '#app/domain/programs/sourcing';
import { notFound } from '#app/lib/errors';
import { recordAudit } from './audit.server';
import { assertCan, inTenant, type ServiceCtx } from './context';
import { loadContractSummaries, type ContractSummaryDto } from './contracts.server';
import { fieldError, isUniqueViolation, parseInput, todayIn } from './programs-common.server';
import { loadUnits, type UnitDto } from './units.server';

type ProgramRow = typeof programs.$inferSelect;

export interface ProgramDto {
  id: string;
  clientOrgId: string;
  /** The client's name: useful on a vendor's screens, where programs of several clients mix. */
  clientName: string | null;
  name: string;
  lineOfBusiness: string;
  description: string | null;
  channels: Channel[];
  timeZone: string;
  currency: string;
  status: ProgramStatus;
  hoursOfOperation: HoursOfOperation;
  holidays: Holiday[];
  createdAt: Date;
  updatedAt: Date;
}
export interface ProgramSummaryDto extends ProgramDto {
  unitCount: number;
}
export interface ProgramDetailDto extends ProgramDto {
  units: UnitDto[];
  /** Contracts covering the visible units, each with the version in force today (program time zone). */
  contracts: ContractSummaryDto[];
}
export interface SourcingDto {
  programId: string;
  input: SourcingValues;
  assessment: SourcingAssessment;
  updatedAt: Date;
}

function programDto(row: ProgramRow, clientName: string | null): ProgramDto {
  return {
    id: row.id,
    clientOrgId: row.clientOrgId,
    clientName,
    name: row.name,
    lineOfBusiness: row.lineOfBusiness,
    description: row.description,
    channels: row.channels,
    timeZone: row.timeZone,
    currency: row.currency,
    status: row.status,
    hoursOfOperation: row.hoursOfOperation,
    holidays: row.holidays,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function createProgram(ctx: ServiceCtx, input: ProgramInput): Promise<ProgramDto> {
  assertCan(ctx, 'write:programs');
  const values = parseInput(programInputSchema, input);
  return inTenant(ctx, async (tx) => {
    let row;
    try {
      [row] = await tx.insert(programs).values({ clientOrgId: ctx.orgId, ...values, description: values.description ?? null, createdBy: ctx.actor.userId ?? null }).returning();
    } catch (error) {
      if (isUniqueViolation(error)) throw fieldError(['name'], 'programs.error.duplicateName', 'CONFLICT');
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'program.create', objectType: 'program', objectId: row!.id, details: { name: values.name, channels: values.channels, status: values.status } });
    return programDto(row!, null);
  });
}

/** Replaces a program's settings; the audit entry keeps the fields that changed, before and after. */
export async function updateProgram(ctx: ServiceCtx, programId: string, input: ProgramInput): Promise<ProgramDto> {
  assertCan(ctx, 'write:programs');
  return inTenant(ctx, async (tx) => {
    const [before] = await tx.select().from(programs).where(and(eq(programs.id, programId), eq(programs.clientOrgId, ctx.orgId)));
    if (!before) throw notFound('Program not found');
    // Looked up before the input is validated: another org's object is a 404, never a form error.
    const values = parseInput(programInputSchema, input);
    let row;
    try {
      [row] = await tx
        .update(programs)
        .set({ ...values, description: values.description ?? null, updatedAt: new Date() })
        .where(and(eq(programs.id, programId), eq(programs.clientOrgId, ctx.orgId)))
        .returning();
    } catch (error) {
      if (isUniqueViolation(error)) throw fieldError(['name'], 'programs.error.duplicateName', 'CONFLICT');
      throw error;
    }
    const changed = Object.fromEntries(
      (Object.keys(values) as (keyof typeof values)[])
        .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(values[k] ?? null))
        .map((k) => [k, { before: before[k] ?? null, after: values[k] ?? null }]),
    );
    await recordAudit(tx, ctx, { action: 'program.update', objectType: 'program', objectId: programId, details: { changed } });
    return programDto(row!, null);
  });
}

/** Programs the acting org may see: all of a client's; for a vendor, those it delivers a unit of. */
export async function listPrograms(ctx: ServiceCtx): Promise<ProgramSummaryDto[]> {
  assertCan(ctx, 'read:programs');
  return inTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        program: programs,
        clientName: orgs.name,
        // Counted under RLS: a vendor counts only its own units.
        unitCount: sql<number>`(select count(*)::int from ${deliveryUnits} u where u.client_org_id = ${programs.clientOrgId} and u.program_id = ${programs.id})`,
      })
      .from(programs)
      .leftJoin(orgs, eq(orgs.id, programs.clientOrgId))
      .orderBy(asc(programs.name));
    return rows.map((r) => ({ ...programDto(r.program, r.clientName), unitCount: Number(r.unitCount) }));
  });
}

/** One program with its units, queues and contracts (current version, SLA table) as the org may see them. */
export async function getProgram(ctx: ServiceCtx, programId: string, now = new Date()): Promise<ProgramDetailDto> {
  assertCan(ctx, 'read:programs');
  return inTenant(ctx, async (tx) => {
    const [row] = await tx.select({ program: programs, clientName: orgs.name }).from(programs).leftJoin(orgs, eq(orgs.id, programs.clientOrgId)).where(eq(programs.id, programId));
    if (!row) throw notFound('Program not found');
    const units = await loadUnits(tx, { programIds: [programId] });
    const contracts = can(ctx.role, 'read:contracts')
      ? (await loadContractSummaries(tx, { unitIds: units.map((u) => u.id) }, todayIn(row.program.timeZone, now))).map(({ versions: _v, ...summary }) => summary)
      : [];
    return { ...programDto(row.program, row.clientName), units, contracts };
  });
}

/** The client's sourcing assessment of a program, rated and placed on McFarlan's grid. Client-only. */
export async function saveSourcingAssessment(ctx: ServiceCtx, programId: string, input: SourcingInput): Promise<SourcingDto> {
  assertCan(ctx, 'write:programs');
  return inTenant(ctx, async (tx) => {
    const [program] = await tx.select({ id: programs.id }).from(programs).where(and(eq(programs.id, programId), eq(programs.clientOrgId, ctx.orgId)));
    if (!program) throw notFound('Program not found');
    // Looked up before the input is validated: another org's object is a 404, never a form error.
    const values = parseInput(sourcingInputSchema, input);
    const now = new Date();
    await tx
      .insert(programSourcing)
      .values({ clientOrgId: ctx.orgId, programId, assessment: values, updatedBy: ctx.actor.userId ?? null, updatedAt: now })
      .onConflictDoUpdate({ target: [programSourcing.clientOrgId, programSourcing.programId], set: { assessment: values, updatedBy: ctx.actor.userId ?? null, updatedAt: now } });
    const assessment = assessSourcing(values);
    await recordAudit(tx, ctx, { action: 'program.sourcing.save', objectType: 'program', objectId: programId, details: { input: values, quadrant: assessment.quadrant, recommendation: assessment.recommendation } });
    return { programId, input: values, assessment, updatedAt: now };
  });
}

export async function getSourcingAssessment(ctx: ServiceCtx, programId: string): Promise<SourcingDto | null> {
  assertCan(ctx, 'read:programs');
  return inTenant(ctx, async (tx) => {
    const [program] = await tx.select({ id: programs.id }).from(programs).where(and(eq(programs.id, programId), eq(programs.clientOrgId, ctx.orgId)));
    if (!program) throw notFound('Program not found');
    const [row] = await tx.select().from(programSourcing).where(eq(programSourcing.programId, programId));
    return row ? { programId, input: row.assessment, assessment: assessSourcing(row.assessment), updatedAt: row.updatedAt } : null;
  });
}

/** Every assessed program of the client on the grid, for the portfolio view. */
export async function listSourcingPortfolio(ctx: ServiceCtx): Promise<(SourcingDto & { programName: string })[]> {
  assertCan(ctx, 'read:programs');
  return inTenant(ctx, async (tx) => {
    const rows = await tx
      .select({ s: programSourcing, name: programs.name })
      .from(programSourcing)
      .innerJoin(programs, and(eq(programs.clientOrgId, programSourcing.clientOrgId), eq(programs.id, programSourcing.programId)))
      .orderBy(asc(programs.name));
    return rows.map(({ s, name }) => ({ programId: s.programId, programName: name, input: s.assessment, assessment: assessSourcing(s.assessment), updatedAt: s.updatedAt }));
  });
}
