import { z } from 'zod';
import { ORG_KINDS } from '#db/schema/orgs';
import { PERMISSIONS, ROLES } from '#app/domain/permissions';
import type { ApiOperation } from '#app/lib/openapi-types';

/** Largest JSON body an /api/v1 endpoint reads; larger is a 413. */
export const MAX_JSON_BODY_BYTES = 1_000_000;

/** The body of every /api/v1 failure; the OpenAPI document publishes it as `Error`. */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** What GET /api/v1/me answers: the org and role the presented key acts as. */
export const MeResponseSchema = z
  .object({
    org: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), kind: z.enum(ORG_KINDS) }),
    role: z.enum(ROLES),
    permissions: z.array(z.enum(PERMISSIONS)),
    apiKey: z.object({ id: z.uuid(), name: z.string(), prefix: z.string() }),
  })
  .meta({ id: 'Me' });

/** Identity and platform operations (whoami, OpenAPI). */
export const coreOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    summary: 'The organisation, role and permissions of the API key making the request',
    tag: 'Core',
    permission: 'read:org',
    responses: { 200: { description: 'The caller', schema: MeResponseSchema } },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document (no key needed)',
    tag: 'Core',
    responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
  },
];
