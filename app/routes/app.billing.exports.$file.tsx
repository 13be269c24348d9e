import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireMember } from '#app/lib/auth.server';
import { throwHttpError } from '#app/lib/form-errors.server';
import { XLSX_MIME } from '#app/lib/table-export';
import { attachment, CSV_MIME, exportCsv, exportInvoice, exportMonth, exportXlsx } from '#app/services/billing/exports.server';

const MONTH_FILE = /^(\d{4}-(?:0[1-9]|1[0-2]))\.(csv|xlsx)$/;
const INVOICE_FILE = /^invoice-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(csv|xlsx)$/;

/**
 * /app/billing/exports/2026-04.csv or .xlsx: the month's approved invoices in the ERP layout;
 * /app/billing/exports/invoice-<id>.csv or .xlsx: one invoice (a draft too) in the same layout.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'run:billing');
  const file = params.file ?? '';
  const month = MONTH_FILE.exec(file);
  const invoice = INVOICE_FILE.exec(file);
  if (!month && !invoice) throw new Response('Not found', { status: 404 });
  const format = (month ?? invoice)![2] as 'csv' | 'xlsx';
  const exported = await (month ? exportMonth(ctx, month[1]!) : exportInvoice(ctx, invoice![1]!)).catch(throwHttpError);
  const name = month ? `invoices-${month[1]}` : `invoice-${invoice![1]}`;
  const headers = { 'content-disposition': attachment(`${name}.${format}`), 'cache-control': 'no-store' };
  if (format === 'csv') return new Response(exportCsv(exported), { headers: { ...headers, 'content-type': CSV_MIME } });
  return new Response(await exportXlsx(exported, month ? `Invoices ${month[1]}` : 'Invoice'), { headers: { ...headers, 'content-type': XLSX_MIME } });
}
