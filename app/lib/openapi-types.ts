import type { ZodType } from 'zod';
import type { Permission } from '#app/domain/permissions';

/**
 * One documented /api/v1 operation. Each feature lists its operations in app/api-docs/<feature>.ts with
 * the same zod schemas its route uses to validate and shape data; the OpenAPI document is generated from
 * them (z.toJSONSchema), never hand-written.
 */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path with {braces}, e.g. /api/v1/programs/{programId} */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Permission the API key's role must hold. */
  permission?: Permission;
  pathParams?: ZodType;
  query?: ZodType;
  requestBody?: { contentType: string; schema?: ZodType; description?: string }[];
  responses: Record<number, { description: string; schema?: ZodType }>;
}
