import { programDetailToApi, ProgramPathParamsSchema } from '#app/api-docs/programs';
import { apiRoute, methodNotAllowed, validateParams } from '#app/lib/api.server';
import { getProgram } from '#app/services/programs.server';

// Another tenant's program, or one a vendor delivers no unit of, is a NOT_FOUND from the service: 404.
export const loader = apiRoute({ permission: 'read:programs' }, async ({ ctx, params }) => {
  const { programId } = validateParams(params, ProgramPathParamsSchema);
  return programDetailToApi(await getProgram(ctx, programId));
});

export const action = methodNotAllowed(['GET']);
