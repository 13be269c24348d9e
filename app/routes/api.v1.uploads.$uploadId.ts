import { uploadDetailToApi, UploadParamsSchema } from '#app/api-docs/feeds';
import { apiRoute, methodNotAllowed, validateParams } from '#app/lib/api.server';
import { getUpload } from '#app/services/feeds/uploads.server';

// Another org's upload, or a vendor asking for an in-house one, is hidden by row-level security: 404.
export const loader = apiRoute({ permission: 'read:kpis' }, async ({ ctx, params }) => {
  const { uploadId } = validateParams(params, UploadParamsSchema);
  return uploadDetailToApi(await getUpload(ctx, uploadId, { pageSize: 1 }));
});

export const action = methodNotAllowed(['GET']);
