import { unstable_parseMultipartFormData } from '@remix-run/node';
import { issuesToApi, UnitUploadsParamsSchema, uploadCreatedToApi, uploadToApi, UploadQuerySchema } from '#app/api-docs/feeds';
import { apiJson, apiRoute, validateParams, validateQuery } from '#app/lib/api.server';
import { apiError } from '#app/lib/auth.server';
import { ingestUpload, MAX_FEED_BYTES, type IngestResult } from '#app/services/feeds/ingest.server';
import { FeedTooLargeError } from '#app/services/feeds/unit-context.server';
import { listUploads } from '#app/services/feeds/uploads.server';

const FILE_TYPES = /^(text\/(csv|plain|tab-separated-values)|application\/(csv|octet-stream|vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|vnd\.ms-excel))\b/i;

export const loader = apiRoute({ permission: 'read:kpis' }, async ({ ctx, params }) => {
  const { unitId } = validateParams(params, UnitUploadsParamsSchema);
  return { uploads: (await listUploads(ctx, { unitId })).map(uploadToApi) };
});

function fileNameOf(request: Request, fallback: string): string {
  const disposition = request.headers.get('content-disposition') ?? '';
  return /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? fallback;
}

function answer(result: IngestResult): Response {
  const body = uploadCreatedToApi(result);
  if (result.upload.status === 'rejected') {
    return apiError(422, 'FEED_REJECTED', `The file was rejected with ${result.upload.errorCount} error(s); nothing was stored.`, {
      upload: body,
      issues: issuesToApi(result.issues),
      issueCount: result.upload.errorCount + result.upload.warningCount,
    });
  }
  return apiJson(body, result.isDuplicate ? 200 : 201);
}

/** The body is streamed to the blob store and the reader as it arrives; it is never held whole in memory. */
export const action = apiRoute({ permission: 'upload:feeds' }, async ({ ctx, params, request }) => {
  if (request.method !== 'POST') return apiError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use GET, POST`);
  const { unitId } = validateParams(params, UnitUploadsParamsSchema);
  const query = validateQuery(request, UploadQuerySchema);
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_FEED_BYTES + 64 * 1024) return apiError(413, 'PAYLOAD_TOO_LARGE', `The file is larger than ${MAX_FEED_BYTES} bytes`, { maxBytes: MAX_FEED_BYTES });
  const contentType = request.headers.get('content-type') ?? '';
  const common = {
    unitId,
    kind: query.kind,
    templateId: query.template,
    idempotencyKey: request.headers.get('idempotency-key') ?? undefined,
    intervalMinutes: query.intervalMinutes ? (Number(query.intervalMinutes) as 15 | 30 | 60 | 1440) : undefined,
  };
  try {
    if (/^multipart\/form-data\b/i.test(contentType)) {
      let result: IngestResult | undefined;
      await unstable_parseMultipartFormData(request, async (part) => {
        if (part.name !== 'file' || result) {
          for await (const chunk of part.data) void chunk;
          return undefined;
        }
        result = await ingestUpload(ctx, { ...common, fileName: query.fileName ?? part.filename ?? 'upload', contentType: part.contentType, body: part.data });
        return result.upload.id;
      });
      if (!result) return apiError(422, 'VALIDATION_FAILED', 'The form has no `file` field', { issues: [{ path: 'file', message: 'Required' }] });
      return answer(result);
    }
    if (!FILE_TYPES.test(contentType)) return apiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv, text/plain, the XLSX type, or multipart/form-data');
    if (!request.body) return apiError(400, 'EMPTY_BODY', 'The request has no body');
    const isXlsx = /spreadsheetml/i.test(contentType);
    const fileName = query.fileName ?? fileNameOf(request, isXlsx ? 'upload.xlsx' : 'upload.csv');
    return answer(await ingestUpload(ctx, { ...common, fileName, contentType, body: request.body }));
  } catch (error) {
    if (error instanceof FeedTooLargeError) return apiError(413, 'PAYLOAD_TOO_LARGE', error.message, { maxBytes: error.maxBytes });
    throw error;
  }
});
