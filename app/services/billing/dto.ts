/**
 * The computed invoice as pages, the API and the reconciliation read it: JSON-safe (money as strings of
 * integer minor units, dates as ISO strings), the same shape everywhere.
 */
import type { InvoiceInputs, InvoiceLineKind, InvoiceLineParams, InvoiceLineSource, RoundingMode } from '#db/schema/billing';

export interface InvoiceLineDto {
  position: number;
  kind: InvoiceLineKind;
  /** Stable key to match a vendor's line, e.g. "usage:per_handled_contact:voice:<queueId>". */
  lineKey: string;
  /** English, as exports and the ERP read it. */
  description: string;
  /** The description as a message key and raw params, for the reader's language; null (free text, or a line computed before they were stored): show `description`. */
  descriptionKey: string | null;
  descriptionParams: InvoiceLineParams | null;
  pricingModel: string | null;
  channel: string | null;
  queueId: string | null;
  rateCardLineId: string | null;
  /** Decimal string, 4 decimals. */
  quantity: string;
  quantityUnit: string;
  /** Decimal string in major units per quantity unit; null where the amount is not quantity × rate. */
  rate: string | null;
  /** Signed integer minor units as a string (credits negative). */
  amountMinor: string;
  taxMinor: string;
  isTaxable: boolean;
  source: InvoiceLineSource;
}

export interface InvoiceDto {
  id: string;
  clientOrgId: string;
  contractId: string;
  contractName: string;
  vendorOrgId: string;
  vendorName: string;
  month: string;
  contractVersionId: string;
  status: 'draft' | 'approved';
  currency: string;
  minorDigits: number;
  roundingMode: RoundingMode;
  /** usage + fixed + minimum true-up + pass-through. */
  subtotalMinor: string;
  /** SLA credits (negative) + earn-backs returned (positive). */
  creditsMinor: string;
  /** Manual adjustments, credit and debit notes. */
  adjustmentsMinor: string;
  taxMinor: string;
  totalMinor: string;
  inputs: InvoiceInputs;
  /** True when the volumes came from a month close (final); false: a draft whose volumes may still change. */
  volumesFinal: boolean;
  computedAt: string;
  computedByLabel: string;
  approvedAt: string | null;
  approvedByLabel: string | null;
  lines: InvoiceLineDto[];
}

/** One contract of the org for a month on the billing overview, with its invoice when one was run. */
export interface BillingRowDto {
  contractId: string;
  contractName: string;
  vendorOrgId: string;
  vendorName: string;
  month: string;
  monthClosed: boolean;
  invoice: Omit<InvoiceDto, 'lines' | 'inputs'> | null;
}
