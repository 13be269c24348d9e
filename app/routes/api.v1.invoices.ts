import { invoiceListToApi, InvoicesQuerySchema } from '#app/api-docs/billing';
import { apiRoute, methodNotAllowed, validateQuery } from '#app/lib/api.server';
import { listInvoices } from '#app/services/billing/invoices.server';

export const loader = apiRoute({}, async ({ ctx, request }) => {
  const { month } = validateQuery(request, InvoicesQuerySchema);
  return invoiceListToApi(month, await listInvoices(ctx, { month }));
});

export const action = methodNotAllowed(['GET']);
