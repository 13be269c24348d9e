import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { issuesCsv } from '#app/services/feeds/uploads.server';

/** The error report of one upload, as the page's "Download the error report (CSV)" link asks for it. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:kpis');
  const report = await issuesCsv(ctx, idParam(params.uploadId)).catch(throwHttpError);
  return new Response(report.csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${report.fileName}"`,
      'cache-control': 'no-store',
    },
  });
}
