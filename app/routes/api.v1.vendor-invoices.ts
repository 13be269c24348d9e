import { vendorInvoiceToApi, VendorInvoicesQuerySchema, VendorInvoiceSubmitApiSchema } from '#app/api-docs/reconciliation';
import { apiJson, apiRoute, readJsonBodyAs, validateQuery } from '#app/lib/api.server';
import { apiError } from '#app/lib/auth.server';
import { listVendorInvoices, submitVendorInvoice } from '#app/services/billing/vendor-invoices.server';

export const loader = apiRoute({ permission: 'read:contracts' }, async ({ ctx, request }) => {
  const { month } = validateQuery(request, VendorInvoicesQuerySchema);
  return { month, vendorInvoices: (await listVendorInvoices(ctx, { month })).map(vendorInvoiceToApi) };
});

/** A vendor key submits its invoice as JSON (no PDF: the portal form takes the PDF). */
export const action = apiRoute({ permission: 'submit:invoices' }, async ({ ctx, request }) => {
  if (request.method !== 'POST') return apiError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use GET, POST`);
  const body = await readJsonBodyAs(request, VendorInvoiceSubmitApiSchema);
  const created = await submitVendorInvoice(ctx, { ...body, subtotalMinor: body.subtotalMinor ?? null, taxMinor: body.taxMinor ?? null, lines: body.lines ?? [] });
  return apiJson(vendorInvoiceToApi(created), 201);
});
