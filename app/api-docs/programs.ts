import type { ApiOperation } from '#app/lib/openapi-types';

/** Programs, units, contracts. */
export const programOperations: ApiOperation[] = [];
