/** What the feed services hand to routes and the UI: never database rows. */
import type { feedUploadIssues, feedUploads, FeedKind, UploadStatus } from '#db/schema/index';
import type { MappingIssue } from '#app/domain/feeds/canonical';

export interface FeedIssueDto {
  line: number | null;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface UploadDto {
  id: string;
  unitId: string;
  vendorOrgId: string | null;
  kind: FeedKind;
  templateId: string | null;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string | null;
  uploadedBy: string;
  uploadedAt: Date;
  completedAt: Date | null;
  status: UploadStatus;
  rowsTotal: number;
  rowsAccepted: number;
  period: { start: Date | null; end: Date | null };
  revision: number | null;
  errorCount: number;
  warningCount: number;
  thresholdS: number | null;
  expectedThresholdS: number | null;
  isThresholdMismatch: boolean;
  supersededUploadIds: string[];
  supersededRows: number;
  totalsBefore: Record<string, number> | null;
  totalsAfter: Record<string, number> | null;
  supersededByUploadId: string | null;
  crossCheck: Record<string, unknown> | null;
  failureMessage: string | null;
}

export function uploadToDto(row: typeof feedUploads.$inferSelect): UploadDto {
  return {
    id: row.id,
    unitId: row.unitId,
    vendorOrgId: row.vendorOrgId,
    kind: row.kind,
    templateId: row.templateId,
    fileName: row.fileName,
    contentType: row.contentType,
    byteSize: row.byteSize,
    sha256: row.sha256,
    uploadedBy: row.uploadedByLabel,
    uploadedAt: row.uploadedAt,
    completedAt: row.completedAt,
    status: row.status,
    rowsTotal: row.rowsTotal,
    rowsAccepted: row.rowsAccepted,
    period: { start: row.periodStart, end: row.periodEnd },
    revision: row.revision,
    errorCount: row.errorCount,
    warningCount: row.warningCount,
    thresholdS: row.thresholdS,
    expectedThresholdS: row.expectedThresholdS,
    isThresholdMismatch: row.isThresholdMismatch,
    supersededUploadIds: row.supersededUploadIds,
    supersededRows: row.supersededRows,
    totalsBefore: row.totalsBefore ?? null,
    totalsAfter: row.totalsAfter ?? null,
    supersededByUploadId: row.supersededByUploadId,
    crossCheck: row.crossCheck ?? null,
    failureMessage: row.failureMessage,
  };
}

export function issueToDto(issue: MappingIssue): FeedIssueDto {
  return {
    line: issue.line ?? null,
    column: issue.column ?? null,
    value: issue.value ?? null,
    code: issue.code,
    message: issue.message,
    severity: issue.severity ?? 'error',
  };
}

export function issueRowToDto(row: typeof feedUploadIssues.$inferSelect): FeedIssueDto {
  return { line: row.line, column: row.column, value: row.value, code: row.code, message: row.message, severity: row.severity };
}
