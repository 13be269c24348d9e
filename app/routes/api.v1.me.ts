import { MeResponseSchema } from '#app/api-docs/core';
import { apiRoute, methodNotAllowed } from '#app/lib/api.server';
import { describeApiCaller } from '#app/services/api-keys.server';

export const loader = apiRoute({ permission: 'read:org' }, async ({ ctx }) => MeResponseSchema.parse(await describeApiCaller(ctx)));

export const action = methodNotAllowed(['GET']);
