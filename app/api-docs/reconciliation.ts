import type { ApiOperation } from '#app/lib/openapi-types';

/** Vendor invoices (issue 7). */
export const reconciliationOperations: ApiOperation[] = [];
