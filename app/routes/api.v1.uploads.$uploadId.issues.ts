import { IssuesQuerySchema, issuesToApi, UploadParamsSchema } from '#app/api-docs/feeds';
import { apiRoute, methodNotAllowed, validateParams, validateQuery } from '#app/lib/api.server';
import { getUpload } from '#app/services/feeds/uploads.server';

export const loader = apiRoute({ permission: 'read:kpis' }, async ({ ctx, params, request }) => {
  const { uploadId } = validateParams(params, UploadParamsSchema);
  const query = validateQuery(request, IssuesQuerySchema);
  const detail = await getUpload(ctx, uploadId, { page: query.page, pageSize: query.pageSize });
  return { issues: issuesToApi(detail.issues), ...detail.issuePage };
});

export const action = methodNotAllowed(['GET']);
