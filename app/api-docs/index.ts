import type { ApiOperation } from '#app/lib/openapi-types';
import { coreOperations } from './core';
import { feedOperations } from './feeds';
import { kpiOperations } from './kpis';
import { programOperations } from './programs';
import { slaOperations } from './sla';
import { toolOperations } from './tools';
import { billingOperations } from './billing';
import { reconciliationOperations } from './reconciliation';
import { costOperations } from './costs';

/** Every documented /api/v1 operation, by feature. */
export const API_OPERATIONS: ApiOperation[] = [...coreOperations, ...programOperations, ...feedOperations, ...toolOperations, ...kpiOperations, ...slaOperations, ...billingOperations, ...reconciliationOperations, ...costOperations];
