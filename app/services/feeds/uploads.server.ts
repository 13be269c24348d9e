/** Reading uploads back: the list, one upload with its issues and revision history, the error report. */
import { and, asc, count, desc, eq, gt, inArray, lt, or } from 'drizzle-orm';
import { deliveryUnits, feedUploadIssues, feedUploads } from '#db/schema/index';
import { notFound } from '#app/lib/errors';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { issueRowToDto, uploadToDto, type FeedIssueDto, type UploadDto } from './dto.server';

export interface RevisionEntry {
  id: string;
  revision: number | null;
  uploadedBy: string;
  uploadedAt: Date;
  fileName: string;
  period: { start: Date | null; end: Date | null };
  rowsAccepted: number;
  /** Uploads whose rows this one replaced, and the totals of those rows before and of its own after. */
  supersededUploadIds: string[];
  supersededRows: number;
  totalsBefore: Record<string, number> | null;
  totalsAfter: Record<string, number> | null;
  /** after - before per component, where both are known. */
  totalsDifference: Record<string, number> | null;
  supersededByUploadId: string | null;
}

export interface UploadDetail {
  upload: UploadDto;
  issues: FeedIssueDto[];
  issuePage: { page: number; pageSize: number; total: number };
  /** Accepted uploads of the same unit whose periods overlap this one's, oldest first. */
  history: RevisionEntry[];
}

export async function listUploads(ctx: ServiceCtx, input: { unitId?: string; limit?: number; offset?: number } = {}): Promise<UploadDto[]> {
  assertCan(ctx, 'read:kpis');
  return inTenant(ctx, async (tx) => {
    // A unit the acting org cannot see is a 404, not an empty list (its uploads would be hidden anyway).
    if (input.unitId) {
      const [unit] = await tx.select({ id: deliveryUnits.id }).from(deliveryUnits).where(eq(deliveryUnits.id, input.unitId));
      if (!unit) throw notFound('Unit not found');
    }
    const rows = await tx
      .select()
      .from(feedUploads)
      .where(input.unitId ? eq(feedUploads.unitId, input.unitId) : undefined)
      .orderBy(desc(feedUploads.uploadedAt), desc(feedUploads.id))
      .limit(Math.min(Math.max(input.limit ?? 50, 1), 500))
      .offset(Math.max(input.offset ?? 0, 0));
    return rows.map(uploadToDto);
  });
}

function difference(before: Record<string, number> | null, after: Record<string, number> | null): Record<string, number> | null {
  if (!before || !after) return null;
  const result: Record<string, number> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] !== undefined && after[name] !== undefined) result[name] = Math.round((after[name]! - before[name]!) * 1000) / 1000;
  }
  return result;
}

/** One upload as the acting org may see it (row-level security: a vendor, only its own; else 404). */
export async function getUpload(ctx: ServiceCtx, uploadId: string, options: { page?: number; pageSize?: number } = {}): Promise<UploadDetail> {
  assertCan(ctx, 'read:kpis');
  const pageSize = Math.min(Math.max(options.pageSize ?? 100, 1), 1000);
  const page = Math.max(options.page ?? 1, 1);
  return inTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(feedUploads).where(eq(feedUploads.id, uploadId));
    if (!row) throw notFound('Upload not found');
    const issueRows = await tx
      .select()
      .from(feedUploadIssues)
      .where(and(eq(feedUploadIssues.clientOrgId, row.clientOrgId), eq(feedUploadIssues.uploadId, uploadId)))
      .orderBy(asc(feedUploadIssues.seq))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const [total] = await tx
      .select({ n: count() })
      .from(feedUploadIssues)
      .where(and(eq(feedUploadIssues.clientOrgId, row.clientOrgId), eq(feedUploadIssues.uploadId, uploadId)));
    let history: RevisionEntry[] = [];
    if (row.status === 'accepted' && row.periodStart && row.periodEnd) {
      const related = await tx
        .select()
        .from(feedUploads)
        .where(
          and(
            eq(feedUploads.clientOrgId, row.clientOrgId),
            eq(feedUploads.unitId, row.unitId),
            eq(feedUploads.status, 'accepted'),
            or(
              and(lt(feedUploads.periodStart, row.periodEnd), gt(feedUploads.periodEnd, row.periodStart)),
              inArray(feedUploads.id, row.supersededUploadIds.length ? row.supersededUploadIds : [row.id]),
            ),
          ),
        )
        .orderBy(asc(feedUploads.uploadedAt), asc(feedUploads.id));
      history = related.map((u) => ({
        id: u.id,
        revision: u.revision,
        uploadedBy: u.uploadedByLabel,
        uploadedAt: u.uploadedAt,
        fileName: u.fileName,
        period: { start: u.periodStart, end: u.periodEnd },
        rowsAccepted: u.rowsAccepted,
        supersededUploadIds: u.supersededUploadIds,
        supersededRows: u.supersededRows,
        totalsBefore: u.totalsBefore ?? null,
        totalsAfter: u.totalsAfter ?? null,
        totalsDifference: difference(u.totalsBefore ?? null, u.totalsAfter ?? null),
        supersededByUploadId: u.supersededByUploadId,
      }));
    }
    return { upload: uploadToDto(row), issues: issueRows.map(issueRowToDto), issuePage: { page, pageSize, total: total?.n ?? 0 }, history };
  });
}

/** Spreadsheet apps run a cell that starts like a formula; a leading apostrophe makes it text. */
export function neutraliseCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = neutraliseCell(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The error report as CSV: UTF-8 with a BOM so Excel reads it as UTF-8, formula-like cells neutralised. */
export async function issuesCsv(ctx: ServiceCtx, uploadId: string): Promise<{ fileName: string; csv: string }> {
  const detail = await getUpload(ctx, uploadId, { pageSize: 1 });
  const issues = await inTenant(ctx, (tx) =>
    tx.select().from(feedUploadIssues).where(eq(feedUploadIssues.uploadId, uploadId)).orderBy(asc(feedUploadIssues.seq)),
  );
  const lines = [['line', 'column', 'value', 'code', 'severity', 'message'].join(',')];
  for (const issue of issues) lines.push([issue.line, issue.column, issue.value, issue.code, issue.severity, issue.message].map(csvCell).join(','));
  const base = detail.upload.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'upload';
  return { fileName: `${base}-errors.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n` };
}
