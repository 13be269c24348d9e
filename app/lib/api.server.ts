import type { AppLoadContext, LoaderFunctionArgs } from '@remix-run/node';
import { z, type ZodType } from 'zod';
import { MAX_JSON_BODY_BYTES } from '#app/api-docs/core';
import type { Permission } from '#app/domain/permissions';
import type { ServiceCtx } from '#app/services/context';
import { apiError, requireApiKey } from './auth.server';
import { AppError } from './errors';
import { logger } from './logger.server';
import { requestIdOf } from './request.server';

/**
 * The edge of /api/v1: every answer is JSON, every failure `{ error: { code, message, details? } }`.
 * Feature endpoints stay small: `export const loader = apiRoute({ permission }, async ({ ctx }) => …)`.
 */

export interface ApiIssue {
  path: string;
  message: string;
}

type RouteArgs = Pick<LoaderFunctionArgs, 'request' | 'params' | 'context'>;
export interface ApiHandlerArgs extends RouteArgs {
  ctx: ServiceCtx;
}

/** A handler's plain value is sent as 200 JSON; a Response (e.g. `apiJson(x, 201)`) is sent as is. */
type ApiResult = Response | Record<string, unknown> | unknown[];

/** An endpoint that needs an API key (Bearer) whose role holds `permission`. Cookies are ignored. */
export function apiRoute(options: { permission?: Permission }, handler: (args: ApiHandlerArgs) => Promise<ApiResult>) {
  return (args: RouteArgs) =>
    handleApiErrors(args, async () => {
      const ctx = await requireApiKey(args.request, args.context, options.permission);
      return handler({ ...args, ctx });
    });
}

/** An endpoint anyone may call without a key (the OpenAPI document). */
export function publicApiRoute(handler: (args: RouteArgs) => Promise<ApiResult>) {
  return (args: RouteArgs) => handleApiErrors(args, () => handler(args));
}

/** For an `action` export of a read-only endpoint: other methods get 405 JSON, not Remix's HTML/text. */
export function methodNotAllowed(allowed: string[]) {
  return async ({ request }: RouteArgs) =>
    withAllow(apiError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${allowed.join(', ')}`), allowed);
}

export function apiJson(body: unknown, status = 200, headers?: HeadersInit): Response {
  const response = Response.json(body, { status, headers });
  if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
  return response;
}

async function handleApiErrors(args: RouteArgs, run: () => Promise<ApiResult>): Promise<Response> {
  try {
    const result = await run();
    return result instanceof Response ? result : apiJson(result);
  } catch (error) {
    return toApiErrorResponse(error, args.request, args.context);
  }
}

export function toApiErrorResponse(error: unknown, request: Request, context?: AppLoadContext): Response {
  if (error instanceof Response) {
    if (isJson(error)) return error;
    // A guard built for pages threw text or a redirect: keep its status, speak JSON.
    return apiError(error.status >= 400 ? error.status : 500, error.status === 404 ? 'NOT_FOUND' : 'ERROR', error.statusText || 'Request refused');
  }
  if (error instanceof AppError) return apiError(error.status, error.code, error.message, error.details);
  // A bare ZodError here is a response that failed its own schema (our bug): a 500, not the caller's 422.
  const requestId = requestIdOf(context, request);
  logger.error({ err: error, requestId }, 'unhandled API error');
  return apiError(500, 'INTERNAL', `Unexpected error; quote request id ${requestId ?? 'unknown'} to support`);
}

function isJson(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').includes('application/json');
}

function withAllow(response: Response, allowed: string[]): Response {
  response.headers.set('allow', allowed.join(', '));
  return response;
}

export function issuesOf(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function validationError(error: z.ZodError): Response {
  return apiError(422, 'VALIDATION_FAILED', 'The request is not valid', { issues: issuesOf(error) });
}

/** Validates a value (body, query) against `schema`; a failure is a 422 listing each issue's path. */
export function validate<S extends ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Query-string values (repeated keys become arrays), validated: 422 on failure. */
export function validateQuery<S extends ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    raw[key] = all.length > 1 ? all : all[0]!;
  }
  return validate(schema, raw);
}

/**
 * Path parameters: an id that does not parse (not a UUID, say) names nothing, so it is a 404, exactly
 * like an id that belongs to another tenant.
 */
export function validateParams<S extends ZodType>(params: LoaderFunctionArgs['params'], schema: S): z.output<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw apiError(404, 'NOT_FOUND', 'Not found');
  return parsed.data;
}

/**
 * Reads a JSON body with a size cap: 413 above `maxBytes` (checked on Content-Length first, then while
 * streaming, since the header may be absent or lie), 415 when it is not JSON, 400 when it does not parse.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw apiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readTextCapped(request, maxBytes);
  if (!text.trim()) throw apiError(400, 'MALFORMED_JSON', 'The request body is empty; send a JSON document');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw apiError(400, 'MALFORMED_JSON', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** `readJsonBody` then `validate`: the usual first line of a write endpoint. */
export async function readJsonBodyAs<S extends ZodType>(request: Request, schema: S, maxBytes?: number): Promise<z.output<S>> {
  return validate(schema, await readJsonBody(request, maxBytes));
}

function tooLarge(maxBytes: number): Response {
  return apiError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes`, { maxBytes });
}

async function readTextCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
