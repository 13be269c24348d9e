import { UploadParamsSchema } from '#app/api-docs/feeds';
import { apiRoute, methodNotAllowed, validateParams } from '#app/lib/api.server';
import { issuesCsv } from '#app/services/feeds/uploads.server';

export const loader = apiRoute({ permission: 'read:kpis' }, async ({ ctx, params }) => {
  const { uploadId } = validateParams(params, UploadParamsSchema);
  const report = await issuesCsv(ctx, uploadId);
  return new Response(report.csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${report.fileName}"`,
      'cache-control': 'no-store',
    },
  });
});

export const action = methodNotAllowed(['GET']);
