import { z } from 'zod';
import { COMPARATORS } from '#app/domain/contracts/sla';
import { KPI_IDS } from '#app/domain/kpi/catalog';
import type { ApiOperation } from '#app/lib/openapi-types';
import type { ProgramSlaResultsDto, SlaResultDto } from '#app/services/sla/results.server';

/** SLA results (issue 5). The route shapes its answer with these schemas; the OpenAPI document too. */
export const SlaResultsParamsSchema = z.object({ programId: z.uuid() });
export const SlaResultsQuerySchema = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').describe('Calendar month in the program time zone, YYYY-MM') });

const money = z
  .object({
    amountMinor: z.string().regex(/^-?\d+$/).describe('Integer minor units of the currency, as a string (no float rounding)'),
    currency: z.string().describe('ISO 4217'),
    minorDigits: z.number().int().describe('Digits after the decimal point of the currency'),
  })
  .meta({ id: 'Money' });

export const SlaResultApiSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    slaId: z.uuid().describe('The contract SLA (of the version in force) the result is for'),
    kpi: z.enum(KPI_IDS),
    comparator: z.enum(COMPARATORS),
    target: z.number().describe('In the KPI unit: ratios as 0..1, durations in seconds'),
    grain: z.enum(['month', 'week', 'day']),
    period: z.string().describe('2026-03, 2026-W10 or 2026-03-02'),
    scope: z.object({ unitId: z.uuid().nullable(), queueId: z.uuid().nullable(), channel: z.string().nullable() }).describe('A null unit is the whole contract'),
    value: z.number().nullable().describe('Unrounded Σnumerator/Σdenominator over the period, approved exclusions left out; null for no data'),
    numerator: z.number(),
    denominator: z.number(),
    volume: z.number().describe('The volume the minimum applies to'),
    status: z.enum(['met', 'missed', 'not_measured', 'missing_data']),
    outcome: z.enum(['met', 'missed', 'not_measured']).describe('What the period counts as for credits; missing data per the contract'),
    reason: z.string(),
    warnings: z.array(z.string()).describe('threshold_mismatch, period_open (provisional), …'),
    isFrozen: z.boolean().describe('The month is closed'),
    credit: money.nullable().describe("The month's service credit for this SLA (month rows)"),
  })
  .meta({ id: 'SlaResult' });

export const SlaResultsResponseSchema = z
  .object({
    programId: z.uuid(),
    month: z.string(),
    units: z.array(z.object({ unitId: z.uuid(), unitName: z.string(), results: z.array(SlaResultApiSchema) })),
    credits: z.array(z.object({ contractId: z.uuid(), invoiceBasis: money, atRisk: money, total: money, capReduction: money, isCapped: z.boolean(), isFrozen: z.boolean() })),
  })
  .meta({ id: 'SlaResults' });

const moneyOf = (amount: bigint, currency: string, minorDigits: number) => ({ amountMinor: amount.toString(), currency, minorDigits });

function resultToApi(r: SlaResultDto): z.input<typeof SlaResultApiSchema> {
  return {
    id: r.id,
    contractId: r.contractId,
    slaId: r.contractSlaId,
    kpi: r.kpi,
    comparator: r.comparator,
    target: r.target,
    grain: r.grain,
    period: r.periodKey,
    scope: r.scope,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    volume: r.volume,
    status: r.status,
    outcome: r.outcome,
    reason: r.reason,
    warnings: r.warnings,
    isFrozen: r.isFrozen,
    credit: r.credit ? moneyOf(r.credit.amountMinor, r.credit.currency, r.credit.minorDigits) : null,
  };
}

export function slaResultsToApi(dto: ProgramSlaResultsDto): z.output<typeof SlaResultsResponseSchema> {
  return SlaResultsResponseSchema.parse({
    programId: dto.programId,
    month: dto.month,
    units: dto.units.map((u) => ({ unitId: u.unitId, unitName: u.unitName, results: u.results.map(resultToApi) })),
    credits: dto.credits.map((c) => ({
      contractId: c.contractId,
      invoiceBasis: moneyOf(c.invoiceBasisMinor, c.currency, c.minorDigits),
      atRisk: moneyOf(c.atRiskMinor, c.currency, c.minorDigits),
      total: moneyOf(c.totalMinor, c.currency, c.minorDigits),
      capReduction: moneyOf(c.capReductionMinor, c.currency, c.minorDigits),
      isCapped: c.isCapped,
      isFrozen: c.isFrozen,
    })),
  });
}

export const slaOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/programs/{programId}/sla-results',
    operationId: 'listSlaResults',
    summary: "A month's SLA results per delivery unit and SLA (KPI, target, comparator, value, status, credit); a vendor key sees only its own units",
    tag: 'SLAs',
    permission: 'read:kpis',
    pathParams: SlaResultsParamsSchema,
    query: SlaResultsQuerySchema,
    responses: {
      200: { description: 'The results', schema: SlaResultsResponseSchema },
      404: { description: 'No such program, or not visible to this key' },
      422: { description: 'month is not YYYY-MM' },
    },
  },
];
