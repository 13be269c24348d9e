/**
 * The submission page's form, server side: a multipart post with the fields, the typed line rows
 * (`lines[2].amount`…), an optional CSV of lines and the PDF. Amounts are typed in major units of the
 * invoice currency and turned into minor units exactly here; the service validates the rest. Service
 * issues come back under the form's own field names (a CSV's under `linesCsv`, with row and column).
 */
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node';
import { z } from 'zod';
import { currencyDigits, majorToMinor } from '#app/domain/billing/reconcile-amount';
import { MAX_LINES_CSV_BYTES, parseLinesCsv, type CsvIssue } from '#app/domain/billing/reconcile-csv';
import { AppError } from '#app/lib/errors';
import { indexedRowsOf, isBlankRow, parseNestedForm, textOf, type FieldIssue } from '#app/lib/form-data';
import type { ServiceCtx } from '../context';
import { MAX_PDF_BYTES } from './vendor-invoices-pdf.server';
import { submissionTarget, submitVendorInvoice } from './vendor-invoices.server';

export interface LineFormValues {
  lineKey: string;
  description: string;
  quantity: string;
  rate: string;
  amount: string;
}

export interface SubmitFormValues {
  contractId: string;
  month: string;
  invoiceNumber: string;
  currency: string;
  total: string;
  subtotal: string;
  tax: string;
  lines: LineFormValues[];
}

export type SubmitFormOutcome =
  | { type: 'invalid'; values: SubmitFormValues; fieldErrors: Record<string, string>; csvIssues: CsvIssue[]; formError: string | null }
  | { type: 'submitted'; vendorInvoiceId: string };

const FIELD_OF: Record<string, string> = { totalMinor: 'total', subtotalMinor: 'subtotal', taxMinor: 'tax', amountMinor: 'amount' };

function valuesOf(form: FormData): SubmitFormValues {
  const nested = parseNestedForm(form);
  const lines = indexedRowsOf(nested.lines).map(({ row }) => ({
    lineKey: textOf(row.lineKey),
    description: textOf(row.description),
    quantity: textOf(row.quantity),
    rate: textOf(row.rate),
    amount: textOf(row.amount),
  }));
  return {
    contractId: textOf(nested.contractId),
    month: textOf(nested.month),
    invoiceNumber: textOf(nested.invoiceNumber),
    currency: textOf(nested.currency).trim().toUpperCase(),
    total: textOf(nested.total),
    subtotal: textOf(nested.subtotal),
    tax: textOf(nested.tax),
    lines,
  };
}

async function readForm(request: Request): Promise<FormData | 'too_large' | 'not_multipart'> {
  if (!/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) return 'not_multipart';
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_PDF_BYTES + MAX_LINES_CSV_BYTES + 256 * 1024) return 'too_large';
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_PDF_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return 'too_large';
    throw error;
  }
}

const fileOf = (form: FormData, name: string) => {
  const value = form.get(name);
  return value && typeof value !== 'string' && value.size > 0 ? value : null;
};

export async function handleSubmitForm(request: Request, ctx: ServiceCtx): Promise<SubmitFormOutcome> {
  const empty: SubmitFormValues = { contractId: '', month: '', invoiceNumber: '', currency: '', total: '', subtotal: '', tax: '', lines: [] };
  const form = await readForm(request);
  if (form === 'not_multipart') return { type: 'invalid', values: empty, fieldErrors: {}, csvIssues: [], formError: 'reconciliation.error.notMultipart' };
  if (form === 'too_large') return { type: 'invalid', values: empty, fieldErrors: { pdf: 'reconciliation.error.pdfTooLarge' }, csvIssues: [], formError: null };
  const values = valuesOf(form);
  const fieldErrors: Record<string, string> = {};
  let csvIssues: CsvIssue[] = [];
  const invalid = (): SubmitFormOutcome => ({ type: 'invalid', values, fieldErrors, csvIssues, formError: null });

  // The contract month first: another vendor's contract is a 404 whatever else the form says.
  if (!z.uuid().safeParse(values.contractId).success) fieldErrors.contractId = 'reconciliation.error.contract';
  else await submissionTarget(ctx, { contractId: values.contractId, month: /^\d{4}-\d{2}$/.test(values.month) ? values.month : '2000-01' }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw new Response('Not found', { status: 404 });
    throw error;
  });

  const digits = currencyDigits(/^[A-Z]{3}$/.test(values.currency) ? values.currency : 'XXX');
  const amount = (name: 'total' | 'subtotal' | 'tax', required: boolean): bigint | null => {
    const raw = values[name].trim();
    if (!raw) {
      if (required) fieldErrors[name] = 'reconciliation.error.required';
      return null;
    }
    const parsed = majorToMinor(raw, digits);
    if (typeof parsed === 'string') fieldErrors[name] = parsed;
    return typeof parsed === 'bigint' ? parsed : null;
  };
  const totalMinor = amount('total', true);
  const subtotalMinor = amount('subtotal', false);
  const taxMinor = amount('tax', false);

  // Lines: the CSV when one is attached, else the typed rows (blank rows skipped, indexes kept for errors).
  const csv = fileOf(form, 'linesCsv');
  const formIndexOf: number[] = [];
  let lines: { lineKey: string | null; description: string; quantity: string | null; rate: string | null; amountMinor: bigint | string }[] = [];
  if (csv) {
    if (csv.size > MAX_LINES_CSV_BYTES) fieldErrors.linesCsv = 'reconciliation.error.csvTooLarge';
    else {
      const parsed = parseLinesCsv(await csv.text(), digits);
      csvIssues = parsed.issues;
      if (parsed.issues.length) fieldErrors.linesCsv = 'reconciliation.error.csvInvalid';
      lines = parsed.lines;
    }
  } else {
    values.lines.forEach((row, index) => {
      if (isBlankRow(row)) return;
      const parsed = row.amount.trim() ? majorToMinor(row.amount, digits) : 'reconciliation.error.required';
      if (typeof parsed === 'string') fieldErrors[`lines[${index}].amount`] = parsed;
      if (!row.description.trim()) fieldErrors[`lines[${index}].description`] = 'reconciliation.error.required';
      formIndexOf.push(index);
      lines.push({ lineKey: row.lineKey, description: row.description, quantity: row.quantity.replace(/,/g, ''), rate: row.rate.replace(/,/g, ''), amountMinor: typeof parsed === 'bigint' ? parsed : '0' });
    });
  }
  const pdf = fileOf(form, 'pdf');
  if (!pdf) fieldErrors.pdf = 'reconciliation.error.pdfRequired';
  if (Object.keys(fieldErrors).length) return invalid();

  try {
    const created = await submitVendorInvoice(ctx, {
      contractId: values.contractId,
      month: values.month,
      invoiceNumber: values.invoiceNumber,
      currency: values.currency,
      totalMinor: totalMinor!,
      subtotalMinor,
      taxMinor,
      lines,
      pdf: { fileName: pdf!.name || 'invoice.pdf', bytes: new Uint8Array(await pdf!.arrayBuffer()) },
    });
    return { type: 'submitted', vendorInvoiceId: created.id };
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== 'UNPROCESSABLE' && error.code !== 'CONFLICT')) throw error;
    const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
    for (const issue of issues) {
      const [head, index, field] = issue.path;
      let name = FIELD_OF[String(head)] ?? String(head);
      if (head === 'lines' && typeof index === 'number') name = csv ? 'linesCsv' : `lines[${formIndexOf[index] ?? index}].${FIELD_OF[String(field)] ?? String(field)}`;
      if (head === 'lines' && csv && typeof index === 'number') csvIssues.push({ row: index + 2, column: String(field ?? ''), message: issue.message });
      fieldErrors[name] ??= issue.message;
    }
    return { type: 'invalid', values, fieldErrors, csvIssues, formError: issues.length ? null : error.message };
  }
}
