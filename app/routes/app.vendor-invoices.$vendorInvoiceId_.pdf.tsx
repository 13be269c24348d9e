import type { LoaderFunctionArgs } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { vendorInvoicePdf } from '#app/services/billing/reconciliation.server';
import { openPdf, safePdfFileName } from '#app/services/billing/vendor-invoices-pdf.server';

/** The vendor's PDF as stored (checked to be a PDF at submission), as a download, for both sides. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:contracts');
  const pdf = await vendorInvoicePdf(ctx, idParam(params.vendorInvoiceId)).catch(throwHttpError);
  const fileName = safePdfFileName(pdf.fileName);
  return new Response(createReadableStreamFromReadable(openPdf(pdf.storageKey)), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(pdf.fileName.slice(0, 200))}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      etag: `"${pdf.sha256}"`,
    },
  });
}
