import { z } from 'zod';
import type { ApiOperation } from '#app/lib/openapi-types';
import type { IngestResult } from '#app/services/feeds/ingest.server';
import type { FeedIssueDto, UploadDto } from '#app/services/feeds/dto.server';
import type { UploadDetail } from '#app/services/feeds/uploads.server';

/** KPI feed uploads (issue 4). Routes shape every answer with these schemas; the OpenAPI document too. */
export const FeedIssueApiSchema = z
  .object({
    line: z.number().int().nullable().describe('1-based line of a text file, or the worksheet row'),
    column: z.string().nullable(),
    value: z.string().nullable(),
    code: z.string().describe('Stable code, e.g. number_negative, handled_exceeds_offered, dst_ambiguous, queue_unknown'),
    message: z.string(),
    severity: z.enum(['error', 'warning']),
  })
  .meta({ id: 'FeedIssue' });

const period = z.object({ start: z.string().nullable(), end: z.string().nullable() }).describe('ISO 8601 instants; end exclusive');

export const UploadApiSchema = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    kind: z.enum(['intervals', 'contacts']),
    templateId: z.string().nullable(),
    fileName: z.string(),
    byteSize: z.number().int(),
    sha256: z.string().nullable(),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
    completedAt: z.string().nullable(),
    status: z.enum(['received', 'rejected', 'accepted', 'failed']),
    rowsTotal: z.number().int(),
    rowsAccepted: z.number().int(),
    period,
    revision: z.number().int().nullable().describe('1 for a first report of its period; previous + 1 when it superseded rows'),
    errorCount: z.number().int(),
    thresholdS: z.number().int().nullable(),
    expectedThresholdS: z.number().int().nullable().describe("The SLA's threshold T"),
    isThresholdMismatch: z.boolean(),
    supersededUploadIds: z.array(z.uuid()),
    supersededRows: z.number().int(),
    totalsBefore: z.record(z.string(), z.number()).nullable(),
    totalsAfter: z.record(z.string(), z.number()).nullable(),
    supersededByUploadId: z.uuid().nullable(),
  })
  .meta({ id: 'Upload' });

export const UploadCreatedSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['received', 'rejected', 'accepted', 'failed']),
    rowsAccepted: z.number().int(),
    period,
    revision: z.number().int().nullable(),
    isThresholdMismatch: z.boolean(),
    isDuplicate: z.boolean().describe('The same bytes were already accepted for this unit: that upload is returned'),
    isReplay: z.boolean().describe('The Idempotency-Key was seen before: the earlier result is returned'),
  })
  .meta({ id: 'UploadCreated' });

export const UploadRejectedSchema = z
  .object({
    error: z.object({
      code: z.literal('FEED_REJECTED'),
      message: z.string(),
      details: z.object({ upload: UploadCreatedSchema, issues: z.array(FeedIssueApiSchema), issueCount: z.number().int() }),
    }),
  })
  .meta({ id: 'UploadRejected' });

export const UploadDetailSchema = z.object({ upload: UploadApiSchema, history: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'UploadDetail' });
export const UploadListSchema = z.object({ uploads: z.array(UploadApiSchema) }).meta({ id: 'UploadList' });
export const UploadIssuesSchema = z
  .object({ issues: z.array(FeedIssueApiSchema), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() })
  .meta({ id: 'UploadIssues' });

export const UnitUploadsParamsSchema = z.object({ unitId: z.uuid() });
export const UploadParamsSchema = z.object({ uploadId: z.uuid() });
export const UploadQuerySchema = z.object({
  kind: z.enum(['intervals', 'contacts']).optional(),
  template: z.string().min(1).max(100).optional().describe('Template id overriding detection, e.g. amazon-connect, nice-iex, custom'),
  fileName: z.string().min(1).max(255).optional().describe('Name to keep with the upload when the body is the raw file'),
  intervalMinutes: z.enum(['15', '30', '60', '1440']).optional().describe('For layouts that do not state the interval length'),
});
export const IssuesQuerySchema = z.object({ page: z.coerce.number().int().min(1).optional(), pageSize: z.coerce.number().int().min(1).max(1000).optional() });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function uploadToApi(u: UploadDto) {
  return UploadApiSchema.parse({ ...u, uploadedAt: u.uploadedAt.toISOString(), completedAt: iso(u.completedAt), period: { start: iso(u.period.start), end: iso(u.period.end) } });
}
export function uploadCreatedToApi(r: IngestResult) {
  const u = r.upload;
  return UploadCreatedSchema.parse({
    id: u.id,
    status: u.status,
    rowsAccepted: u.rowsAccepted,
    period: { start: iso(u.period.start), end: iso(u.period.end) },
    revision: u.revision,
    isThresholdMismatch: u.isThresholdMismatch,
    isDuplicate: r.isDuplicate,
    isReplay: r.isReplay,
  });
}
export function uploadDetailToApi(d: UploadDetail) {
  return UploadDetailSchema.parse({
    upload: uploadToApi(d.upload),
    history: d.history.map((h) => ({ ...h, uploadedAt: h.uploadedAt.toISOString(), period: { start: iso(h.period.start), end: iso(h.period.end) } })),
  });
}
export const issuesToApi = (issues: FeedIssueDto[]) => issues.map((i) => FeedIssueApiSchema.parse(i));

const FILE_TYPES = ['text/csv', 'text/plain', 'text/tab-separated-values', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

export const feedOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/units/{unitId}/uploads',
    operationId: 'uploadFeed',
    summary:
      'Upload a KPI feed file for a unit (body: the file, or multipart/form-data with a `file` field; at most 200 MB). ' +
      'Optional `Idempotency-Key` header: a repeated key returns the earlier result. Accepted or rejected whole.',
    tag: 'Feeds',
    permission: 'upload:feeds',
    pathParams: UnitUploadsParamsSchema,
    query: UploadQuerySchema,
    requestBody: [
      ...FILE_TYPES.map((contentType) => ({ contentType, description: 'The file as exported' })),
      { contentType: 'multipart/form-data', description: 'A `file` field with the file' },
    ],
    responses: {
      200: { description: 'The same file was already accepted for this unit (isDuplicate)', schema: UploadCreatedSchema },
      201: { description: 'Accepted: rows, period and revision', schema: UploadCreatedSchema },
      403: { description: "The key's role may not upload, or the unit is a vendor's and the key is the client's" },
      404: { description: 'No such unit, or not one this key delivers' },
      413: { description: 'The file is larger than 200 MB' },
      415: { description: 'Not a CSV, text or XLSX body' },
      422: { description: 'Rejected: every issue with line, column, value, code and message', schema: UploadRejectedSchema },
    },
  },
  {
    method: 'get',
    path: '/api/v1/units/{unitId}/uploads',
    operationId: 'listUnitUploads',
    summary: "A unit's uploads, newest first",
    tag: 'Feeds',
    permission: 'read:kpis',
    pathParams: UnitUploadsParamsSchema,
    responses: { 200: { description: 'The uploads', schema: UploadListSchema } },
  },
  {
    method: 'get',
    path: '/api/v1/uploads/{uploadId}',
    operationId: 'getUpload',
    summary: 'An upload with its revision history (who replaced what, and the differences in totals)',
    tag: 'Feeds',
    permission: 'read:kpis',
    pathParams: UploadParamsSchema,
    responses: { 200: { description: 'The upload', schema: UploadDetailSchema }, 404: { description: 'No such upload, or not visible to this key' } },
  },
  {
    method: 'get',
    path: '/api/v1/uploads/{uploadId}/issues',
    operationId: 'getUploadIssues',
    summary: "An upload's issues, paged",
    tag: 'Feeds',
    permission: 'read:kpis',
    pathParams: UploadParamsSchema,
    query: IssuesQuerySchema,
    responses: { 200: { description: 'The issues', schema: UploadIssuesSchema }, 404: { description: 'No such upload' } },
  },
  {
    method: 'get',
    path: '/api/v1/uploads/{uploadId}/issues.csv',
    operationId: 'getUploadIssuesCsv',
    summary: "An upload's issues as CSV (UTF-8 with BOM; cells that look like formulas are neutralised)",
    tag: 'Feeds',
    permission: 'read:kpis',
    pathParams: UploadParamsSchema,
    responses: { 200: { description: 'text/csv' }, 404: { description: 'No such upload' } },
  },
];
