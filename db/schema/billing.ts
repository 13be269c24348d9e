import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, jsonb, numeric, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { PRICING_MODELS } from '../../app/domain/contracts/rate-card';
import { CHANNELS, type Channel } from '../../app/domain/programs/schemas';
import { clientOwnedPolicies, createdAt, id, tenantRole } from './_shared';
import { contracts } from './contracts';

export const ROUNDING_MODES = ['half_up', 'half_even', 'down'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];
export const INVOICE_STATUSES = ['draft', 'approved'] as const;
export const INVOICE_LINE_KINDS = ['usage', 'fixed', 'minimum_true_up', 'pass_through', 'sla_credit', 'earn_back', 'adjustment', 'credit_note', 'debit_note'] as const;
export type InvoiceLineKind = (typeof INVOICE_LINE_KINDS)[number];
export const ADJUSTMENT_KINDS = ['adjustment', 'credit_note', 'debit_note', 'pass_through'] as const;
export const VENDOR_INVOICE_STATUSES = ['submitted', 'accepted', 'disputed', 'accepted_with_adjustment'] as const;

/** A month's invoice of a contract is approved (locked) once an approved invoice row exists for it. */
const monthIsOpen = (table: string) =>
  sql.raw(
    `not exists (select 1 from invoices i where i.client_org_id = ${table}.client_org_id and i.contract_id = ${table}.contract_id and i.month = ${table}.month and i.status = 'approved')`,
  );

/**
 * Finance terms of a contract that are not versioned rate-card terms: how amounts are rounded, and the
 * ERP coding of its invoice lines (vendor tax id, GL account, cost center). Client-written, vendor-read.
 */
export const contractBillingSettings = pgTable(
  'contract_billing_settings',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    contractId: uuid('contract_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    roundingMode: text('rounding_mode', { enum: ROUNDING_MODES }).notNull().default('half_up'),
    vendorTaxId: text('vendor_tax_id'),
    glAccount: text('gl_account'),
    costCenter: text('cost_center'),
    /** Reconciliation tolerance per line, in minor units (a difference above it is flagged). */
    toleranceMinor: bigint('tolerance_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.contractId] }),
    index('contract_billing_settings_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'contract_billing_settings_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    ...clientOwnedPolicies('contract_billing_settings', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** Where an invoice's quantities came from, frozen at computation (month close, uploads, contract version). */
export interface InvoiceInputs {
  monthCloseId: string | null;
  contractVersionId: string;
  uploadIds: string[];
  serviceCreditMonth: string | null;
}

/**
 * The invoice the portal computes for one contract and month (the "billing run"). A draft is recomputed
 * in place; approval locks it: restrictive policies refuse any UPDATE or DELETE of an approved invoice
 * and any write to its lines, so the lock holds in the database, not only in the service.
 */
export const invoices = pgTable(
  'invoices',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    contractId: uuid('contract_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    month: text('month').notNull(),
    contractVersionId: uuid('contract_version_id').notNull(),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('draft'),
    currency: text('currency').notNull(),
    minorDigits: integer('minor_digits').notNull(),
    roundingMode: text('rounding_mode', { enum: ROUNDING_MODES }).notNull(),
    subtotalMinor: bigint('subtotal_minor', { mode: 'bigint' }).notNull(),
    creditsMinor: bigint('credits_minor', { mode: 'bigint' }).notNull(),
    adjustmentsMinor: bigint('adjustments_minor', { mode: 'bigint' }).notNull(),
    taxMinor: bigint('tax_minor', { mode: 'bigint' }).notNull(),
    totalMinor: bigint('total_minor', { mode: 'bigint' }).notNull(),
    inputs: jsonb('inputs').notNull().$type<InvoiceInputs>(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    computedBy: uuid('computed_by'),
    computedByLabel: text('computed_by_label').notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: uuid('approved_by'),
    approvedByLabel: text('approved_by_label'),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('invoices_contract_month_key').on(t.clientOrgId, t.contractId, t.month),
    index('invoices_month_idx').on(t.clientOrgId, t.month),
    index('invoices_vendor_idx').on(t.vendorOrgId, t.month),
    foreignKey({ name: 'invoices_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    ...clientOwnedPolicies('invoices', t.clientOrgId, t.vendorOrgId),
    pgPolicy('invoices_locked_update', { as: 'restrictive', for: 'update', to: tenantRole, using: sql`${t.status} = 'draft'`, withCheck: sql`true` }),
    pgPolicy('invoices_locked_delete', { as: 'restrictive', for: 'delete', to: tenantRole, using: sql`${t.status} = 'draft'` }),
  ],
).enableRLS();

/** Where a line's quantity came from: the KPI figures behind it, for a link from the invoice. */
export interface InvoiceLineSource {
  kind: 'kpi' | 'rate_card' | 'sla_credit' | 'earn_back' | 'adjustment' | 'minimum';
  /** The measure summed (handled, handled_minutes, productive_hours, fte_months…). */
  measure?: string;
  unitIds?: string[];
  queueId?: string | null;
  channel?: string | null;
  month?: string;
  /** A portal path showing the figures, e.g. the unit's KPI page for the month. */
  href?: string;
  note?: string;
}

/**
 * The raw parameters of a line's description message (`invoice_lines.description_key`): plain values (a
 * month, a band's range, an invoice number) and ids rendered by key in the reader's language (`kpi`: a
 * KPI id, `model`: a pricing model). Free text a person typed (a rate-card line's or an item's
 * description) is passed as `text` and shown as typed.
 */
export type InvoiceLineParams = Record<string, string | number>;

const invoiceIsDraft = sql.raw(
  `exists (select 1 from invoices i where i.client_org_id = invoice_lines.client_org_id and i.id = invoice_lines.invoice_id and i.status = 'draft')`,
);

/** One line of a computed invoice: quantity × rate = amount (minor units, signed: credits are negative). */
export const invoiceLines = pgTable(
  'invoice_lines',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    position: integer('position').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    kind: text('kind', { enum: INVOICE_LINE_KINDS }).notNull().$type<InvoiceLineKind>(),
    /** Stable key used to match the vendor's lines (e.g. "usage:per_handled_contact:voice:<queue>"). */
    lineKey: text('line_key').notNull(),
    /** English, as exports and the ERP read it (and the only text of lines computed before 0014). */
    description: text('description').notNull(),
    /** The description as a message key and raw params, rendered in the reader's language; null: show `description`. */
    descriptionKey: text('description_key'),
    descriptionParams: jsonb('description_params').$type<InvoiceLineParams>(),
    pricingModel: text('pricing_model', { enum: PRICING_MODELS }),
    channel: text('channel', { enum: CHANNELS }).$type<Channel>(),
    queueId: uuid('queue_id'),
    rateCardLineId: uuid('rate_card_line_id'),
    quantity: numeric('quantity', { precision: 18, scale: 4 }).notNull(),
    quantityUnit: text('quantity_unit').notNull(),
    /** Price per unit as a decimal string in major units; null where the amount is not quantity × rate. */
    rate: numeric('rate', { precision: 18, scale: 6 }),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    taxMinor: bigint('tax_minor', { mode: 'bigint' }).notNull(),
    isTaxable: boolean('is_taxable').notNull().default(true),
    source: jsonb('source').notNull().$type<InvoiceLineSource>(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.invoiceId, t.position] }),
    index('invoice_lines_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'invoice_lines_invoice_fk', columns: [t.clientOrgId, t.invoiceId], foreignColumns: [invoices.clientOrgId, invoices.id] }).onDelete('cascade'),
    ...clientOwnedPolicies('invoice_lines', t.clientOrgId, t.vendorOrgId),
    // Restrictive per command (not 'all'): an approved invoice's lines stay readable, never written.
    pgPolicy('invoice_lines_locked_insert', { as: 'restrictive', for: 'insert', to: tenantRole, withCheck: invoiceIsDraft }),
    pgPolicy('invoice_lines_locked_update', { as: 'restrictive', for: 'update', to: tenantRole, using: invoiceIsDraft, withCheck: invoiceIsDraft }),
    pgPolicy('invoice_lines_locked_delete', { as: 'restrictive', for: 'delete', to: tenantRole, using: invoiceIsDraft }),
  ],
).enableRLS();

/**
 * Manual lines finance adds to a month: an adjustment with its reason, a pass-through item at cost, or a
 * credit/debit note correcting an approved earlier month (`corrects_month`): an approved month is never
 * edited. Refused by the database once the month it belongs to is approved.
 */
export const billingAdjustments = pgTable(
  'billing_adjustments',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    contractId: uuid('contract_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    month: text('month').notNull(),
    kind: text('kind', { enum: ADJUSTMENT_KINDS }).notNull(),
    correctsMonth: text('corrects_month'),
    description: text('description').notNull(),
    reason: text('reason').notNull(),
    /** Signed: a credit (owed back to the client) is negative. */
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    isTaxable: boolean('is_taxable').notNull().default(true),
    /**
     * The vendor invoice whose acceptance "with an adjustment" wrote this item (null: a manual item), so
     * its reconciliation matches the item's line against the vendor's figures instead of calling it
     * missing on the vendor. The link is kept on the adjustment, not on the vendor invoice: removing the
     * item (an open month's draft) removes the link with it, with no dangling id and no foreign key to
     * clear, and the decision already writes the adjustment row in the same transaction. At most one
     * item per vendor invoice (unique index).
     */
    vendorInvoiceId: uuid('vendor_invoice_id'),
    createdBy: uuid('created_by'),
    createdByLabel: text('created_by_label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    index('billing_adjustments_month_idx').on(t.clientOrgId, t.contractId, t.month),
    index('billing_adjustments_vendor_idx').on(t.vendorOrgId),
    uniqueIndex('billing_adjustments_vendor_invoice_key').on(t.clientOrgId, t.vendorInvoiceId),
    foreignKey({ name: 'billing_adjustments_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    // Same tenant by construction (client_org_id in the key); a vendor invoice is only ever removed with its contract, which removes its items too.
    foreignKey({ name: 'billing_adjustments_vendor_invoice_fk', columns: [t.clientOrgId, t.vendorInvoiceId], foreignColumns: [vendorInvoices.clientOrgId, vendorInvoices.id] }),
    ...clientOwnedPolicies('billing_adjustments', t.clientOrgId, t.vendorOrgId),
    // Restrictive per command (not 'all'): an approved month's adjustments stay readable.
    pgPolicy('billing_adjustments_locked_insert', { as: 'restrictive', for: 'insert', to: tenantRole, withCheck: monthIsOpen('billing_adjustments') }),
    pgPolicy('billing_adjustments_locked_update', { as: 'restrictive', for: 'update', to: tenantRole, using: monthIsOpen('billing_adjustments'), withCheck: monthIsOpen('billing_adjustments') }),
    pgPolicy('billing_adjustments_locked_delete', { as: 'restrictive', for: 'delete', to: tenantRole, using: monthIsOpen('billing_adjustments') }),
  ],
).enableRLS();

/**
 * The vendor's own invoice for a month, as submitted by the vendor (amount, optional lines, the PDF in
 * the blob store). The vendor inserts and reads its rows; the client reads them and records its
 * decision. A resubmission is a new row; the latest submission of a month is the one reconciled.
 */
export const vendorInvoices = pgTable(
  'vendor_invoices',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    contractId: uuid('contract_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    month: text('month').notNull(),
    invoiceNumber: text('invoice_number').notNull(),
    currency: text('currency').notNull(),
    subtotalMinor: bigint('subtotal_minor', { mode: 'bigint' }),
    taxMinor: bigint('tax_minor', { mode: 'bigint' }),
    totalMinor: bigint('total_minor', { mode: 'bigint' }).notNull(),
    pdfFileName: text('pdf_file_name'),
    pdfStorageKey: text('pdf_storage_key'),
    pdfSha256: text('pdf_sha256'),
    submittedBy: uuid('submitted_by'),
    submittedByLabel: text('submitted_by_label').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status', { enum: VENDOR_INVOICE_STATUSES }).notNull().default('submitted'),
    /** The client's message to the vendor (required for a dispute). */
    decisionMessage: text('decision_message'),
    adjustmentMinor: bigint('adjustment_minor', { mode: 'bigint' }),
    decidedBy: uuid('decided_by'),
    decidedByLabel: text('decided_by_label'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    index('vendor_invoices_month_idx').on(t.clientOrgId, t.contractId, t.month, t.submittedAt),
    index('vendor_invoices_vendor_idx').on(t.vendorOrgId, t.month),
    foreignKey({ name: 'vendor_invoices_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    // Client: read and decide (update); never insert or delete a vendor's invoice.
    pgPolicy('vendor_invoices_client_read', { for: 'select', to: tenantRole, using: sql`${t.clientOrgId} = (select app_current_org())` }),
    pgPolicy('vendor_invoices_client_decide', { for: 'update', to: tenantRole, using: sql`${t.clientOrgId} = (select app_current_org())`, withCheck: sql`${t.clientOrgId} = (select app_current_org())` }),
    // Vendor: submit (insert) and read its own; never change one once submitted.
    pgPolicy('vendor_invoices_vendor_read', { for: 'select', to: tenantRole, using: sql`${t.vendorOrgId} = (select app_current_org())` }),
    pgPolicy('vendor_invoices_vendor_submit', { for: 'insert', to: tenantRole, withCheck: sql`${t.vendorOrgId} = (select app_current_org()) and ${t.status} = 'submitted'` }),
  ],
).enableRLS();

/** A line of the vendor's invoice, matched to the computed invoice by `line_key` when the vendor gives one. */
export const vendorInvoiceLines = pgTable(
  'vendor_invoice_lines',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    vendorInvoiceId: uuid('vendor_invoice_id').notNull(),
    position: integer('position').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    lineKey: text('line_key'),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 18, scale: 4 }),
    rate: numeric('rate', { precision: 18, scale: 6 }),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.vendorInvoiceId, t.position] }),
    index('vendor_invoice_lines_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'vendor_invoice_lines_invoice_fk', columns: [t.clientOrgId, t.vendorInvoiceId], foreignColumns: [vendorInvoices.clientOrgId, vendorInvoices.id] }).onDelete('cascade'),
    pgPolicy('vendor_invoice_lines_client_read', { for: 'select', to: tenantRole, using: sql`${t.clientOrgId} = (select app_current_org())` }),
    pgPolicy('vendor_invoice_lines_vendor_read', { for: 'select', to: tenantRole, using: sql`${t.vendorOrgId} = (select app_current_org())` }),
    pgPolicy('vendor_invoice_lines_vendor_submit', { for: 'insert', to: tenantRole, withCheck: sql`${t.vendorOrgId} = (select app_current_org())` }),
  ],
).enableRLS();
