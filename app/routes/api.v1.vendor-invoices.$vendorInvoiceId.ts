import { vendorInvoiceDetailToApi, VendorInvoiceParamsSchema } from '#app/api-docs/reconciliation';
import { apiRoute, methodNotAllowed, validateParams } from '#app/lib/api.server';
import { getVendorInvoice } from '#app/services/billing/reconciliation.server';

// Another org's invoice (or another vendor's) is a NOT_FOUND from the service: 404.
export const loader = apiRoute({ permission: 'read:contracts' }, async ({ ctx, params }) => {
  const { vendorInvoiceId } = validateParams(params, VendorInvoiceParamsSchema);
  return vendorInvoiceDetailToApi(await getVendorInvoice(ctx, vendorInvoiceId));
});

export const action = methodNotAllowed(['GET']);
