import { ProgramListResponseSchema, programToApi } from '#app/api-docs/programs';
import { apiRoute, methodNotAllowed } from '#app/lib/api.server';
import { listPrograms } from '#app/services/programs.server';

export const loader = apiRoute({ permission: 'read:programs' }, async ({ ctx }) => {
  const programs = await listPrograms(ctx);
  return ProgramListResponseSchema.parse({ programs: programs.map((p) => ({ ...programToApi(p), unitCount: p.unitCount })) });
});

export const action = methodNotAllowed(['GET']);
