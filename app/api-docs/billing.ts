import { z } from 'zod';
import { INVOICE_LINE_KINDS, ROUNDING_MODES } from '#db/schema/billing';
import type { ApiOperation } from '#app/lib/openapi-types';
import type { BillingRowDto, InvoiceDto } from '#app/services/billing/dto';

/** Invoices of the billing run and their exports (issue 7). Money: integer minor units as strings. */
export const InvoiceParamsSchema = z.object({ invoiceId: z.uuid() });
export const InvoicesQuerySchema = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').describe('Billing month, YYYY-MM') });

const minor = z.string().regex(/^-?\d+$/).describe('Integer minor units of the invoice currency, as a string');

export const InvoiceLineApiSchema = z
  .object({
    position: z.number().int(),
    kind: z.enum(INVOICE_LINE_KINDS),
    lineKey: z.string().describe('Stable key to match the vendor’s line, e.g. usage:per_handled_contact:voice:all:1'),
    description: z.string().describe('English, as the exports give it'),
    descriptionKey: z.string().nullable().describe('The description as a portal message key, rendered in the reader’s language (null: free text, or a line computed before keys were stored)'),
    descriptionParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable().describe('The message’s raw parameters (kpi: a KPI id, model: a pricing model, text: text as typed)'),
    pricingModel: z.string().nullable(),
    channel: z.string().nullable(),
    queueId: z.uuid().nullable(),
    rateCardLineId: z.uuid().nullable(),
    quantity: z.string().describe('Decimal, 4 places'),
    quantityUnit: z.string(),
    rate: z.string().nullable().describe('Decimal per quantity unit in major units; null when the amount is not quantity × rate'),
    amountMinor: minor,
    taxMinor: minor,
    isTaxable: z.boolean(),
    source: z
      .object({ kind: z.string(), measure: z.string().optional(), unitIds: z.array(z.uuid()).optional(), queueId: z.uuid().nullable().optional(), channel: z.string().nullable().optional(), month: z.string().optional(), href: z.string().optional(), note: z.string().optional() })
      .describe('Where the quantity came from; href is a portal page with the figures'),
  })
  .meta({ id: 'InvoiceLine' });

const header = {
  id: z.uuid(),
  contractId: z.uuid(),
  contractName: z.string(),
  vendorOrgId: z.uuid(),
  vendorName: z.string(),
  month: z.string(),
  status: z.enum(['draft', 'approved']).describe('approved: the month is locked'),
  currency: z.string(),
  minorDigits: z.number().int(),
  roundingMode: z.enum(ROUNDING_MODES),
  subtotalMinor: minor.describe('Usage, fixed fees, minimum true-up and pass-through'),
  creditsMinor: minor.describe('SLA credits (negative) and earn-backs'),
  adjustmentsMinor: minor.describe('Adjustments, credit and debit notes'),
  taxMinor: minor,
  totalMinor: minor,
  volumesFinal: z.boolean().describe('false: computed from an open month, the volumes may still change'),
  computedAt: z.string(),
  computedByLabel: z.string(),
  approvedAt: z.string().nullable(),
  approvedByLabel: z.string().nullable(),
};

export const InvoiceApiSchema = z
  .object({
    ...header,
    inputs: z.object({ monthCloseId: z.uuid().nullable(), contractVersionId: z.uuid(), uploadIds: z.array(z.uuid()), serviceCreditMonth: z.string().nullable() }),
    lines: z.array(InvoiceLineApiSchema),
  })
  .meta({ id: 'Invoice' });

export const InvoiceListApiSchema = z
  .object({
    month: z.string(),
    contracts: z.array(z.object({ contractId: z.uuid(), contractName: z.string(), vendorOrgId: z.uuid(), vendorName: z.string(), monthClosed: z.boolean(), invoice: z.object(header).nullable() })),
  })
  .meta({ id: 'InvoiceList' });

export function invoiceToApi(dto: InvoiceDto): z.output<typeof InvoiceApiSchema> {
  const { clientOrgId: _c, contractVersionId: _v, ...rest } = dto;
  return InvoiceApiSchema.parse(rest);
}

export function invoiceListToApi(month: string, rows: BillingRowDto[]): z.output<typeof InvoiceListApiSchema> {
  return InvoiceListApiSchema.parse({
    month,
    contracts: rows.map((r) => ({ contractId: r.contractId, contractName: r.contractName, vendorOrgId: r.vendorOrgId, vendorName: r.vendorName, monthClosed: r.monthClosed, invoice: r.invoice })),
  });
}

const readers = 'A client key of finance or owner (run:billing), or a vendor admin key (its own contracts only)';

export const billingOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/invoices',
    operationId: 'listInvoices',
    summary: `Every contract with its computed invoice of the month (null when not run yet). ${readers}`,
    tag: 'Billing',
    query: InvoicesQuerySchema,
    responses: { 200: { description: 'The month', schema: InvoiceListApiSchema }, 403: { description: 'The key may not read invoices' }, 422: { description: 'month is not YYYY-MM' } },
  },
  {
    method: 'get',
    path: '/api/v1/invoices/{invoiceId}',
    operationId: 'getInvoice',
    summary: `A computed invoice with its lines (quantity, rate, amount, tax, source). ${readers}`,
    tag: 'Billing',
    pathParams: InvoiceParamsSchema,
    responses: { 200: { description: 'The invoice', schema: InvoiceApiSchema }, 403: { description: 'The key may not read invoices' }, 404: { description: 'No such invoice, or not visible to this key' } },
  },
  {
    method: 'get',
    path: '/api/v1/invoices/{invoiceId}/export.csv',
    operationId: 'exportInvoiceCsv',
    summary: 'The invoice in the ERP layout, one row per line (UTF-8 with BOM, CRLF, formula injection neutralised)',
    tag: 'Billing',
    pathParams: InvoiceParamsSchema,
    responses: { 200: { description: 'text/csv' }, 403: { description: 'The key may not read invoices' }, 404: { description: 'No such invoice, or not visible to this key' } },
  },
  {
    method: 'get',
    path: '/api/v1/invoices/{invoiceId}/export.xlsx',
    operationId: 'exportInvoiceXlsx',
    summary: 'The invoice in the ERP layout as an XLSX workbook, one row per line',
    tag: 'Billing',
    pathParams: InvoiceParamsSchema,
    responses: { 200: { description: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, 403: { description: 'The key may not read invoices' }, 404: { description: 'No such invoice, or not visible to this key' } },
  },
];
