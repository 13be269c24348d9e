import { z, type ZodType } from 'zod';
import { ApiErrorSchema, MAX_JSON_BODY_BYTES } from '#app/api-docs/core';
import { API_OPERATIONS } from '#app/api-docs/index';
import type { ApiOperation } from './openapi-types';

export const API_VERSION = '1.0.0';

/**
 * Operations callable without an API key. ApiOperation has no flag for this yet, and a forgotten flag
 * must fail closed (documented as secured), so the exceptions are listed here.
 */
const PUBLIC_OPERATION_IDS = new Set(['getOpenApiDocument']);

type JsonSchema = Record<string, unknown>;

interface Components {
  schemas: Record<string, JsonSchema>;
}

/** The OpenAPI 3.1 document of /api/v1, generated from API_OPERATIONS and their zod schemas. */
export function buildOpenApiDocument(operations: ApiOperation[] = API_OPERATIONS) {
  const components: Components = { schemas: { Error: toSchema(ApiErrorSchema, 'output', { schemas: {} }) } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const item = (paths[operation.path] ??= {});
    if (item[operation.method]) throw new Error(`Duplicate API operation ${operation.method.toUpperCase()} ${operation.path}`);
    item[operation.method] = describeOperation(operation, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Outpost API',
      version: API_VERSION,
      description:
        'Programs, KPIs and billing of outsourced contact-center work. Authenticate with an API key created on the API keys page: `Authorization: Bearer op_…`. Errors are always `{ "error": { "code", "message", "details"? } }`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      ...components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An Outpost API key (op_…)' } },
    },
  };
}

function describeOperation(operation: ApiOperation, components: Components) {
  const isPublic = PUBLIC_OPERATION_IDS.has(operation.operationId);
  const parameters = [
    ...parametersOf(operation.pathParams, 'path', components),
    ...parametersOf(operation.query, 'query', components),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema ? { content: { 'application/json': { schema: toSchema(response.schema, 'output', components) } } } : {}),
    };
  }
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  const standard: Record<string, ReturnType<typeof error>> = {};
  if (operation.requestBody?.length) {
    standard[400] = error('Malformed JSON body');
    standard[413] = error(`Body larger than ${MAX_JSON_BODY_BYTES} bytes`);
  }
  if (!isPublic) standard[401] = error('Missing, unknown or revoked API key');
  if (operation.permission) standard[403] = error(`The key's role lacks ${operation.permission}`);
  if (operation.pathParams) standard[404] = error('Not found (or belongs to another organisation)');
  if (operation.query || operation.requestBody?.length) standard[422] = error('Validation failed; details.issues lists {path, message}');
  for (const [status, value] of Object.entries(standard)) responses[status] ??= value;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: [operation.tag],
    ...(operation.permission ? { description: `Requires a key whose role holds \`${operation.permission}\`.` } : {}),
    ...(isPublic ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(operation.requestBody?.length
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              operation.requestBody.map((body) => [
                body.contentType,
                { ...(body.schema ? { schema: toSchema(body.schema, 'input', components) } : {}), ...(body.description ? { description: body.description } : {}) },
              ]),
            ),
          },
        }
      : {}),
    responses,
  };
}

function parametersOf(schema: ZodType | undefined, where: 'path' | 'query', components: Components) {
  if (!schema) return [];
  const json = toSchema(schema, 'input', components);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * zod → JSON Schema 2020-12 (what OpenAPI 3.1 uses). Schemas named with `.meta({ id })` come back in
 * `$defs`; they are hoisted into components.schemas so every operation shares one definition.
 */
function toSchema(schema: ZodType, io: 'input' | 'output', components: Components): JsonSchema {
  const raw = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  const rewritten = JSON.parse(JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  const { $schema: _ignored, $defs, ...rest } = rewritten;
  for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) components.schemas[name] = definition;
  return rest;
}
