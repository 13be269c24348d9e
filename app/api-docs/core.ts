import type { ApiOperation } from '#app/lib/openapi-types';

/** Identity and platform operations (whoami, OpenAPI). */
export const coreOperations: ApiOperation[] = [];
