import { z } from 'zod';
import { PRICING_MODELS } from '#app/domain/contracts/rate-card';
import { COMPARATORS, formatTarget, MISSING_FEED_RULES, SLA_PERIODS } from '#app/domain/contracts/sla';
import { KPI_IDS, SERVICE_LEVEL_VARIANTS } from '#app/domain/kpi/catalog';
import { CHANNELS, PROGRAM_STATUSES, UNIT_KINDS, WEEKDAYS } from '#app/domain/programs/schemas';
import type { ApiOperation } from '#app/lib/openapi-types';
import type { ContractSummaryDto, ContractVersionDto } from '#app/services/contracts.server';
import type { ProgramDetailDto, ProgramDto } from '#app/services/programs.server';
import type { UnitDto } from '#app/services/units.server';

/**
 * DTOs of the read-only programs API. Routes shape every answer with these schemas (unknown fields are
 * dropped), and the OpenAPI document is generated from the same schemas.
 */
const span = z.object({ open: z.string(), close: z.string() });

export const QueueApiSchema = z.object({ id: z.uuid(), name: z.string(), channel: z.enum(CHANNELS) }).meta({ id: 'Queue' });

export const UnitApiSchema = z
  .object({
    id: z.uuid(),
    programId: z.uuid(),
    programName: z.string().nullable(),
    kind: z.enum(UNIT_KINDS),
    vendorOrgId: z.uuid().nullable(),
    vendorName: z.string().nullable(),
    name: z.string(),
    site: z.string().nullable(),
    volumeSharePct: z.number().describe('Share of the program volume routed to this unit, percent'),
    queues: z.array(QueueApiSchema),
  })
  .meta({ id: 'Unit' });

export const ProgramApiSchema = z
  .object({
    id: z.uuid(),
    clientOrgId: z.uuid(),
    clientName: z.string().nullable(),
    name: z.string(),
    lineOfBusiness: z.string(),
    description: z.string().nullable(),
    channels: z.array(z.enum(CHANNELS)),
    timeZone: z.string().describe('IANA time zone'),
    currency: z.string().describe('ISO 4217'),
    status: z.enum(PROGRAM_STATUSES),
    hoursOfOperation: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(span)])) as Record<(typeof WEEKDAYS)[number], z.ZodArray<typeof span>>),
    holidays: z.array(z.object({ date: z.string(), name: z.string(), hours: z.array(span).optional() })),
    createdAt: z.string().describe('ISO 8601'),
    updatedAt: z.string().describe('ISO 8601'),
  })
  .meta({ id: 'Program' });

export const SlaApiSchema = z
  .object({
    kpi: z.enum(KPI_IDS),
    comparator: z.enum(COMPARATORS),
    target: z.number().describe("In the KPI's own unit: ratios as 0..1, durations in seconds"),
    targetDisplay: z.string().describe('e.g. "80%", "30 s"'),
    period: z.enum(SLA_PERIODS),
    scopeUnitId: z.uuid().nullable(),
    scopeQueueId: z.uuid().nullable(),
    scopeChannel: z.enum(CHANNELS).nullable(),
    minimumVolume: z.number().int(),
    missingFeed: z.enum(MISSING_FEED_RULES),
    slVariant: z.enum(SERVICE_LEVEL_VARIANTS).nullable(),
    thresholdS: z.number().int().nullable(),
    shortAbandonS: z.number().int().nullable(),
    isCritical: z.boolean(),
    allocationPct: z.number().nullable().describe('Share of the at-risk amount, percent; null for key measurements'),
  })
  .meta({ id: 'Sla' });

export const ContractVersionSummaryApiSchema = z
  .object({
    id: z.uuid(),
    versionNo: z.number().int(),
    effectiveFrom: z.string(),
    effectiveUntil: z.string().nullable(),
    currency: z.string(),
    taxRatePct: z.number(),
    atRiskPct: z.number(),
    poolPct: z.number(),
    earnBackMonths: z.number().int(),
    minimumMonthlyCommitment: z.string().nullable().describe('Decimal string in the version currency'),
    rateLines: z.array(
      z.object({
        pricingModel: z.enum(PRICING_MODELS),
        description: z.string().nullable(),
        channel: z.enum(CHANNELS).nullable(),
        queueId: z.uuid().nullable(),
        rate: z.string().nullable().describe('Decimal string; null when tiered or at cost'),
        tiers: z.array(z.object({ fromQty: z.number(), toQty: z.number().nullable(), rate: z.string() })),
      }),
    ),
    slas: z.array(SlaApiSchema),
  })
  .meta({ id: 'ContractVersionSummary' });

export const ContractApiSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    vendorOrgId: z.uuid(),
    vendorName: z.string().nullable(),
    unitIds: z.array(z.uuid()),
    versionCount: z.number().int(),
    currentVersion: ContractVersionSummaryApiSchema.nullable(),
  })
  .meta({ id: 'Contract' });

export const ProgramListResponseSchema = z.object({ programs: z.array(ProgramApiSchema.extend({ unitCount: z.number().int() })) }).meta({ id: 'ProgramList' });
export const ProgramDetailResponseSchema = z
  .object({ program: ProgramApiSchema, units: z.array(UnitApiSchema), contracts: z.array(ContractApiSchema) })
  .meta({ id: 'ProgramDetail' });
export const UnitListResponseSchema = z.object({ units: z.array(UnitApiSchema) }).meta({ id: 'UnitList' });
export const ProgramPathParamsSchema = z.object({ programId: z.uuid() });
export const UnitListQuerySchema = z.object({ programId: z.uuid().optional() });

const pct = (bp: number) => Number((bp / 100).toFixed(2));

export function programToApi(p: ProgramDto) {
  return { ...p, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() };
}
export function unitToApi(u: UnitDto) {
  return { ...u, volumeSharePct: pct(u.volumeShareBp) };
}
function versionToApi(v: ContractVersionDto) {
  return {
    ...v,
    taxRatePct: pct(v.taxRateBp),
    atRiskPct: pct(v.atRiskBp),
    poolPct: pct(v.poolBp),
    slas: v.slas.map((s) => ({ ...s, targetDisplay: formatTarget(s.kpi, s.target), allocationPct: s.allocationBp === null ? null : pct(s.allocationBp) })),
  };
}
export function contractToApi(c: ContractSummaryDto) {
  return { ...c, currentVersion: c.currentVersion ? versionToApi(c.currentVersion) : null };
}
export function programDetailToApi(d: ProgramDetailDto) {
  return ProgramDetailResponseSchema.parse({ program: programToApi(d), units: d.units.map(unitToApi), contracts: d.contracts.map(contractToApi) });
}

/** Programs, units, contracts. */
export const programOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/programs',
    operationId: 'listPrograms',
    summary: 'Programs the key may see: all of a client org; for a vendor, those it delivers a unit of',
    tag: 'Programs',
    permission: 'read:programs',
    responses: { 200: { description: 'The programs', schema: ProgramListResponseSchema } },
  },
  {
    method: 'get',
    path: '/api/v1/programs/{programId}',
    operationId: 'getProgram',
    summary: "A program with its units, queues and the current contract version (rate card, SLA table) the key may see",
    tag: 'Programs',
    permission: 'read:programs',
    pathParams: ProgramPathParamsSchema,
    responses: {
      200: { description: 'The program', schema: ProgramDetailResponseSchema },
      404: { description: 'No such program, or not visible to this key' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/units',
    operationId: 'listUnits',
    summary: "Delivery units the key may see (a vendor sees only its own units, never in-house ones)",
    tag: 'Programs',
    permission: 'read:programs',
    query: UnitListQuerySchema,
    responses: { 200: { description: 'The units', schema: UnitListResponseSchema } },
  },
];
