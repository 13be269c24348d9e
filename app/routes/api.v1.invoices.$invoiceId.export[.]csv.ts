import { InvoiceParamsSchema } from '#app/api-docs/billing';
import { apiRoute, methodNotAllowed, validateParams } from '#app/lib/api.server';
import { attachment, CSV_MIME, exportCsv, exportInvoice } from '#app/services/billing/exports.server';

export const loader = apiRoute({}, async ({ ctx, params }) => {
  const { invoiceId } = validateParams(params, InvoiceParamsSchema);
  const data = await exportInvoice(ctx, invoiceId);
  return new Response(exportCsv(data), { headers: { 'content-type': CSV_MIME, 'content-disposition': attachment(`invoice-${invoiceId}.csv`), 'cache-control': 'no-store' } });
});

export const action = methodNotAllowed(['GET']);
