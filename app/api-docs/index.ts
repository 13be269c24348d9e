import type { ApiOperation } from '#app/lib/openapi-types';
import { coreOperations } from './core';
import { feedOperations } from './feeds';
import { programOperations } from './programs';
import { toolOperations } from './tools';

/** Every documented /api/v1 operation, by feature. */
export const API_OPERATIONS: ApiOperation[] = [...coreOperations, ...programOperations, ...feedOperations, ...toolOperations];
