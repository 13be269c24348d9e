/**
 * The cost figures a client keeps per unit and month (issue 6): the in-house cost model of an in-house
 * unit; the oversight cost and transition costs of a vendor unit. Client-only tables: read:costs to read,
 * write:costs to write; a vendor holds neither, and row-level security shows it no row anyway.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { deliveryUnits, inHouseCosts, programs, transitionCosts, vendorOversightCosts } from '#db/schema/index';
import { amortisationSchedule } from '#app/domain/costs/amortisation';
import { minorToMajorString } from '#app/domain/costs/amounts';
import { validateInHouseEntry, validateOversightEntry, validateTransitionEntry, type InHouseCostValues, type InHouseField, type OversightField, type TransitionField } from '#app/domain/costs/entry';
import { COST_CATEGORIES, inHouseBreakdown, type CostCategory } from '#app/domain/costs/in-house';
import { currencyFractionDigits } from '#app/i18n/format';
import { AppError, notFound } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CostUnit {
  id: string;
  name: string;
  kind: 'in_house' | 'vendor';
  programId: string;
  programName: string;
  currency: string;
  minorDigits: number;
  vendorOrgId: string | null;
}

/** Money crosses to the page as integer minor units in a decimal string. */
export interface InHouseCostRowDto {
  month: string;
  agentFte: string;
  productiveHours: string;
  loadedCostPerFteMinor: string;
  categories: Record<CostCategory, string>;
  agentLabourMinor: string;
  totalMinor: string;
  source: string;
  updatedByLabel: string;
  updatedAt: string;
}

export interface OversightRowDto {
  month: string;
  amountMinor: string;
  note: string | null;
  updatedByLabel: string;
}

export interface TransitionDto {
  id: string;
  description: string;
  amountMinor: string;
  startMonth: string;
  amortisationMonths: number;
  schedule: { month: string; amountMinor: string }[];
  createdByLabel: string;
}

export interface UnitCostsDto {
  unit: CostUnit;
  inHouse: InHouseCostRowDto[];
  oversight: OversightRowDto[];
  transitions: TransitionDto[];
}

/** The unit of the acting client, with its program's currency; another org's unit is a 404. */
export async function loadCostUnit(tx: Tx, ctx: ServiceCtx, unitId: string): Promise<CostUnit> {
  const [row] = await tx
    .select({ unit: deliveryUnits, programName: programs.name, currency: programs.currency })
    .from(deliveryUnits)
    .innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)))
    .where(and(eq(deliveryUnits.id, unitId), eq(deliveryUnits.clientOrgId, ctx.orgId)));
  if (!row) throw notFound('Unit not found');
  return {
    id: row.unit.id,
    name: row.unit.name,
    kind: row.unit.kind,
    programId: row.unit.programId,
    programName: row.programName,
    currency: row.currency,
    minorDigits: currencyFractionDigits(row.currency),
    vendorOrgId: row.unit.vendorOrgId,
  };
}

type InHouseRow = typeof inHouseCosts.$inferSelect;

export function inHouseRowDto(row: InHouseRow): InHouseCostRowDto {
  const categories = { supervision: row.supervisionMinor, facilities: row.facilitiesMinor, technology: row.technologyMinor, telecom: row.telecomMinor, training: row.trainingMinor, overhead: row.overheadMinor };
  const breakdown = inHouseBreakdown({ agentFte: row.agentFte, productiveHours: row.productiveHours, loadedCostPerFteMinor: row.loadedCostPerFteMinor, categories });
  return {
    month: row.month,
    agentFte: row.agentFte,
    productiveHours: row.productiveHours,
    loadedCostPerFteMinor: row.loadedCostPerFteMinor.toString(),
    categories: Object.fromEntries(COST_CATEGORIES.map((c) => [c, categories[c].toString()])) as Record<CostCategory, string>,
    agentLabourMinor: breakdown.agentLabourMinor.toString(),
    totalMinor: breakdown.totalMinor.toString(),
    source: row.source,
    updatedByLabel: row.updatedByLabel,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function transitionDto(row: typeof transitionCosts.$inferSelect): TransitionDto {
  return {
    id: row.id,
    description: row.description,
    amountMinor: row.amountMinor.toString(),
    startMonth: row.startMonth,
    amortisationMonths: row.amortisationMonths,
    schedule: amortisationSchedule(row.amountMinor, row.startMonth, row.amortisationMonths).map((m) => ({ month: m.month, amountMinor: m.amountMinor.toString() })),
    createdByLabel: row.createdByLabel,
  };
}

export async function getUnitCosts(ctx: ServiceCtx, unitId: string): Promise<UnitCostsDto> {
  assertCan(ctx, 'read:costs');
  return inTenant(ctx, async (tx) => {
    const unit = await loadCostUnit(tx, ctx, unitId);
    const inHouse = unit.kind === 'in_house' ? await tx.select().from(inHouseCosts).where(eq(inHouseCosts.unitId, unitId)).orderBy(asc(inHouseCosts.month)) : [];
    const oversight = unit.kind === 'vendor' ? await tx.select().from(vendorOversightCosts).where(eq(vendorOversightCosts.unitId, unitId)).orderBy(asc(vendorOversightCosts.month)) : [];
    const transitions = await tx.select().from(transitionCosts).where(eq(transitionCosts.unitId, unitId)).orderBy(asc(transitionCosts.startMonth), asc(transitionCosts.createdAt));
    return {
      unit,
      inHouse: inHouse.map(inHouseRowDto),
      oversight: oversight.map((r) => ({ month: r.month, amountMinor: r.amountMinor.toString(), note: r.note, updatedByLabel: r.updatedByLabel })),
      transitions: transitions.map(transitionDto),
    };
  });
}

/** Per-field error keys of a refused entry, as the form shows them. */
export function entryError(errors: Record<string, string | undefined>): AppError {
  const issues = Object.entries(errors)
    .filter(([, message]) => message)
    .map(([field, message]) => ({ path: [field], message: message! }));
  return new AppError('UNPROCESSABLE', 'The input is not valid', { issues });
}

function unitKindError(field: string, message: string): AppError {
  return new AppError('UNPROCESSABLE', message, { issues: [{ path: [field], message }] });
}

/** Upserts one in-house month inside a transaction (the form and the import both end here). */
export async function upsertInHouseMonth(tx: Tx, ctx: ServiceCtx, unit: CostUnit, values: InHouseCostValues, source: string): Promise<void> {
  const set = {
    currency: unit.currency,
    agentFte: values.agentFte,
    productiveHours: values.productiveHours,
    loadedCostPerFteMinor: values.loadedCostPerFteMinor,
    supervisionMinor: values.categories.supervision,
    facilitiesMinor: values.categories.facilities,
    technologyMinor: values.categories.technology,
    telecomMinor: values.categories.telecom,
    trainingMinor: values.categories.training,
    overheadMinor: values.categories.overhead,
    source,
    updatedBy: ctx.actor.userId ?? null,
    updatedByLabel: ctx.actor.label,
    updatedAt: new Date(),
  };
  await tx
    .insert(inHouseCosts)
    .values({ clientOrgId: ctx.orgId, unitId: unit.id, month: values.month, ...set })
    .onConflictDoUpdate({ target: [inHouseCosts.clientOrgId, inHouseCosts.unitId, inHouseCosts.month], set });
}

export const auditValues = (values: InHouseCostValues) => ({
  month: values.month,
  agentFte: values.agentFte,
  productiveHours: values.productiveHours,
  loadedCostPerFteMinor: values.loadedCostPerFteMinor.toString(),
  ...Object.fromEntries(COST_CATEGORIES.map((c) => [`${c}Minor`, values.categories[c].toString()])),
});

/** Enters (or corrects) one month of an in-house unit's cost model; amounts in major units as typed. */
export async function saveInHouseMonth(ctx: ServiceCtx, unitId: string, raw: Partial<Record<InHouseField, string>>): Promise<InHouseCostRowDto> {
  assertCan(ctx, 'write:costs');
  return inTenant(ctx, async (tx) => {
    const unit = await loadCostUnit(tx, ctx, unitId);
    if (unit.kind !== 'in_house') throw unitKindError('unitId', 'costs.error.notInHouse');
    const checked = validateInHouseEntry(raw, unit.minorDigits);
    if (!checked.ok) throw entryError(checked.errors);
    await upsertInHouseMonth(tx, ctx, unit, checked.values, 'form');
    await recordAudit(tx, ctx, { action: 'costs.in_house.save', objectType: 'delivery_unit', objectId: unit.id, details: auditValues(checked.values) });
    const [row] = await tx.select().from(inHouseCosts).where(and(eq(inHouseCosts.unitId, unit.id), eq(inHouseCosts.month, checked.values.month)));
    return inHouseRowDto(row!);
  });
}

/** The client's own cost of overseeing a vendor unit in a month (one amount per month; saving replaces it). */
export async function saveOversightMonth(ctx: ServiceCtx, unitId: string, raw: Partial<Record<OversightField, string>>): Promise<OversightRowDto> {
  assertCan(ctx, 'write:costs');
  return inTenant(ctx, async (tx) => {
    const unit = await loadCostUnit(tx, ctx, unitId);
    if (unit.kind !== 'vendor') throw unitKindError('unitId', 'costs.error.notVendor');
    const checked = validateOversightEntry(raw, unit.minorDigits);
    if (!checked.ok) throw entryError(checked.errors);
    const { month, amountMinor, note } = checked.values;
    const set = { currency: unit.currency, amountMinor, note, updatedBy: ctx.actor.userId ?? null, updatedByLabel: ctx.actor.label, updatedAt: new Date() };
    await tx
      .insert(vendorOversightCosts)
      .values({ clientOrgId: ctx.orgId, unitId: unit.id, month, ...set })
      .onConflictDoUpdate({ target: [vendorOversightCosts.clientOrgId, vendorOversightCosts.unitId, vendorOversightCosts.month], set });
    await recordAudit(tx, ctx, { action: 'costs.oversight.save', objectType: 'delivery_unit', objectId: unit.id, details: { month, amountMinor: amountMinor.toString(), note } });
    return { month, amountMinor: amountMinor.toString(), note, updatedByLabel: ctx.actor.label };
  });
}

/** A one-off transition cost of a unit, amortised from its start month (either kind of unit). */
export async function addTransitionCost(ctx: ServiceCtx, unitId: string, raw: Partial<Record<TransitionField, string>>): Promise<TransitionDto> {
  assertCan(ctx, 'write:costs');
  return inTenant(ctx, async (tx) => {
    const unit = await loadCostUnit(tx, ctx, unitId);
    const checked = validateTransitionEntry(raw, unit.minorDigits);
    if (!checked.ok) throw entryError(checked.errors);
    const [row] = await tx
      .insert(transitionCosts)
      .values({ clientOrgId: ctx.orgId, unitId: unit.id, currency: unit.currency, ...checked.values, createdBy: ctx.actor.userId ?? null, createdByLabel: ctx.actor.label })
      .returning();
    await recordAudit(tx, ctx, {
      action: 'costs.transition.add',
      objectType: 'transition_cost',
      objectId: row!.id,
      details: { unitId: unit.id, description: row!.description, amountMinor: row!.amountMinor.toString(), startMonth: row!.startMonth, amortisationMonths: row!.amortisationMonths },
    });
    return transitionDto(row!);
  });
}

/** Removes a transition cost entered by mistake (audited with what it was). */
export async function deleteTransitionCost(ctx: ServiceCtx, unitId: string, transitionId: string): Promise<void> {
  assertCan(ctx, 'write:costs');
  return inTenant(ctx, async (tx) => {
    const unit = await loadCostUnit(tx, ctx, unitId);
    if (!UUID.test(transitionId)) throw notFound('Transition cost not found');
    const [row] = await tx.delete(transitionCosts).where(and(eq(transitionCosts.unitId, unit.id), eq(transitionCosts.id, transitionId))).returning();
    if (!row) throw notFound('Transition cost not found');
    await recordAudit(tx, ctx, {
      action: 'costs.transition.delete',
      objectType: 'transition_cost',
      objectId: row.id,
      details: { unitId: unit.id, description: row.description, amountMinor: row.amountMinor.toString(), startMonth: row.startMonth, amortisationMonths: row.amortisationMonths },
    });
  });
}

export { minorToMajorString };
