import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireMember } from '#app/lib/auth.server';
import { throwHttpError } from '#app/lib/form-errors.server';
import { XLSX_MIME } from '#app/lib/table-export';
import { attachment, CSV_MIME, exportCsv, exportMonth, exportXlsx } from '#app/services/billing/exports.server';

/** /app/billing/exports/2026-04.csv or .xlsx: the month's approved invoices in the ERP layout. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'run:billing');
  const match = /^(\d{4}-(?:0[1-9]|1[0-2]))\.(csv|xlsx)$/.exec(params.file ?? '');
  if (!match) throw new Response('Not found', { status: 404 });
  const [, month, format] = match as unknown as [string, string, 'csv' | 'xlsx'];
  const exported = await exportMonth(ctx, month).catch(throwHttpError);
  const headers = { 'content-disposition': attachment(`invoices-${month}.${format}`), 'cache-control': 'no-store' };
  if (format === 'csv') return new Response(exportCsv(exported), { headers: { ...headers, 'content-type': CSV_MIME } });
  return new Response(await exportXlsx(exported, `Invoices ${month}`), { headers: { ...headers, 'content-type': XLSX_MIME } });
}
