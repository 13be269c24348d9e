import { invoiceToApi, InvoiceParamsSchema } from '#app/api-docs/billing';
import { apiRoute, methodNotAllowed, validateParams } from '#app/lib/api.server';
import { getInvoice } from '#app/services/billing/invoices.server';

// Another org's invoice, or another vendor's, is a NOT_FOUND from the service: 404.
export const loader = apiRoute({}, async ({ ctx, params }) => {
  const { invoiceId } = validateParams(params, InvoiceParamsSchema);
  return invoiceToApi(await getInvoice(ctx, invoiceId));
});

export const action = methodNotAllowed(['GET']);
