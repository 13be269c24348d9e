import { computeErlangC, ErlangCQuerySchema, ErlangCResponseSchema } from '#app/api-docs/tools';
import { apiRoute, methodNotAllowed, validateQuery } from '#app/lib/api.server';

/** Any API key may use the calculator: it reads no tenant data. */
export const loader = apiRoute({}, async ({ request }) => ErlangCResponseSchema.parse(computeErlangC(validateQuery(request, ErlangCQuerySchema))));

export const action = methodNotAllowed(['GET']);
