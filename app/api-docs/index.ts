import type { ApiOperation } from '#app/lib/openapi-types';
import { coreOperations } from './core';
import { programOperations } from './programs';

/** Every documented /api/v1 operation, by feature. */
export const API_OPERATIONS: ApiOperation[] = [...coreOperations, ...programOperations];
