import { z } from 'zod';
import type { ApiOperation } from '#app/lib/openapi-types';
import type { VendorInvoiceDetailDto } from '#app/services/billing/reconciliation.server';
import type { VendorInvoiceDto } from '#app/services/billing/vendor-invoices-read.server';

/** Vendor invoices and their reconciliation (issue 7). The routes shape their answers with these schemas. */
const MONTH = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const minorOut = z.string().regex(/^-?\d+$/).describe('Integer minor units of the currency, as a string (no float rounding)');
const minorIn = z.union([z.string().regex(/^-?\d{1,18}$/), z.number().int()]).describe('Integer minor units of the invoice currency (a string avoids float rounding)');

export const VendorInvoicesQuerySchema = z.object({ month: MONTH.describe('The invoiced month, YYYY-MM') });
export const VendorInvoiceParamsSchema = z.object({ vendorInvoiceId: z.uuid() });

const LineSchema = z
  .object({
    position: z.number().int(),
    lineKey: z.string().nullable().describe("The computed invoice's line key the vendor quoted, if any"),
    description: z.string(),
    quantity: z.string().nullable().describe('Decimal string'),
    rate: z.string().nullable().describe('Decimal string, major units per quantity unit'),
    amountMinor: minorOut,
  })
  .meta({ id: 'VendorInvoiceLine' });

export const VendorInvoiceApiSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    contractName: z.string(),
    month: z.string(),
    invoiceNumber: z.string(),
    currency: z.string().describe('ISO 4217; always the contract currency'),
    subtotalMinor: minorOut.nullable().describe('Before tax, as the vendor stated it'),
    taxMinor: minorOut.nullable(),
    totalMinor: minorOut,
    pdf: z.object({ fileName: z.string(), sha256: z.string() }).nullable().describe('Null for a submission through the API'),
    status: z.enum(['submitted', 'accepted', 'disputed', 'accepted_with_adjustment']),
    isSuperseded: z.boolean().describe('A later submission for the same contract month replaced it'),
    decisionMessage: z.string().nullable().describe("The client's message (a dispute's reason, an adjustment's reason)"),
    adjustmentMinor: minorOut.nullable(),
    submittedByLabel: z.string(),
    submittedAt: z.string(),
    decidedByLabel: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'VendorInvoice' });

const ComputedLineSchema = z.object({
  position: z.number().int(),
  kind: z.string(),
  lineKey: z.string(),
  description: z.string().describe('English'),
  descriptionKey: z.string().nullable().describe('The description as a portal message key (null: free text)'),
  descriptionParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable().describe("The message's raw parameters (kpi: a KPI id, model: a pricing model)"),
  quantity: z.string(),
  quantityUnit: z.string(),
  rate: z.string().nullable(),
  amountMinor: minorOut,
});

const TotalSchema = z.object({ computedMinor: minorOut.nullable(), vendorMinor: minorOut.nullable(), diffMinor: minorOut.nullable().describe('Vendor − computed'), isFlagged: z.boolean() });

const ReconciliationSchema = z
  .object({
    mode: z.enum(['lines', 'totals_only', 'awaiting_billing_run']).describe('totals_only: the vendor gave no lines; awaiting_billing_run: no computed invoice for the month yet'),
    toleranceMinor: minorOut.describe('Per line; a difference above it is flagged'),
    rows: z.array(
      z.object({
        status: z.enum(['agrees', 'differs', 'missing_on_vendor', 'missing_on_computed', 'not_compared']),
        matchedBy: z.enum(['line_key', 'description', 'accepted_adjustment']).nullable().describe("accepted_adjustment: the adjustment written when this invoice was accepted with an adjustment, set against the vendor's net difference on the other lines"),
        computed: ComputedLineSchema.nullable(),
        vendor: LineSchema.nullable(),
        amountDiffMinor: minorOut.describe('Vendor − computed'),
        quantityDiff: z.string().nullable(),
        rateDiff: z.string().nullable(),
        isFlagged: z.boolean(),
        vendorFigureMinor: minorOut.nullable().describe("The accepted adjustment's row: the vendor's net difference (vendor − computed) on the other lines"),
        settledByAdjustment: z.boolean().describe('A difference the adjustment accepted with this invoice answers: shown, not flagged'),
      }),
    ),
    totals: z.object({ beforeTax: TotalSchema, tax: TotalSchema, total: TotalSchema }),
    vendorLinesSumMinor: minorOut.nullable(),
    flaggedLineCount: z.number().int(),
    isClean: z.boolean(),
  })
  .meta({ id: 'Reconciliation' });

export const VendorInvoiceDetailApiSchema = VendorInvoiceApiSchema.extend({
  lines: z.array(LineSchema),
  computedInvoice: z.object({ id: z.uuid(), status: z.enum(['draft', 'approved']), currency: z.string(), totalMinor: minorOut, taxMinor: minorOut }).nullable(),
  reconciliation: ReconciliationSchema,
  history: z.array(VendorInvoiceApiSchema).describe('Every submission of the contract month, latest first'),
}).meta({ id: 'VendorInvoiceDetail' });

export const VendorInvoiceListApiSchema = z.object({ month: z.string(), vendorInvoices: z.array(VendorInvoiceApiSchema) }).meta({ id: 'VendorInvoiceList' });

export const VendorInvoiceSubmitApiSchema = z
  .object({
    contractId: z.uuid(),
    month: MONTH,
    invoiceNumber: z.string().min(1).max(100),
    currency: z.string().regex(/^[A-Za-z]{3}$/).describe("Must be the contract's currency for the month"),
    totalMinor: minorIn,
    subtotalMinor: minorIn.nullable().optional(),
    taxMinor: minorIn.nullable().optional(),
    lines: z
      .array(
        z.object({
          lineKey: z.string().max(200).nullable().optional(),
          description: z.string().min(1).max(500),
          quantity: z.string().nullable().optional().describe('Decimal string, up to 4 decimals'),
          rate: z.string().nullable().optional().describe('Decimal string, up to 6 decimals'),
          amountMinor: minorIn,
        }),
      )
      .max(1000)
      .optional(),
  })
  .meta({ id: 'VendorInvoiceSubmission' });

export function vendorInvoiceToApi(dto: VendorInvoiceDto): z.output<typeof VendorInvoiceApiSchema> {
  const { clientOrgId: _c, vendorOrgId: _v, ...rest } = dto;
  return VendorInvoiceApiSchema.parse(rest);
}

export function vendorInvoiceDetailToApi(dto: VendorInvoiceDetailDto): z.output<typeof VendorInvoiceDetailApiSchema> {
  const { clientOrgId: _c, vendorOrgId: _v, computed, history, isDecidable: _d, ...rest } = dto;
  return VendorInvoiceDetailApiSchema.parse({
    ...rest,
    computedInvoice: computed ? { id: computed.id, status: computed.status, currency: computed.currency, totalMinor: computed.totalMinor, taxMinor: computed.taxMinor } : null,
    history: history.map(vendorInvoiceToApi),
  });
}

export const reconciliationOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/vendor-invoices',
    operationId: 'listVendorInvoices',
    summary: "A month's vendor invoices: the client's from all its vendors, a vendor's own; superseded submissions included and marked",
    tag: 'Billing',
    permission: 'read:contracts',
    query: VendorInvoicesQuerySchema,
    responses: {
      200: { description: 'The submissions, latest first', schema: VendorInvoiceListApiSchema },
      422: { description: 'month is not YYYY-MM' },
    },
  },
  {
    method: 'post',
    path: '/api/v1/vendor-invoices',
    operationId: 'submitVendorInvoice',
    summary: 'Submit the vendor invoice of a contract month (a vendor key with submit:invoices); without a PDF. A resubmission supersedes the earlier one',
    tag: 'Billing',
    permission: 'submit:invoices',
    requestBody: [{ contentType: 'application/json', schema: VendorInvoiceSubmitApiSchema }],
    responses: {
      201: { description: 'Submitted', schema: VendorInvoiceApiSchema },
      404: { description: 'No such contract of this vendor' },
      409: { description: "The month's invoice was already accepted" },
      422: { description: "Invalid input, e.g. a currency other than the contract's (details.issues name the field)" },
    },
  },
  {
    method: 'get',
    path: '/api/v1/vendor-invoices/{vendorInvoiceId}',
    operationId: 'getVendorInvoice',
    summary: 'One vendor invoice with its lines and its reconciliation against the computed invoice, line by line',
    tag: 'Billing',
    permission: 'read:contracts',
    pathParams: VendorInvoiceParamsSchema,
    responses: {
      200: { description: 'The invoice and its reconciliation', schema: VendorInvoiceDetailApiSchema },
      404: { description: 'No such vendor invoice, or not visible to this key' },
    },
  },
];
