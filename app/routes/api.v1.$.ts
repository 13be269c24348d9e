import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { apiError } from '#app/lib/auth.server';

/** Unknown /api/v1 paths, whatever the method: a JSON 404 (not the HTML page of the root splat). */
function notFound({ request }: LoaderFunctionArgs | ActionFunctionArgs) {
  return apiError(404, 'NOT_FOUND', `No API endpoint at ${request.method} ${new URL(request.url).pathname}`);
}

export const loader = notFound;
export const action = notFound;
