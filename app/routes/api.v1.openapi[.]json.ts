import { methodNotAllowed, publicApiRoute } from '#app/lib/api.server';
import { buildOpenApiDocument } from '#app/lib/openapi.server';

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

/** Public on purpose: client developers read the contract before they hold a key. */
export const loader = publicApiRoute(async () => {
  cached ??= buildOpenApiDocument();
  return Response.json(cached, { headers: { 'cache-control': 'public, max-age=300' } });
});

export const action = methodNotAllowed(['GET']);
