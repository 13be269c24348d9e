import { InvoiceParamsSchema } from '#app/api-docs/billing';
import { apiRoute, methodNotAllowed, validateParams } from '#app/lib/api.server';
import { XLSX_MIME } from '#app/lib/table-export';
import { attachment, exportInvoice, exportXlsx } from '#app/services/billing/exports.server';

export const loader = apiRoute({}, async ({ ctx, params }) => {
  const { invoiceId } = validateParams(params, InvoiceParamsSchema);
  const data = await exportInvoice(ctx, invoiceId);
  return new Response(await exportXlsx(data, 'Invoice'), { headers: { 'content-type': XLSX_MIME, 'content-disposition': attachment(`invoice-${invoiceId}.xlsx`), 'cache-control': 'no-store' } });
});

export const action = methodNotAllowed(['GET']);
