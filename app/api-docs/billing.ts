import type { ApiOperation } from '#app/lib/openapi-types';

/** Invoices of the billing run and their exports (issue 7). */
export const billingOperations: ApiOperation[] = [];
