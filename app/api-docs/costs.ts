import { z } from 'zod';
import { COMPARISON_KPIS, type ComparisonCellDto, type ComparisonDto } from '#app/domain/costs/comparison-types';
import { MONTH_PATTERN } from '#app/domain/costs/months';
import type { ApiOperation } from '#app/lib/openapi-types';

/** In-house vs outsourced comparison (issue 6). The route shapes its answer with these schemas; the OpenAPI document too. */
export const ComparisonParamsSchema = z.object({ programId: z.uuid() });
export const ComparisonQuerySchema = z.object({
  from: z.string().regex(MONTH_PATTERN, 'YYYY-MM').describe('First month, YYYY-MM (program time zone)'),
  to: z.string().regex(MONTH_PATTERN, 'YYYY-MM').describe('Last month, included, YYYY-MM; at most 36 months'),
});

const minor = z.string().regex(/^-?\d+$/).describe('Integer minor units of `currency`, as a decimal string (no float rounding)');
const ratio = z
  .object({ roundedMinor: minor.describe('Rounded half up to a minor unit'), numerator: minor.describe('Exact value = numerator / denominator minor units'), denominator: z.string().regex(/^\d+$/) })
  .nullable();

const CellSchema = z.object({
  channel: z.string().nullable().describe("A feed channel; null for the unit's whole month"),
  handled: z.number(),
  offered: z.number(),
  handleSeconds: z.number().describe('Talk + hold + wrap'),
  cost: minor.nullable().describe("The cell's cost; a channel gets the unit's month cost split by handled minutes; null when cost data are missing"),
  costPerContact: ratio,
  costPerHandledMinute: ratio,
  kpis: z.object(Object.fromEntries(COMPARISON_KPIS.map((k) => [k, z.number().nullable()])) as Record<(typeof COMPARISON_KPIS)[number], z.ZodNullable<z.ZodNumber>>).describe('Σnumerator/Σdenominator over the month; ratios 0..1, seconds; null for no data'),
});

export const ComparisonResponseSchema = z
  .object({
    programId: z.uuid(),
    currency: z.string().describe('ISO 4217; every money string is in its minor units'),
    minorDigits: z.number().int(),
    from: z.string(),
    to: z.string(),
    months: z.array(z.string()),
    units: z.array(
      z.object({
        unitId: z.uuid(),
        name: z.string(),
        kind: z.enum(['in_house', 'vendor']),
        vendorName: z.string().nullable(),
        months: z.array(
          z.object({
            month: z.string(),
            cost: z.object({
              total: minor.nullable(),
              inHouse: minor.nullable().describe('In-house units: the cost model (agent labour + categories)'),
              vendorCharges: minor.nullable().describe("Vendor units: this unit's share of the contract's charges"),
              vendorChargesSource: z.enum(['invoice_approved', 'invoice_draft', 'sla_basis', 'rate_card']).nullable(),
              oversight: minor.nullable(),
              transition: minor.describe('Transition costs amortised into the month'),
              missing: z.array(z.enum(['in_house_costs', 'vendor_charges'])),
            }),
            all: CellSchema,
            channels: z.array(CellSchema),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Comparison' });

function cellToApi(c: ComparisonCellDto): z.input<typeof CellSchema> {
  return { channel: c.channel, handled: c.handled, offered: c.offered, handleSeconds: c.handleSeconds, cost: c.costMinor, costPerContact: c.costPerContact, costPerHandledMinute: c.costPerHandledMinute, kpis: c.kpis };
}

export function comparisonToApi(dto: ComparisonDto): z.output<typeof ComparisonResponseSchema> {
  return ComparisonResponseSchema.parse({
    programId: dto.programId,
    currency: dto.currency,
    minorDigits: dto.minorDigits,
    from: dto.from,
    to: dto.to,
    months: dto.months,
    units: dto.units.map((u) => ({
      unitId: u.id,
      name: u.name,
      kind: u.kind,
      vendorName: u.vendorName,
      months: u.months.map((m) => ({
        month: m.month,
        cost: {
          total: m.cost.totalMinor,
          inHouse: m.cost.inHouseMinor,
          vendorCharges: m.cost.vendorChargesMinor,
          vendorChargesSource: m.cost.vendorChargesSource,
          oversight: m.cost.oversightMinor,
          transition: m.cost.transitionMinor,
          missing: m.cost.missing,
        },
        all: cellToApi(m.all),
        channels: m.channels.map(cellToApi),
      })),
    })),
  });
}

export const costOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/programs/{programId}/comparison',
    operationId: 'getProgramComparison',
    summary: "In-house vs outsourced per month and unit: total cost and its parts (with the vendor charges' source), cost per contact and per handled minute, volume and quality KPIs, in total and per channel. Client keys with read:costs only",
    tag: 'Costs',
    permission: 'read:costs',
    pathParams: ComparisonParamsSchema,
    query: ComparisonQuerySchema,
    responses: {
      200: { description: 'The comparison', schema: ComparisonResponseSchema },
      403: { description: 'The key lacks read:costs (every vendor key)' },
      404: { description: 'No such program in this organisation' },
      422: { description: 'from/to are not YYYY-MM, to is before from, or the range is longer than 36 months' },
    },
  },
];
