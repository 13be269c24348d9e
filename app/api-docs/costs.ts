import type { ApiOperation } from '#app/lib/openapi-types';

/** In-house vs outsourced comparison (issue 6). */
export const costOperations: ApiOperation[] = [];
