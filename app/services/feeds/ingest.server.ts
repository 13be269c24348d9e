/**
 * ingestUpload: the one way a feed file enters the portal, for the upload page and the API alike.
 * Bytes are kept as sent, the file is read as a stream and validated row by row while the rows go to a
 * temp staging table by COPY; then, in the same transaction, the merge runs set-based. A rejection rolls
 * back to a savepoint and records the report in that transaction; any other error rolls the whole
 * transaction back; so an upload is accepted or rejected whole, never half-merged. The transaction locks
 * the upload's row first, which is how recovery tells a live import from a dead one
 * (recover-interrupted.server.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '#db/client';
import { analyzeStaleTables } from '#db/analyze';
import { feedUploads } from '#db/schema/index';
import { withTenant } from '#db/tenant';
import { FeedFileError } from '#app/domain/feeds';
import { deferDuplicateContactCheck, intervalRowBatches, type DeferredContactCheck, type MappingIssueCollector } from '#app/domain/feeds/canonical';
import { deferDuplicateIntervalCheck, type DeferredDuplicateCheck } from '#app/domain/feeds/canonical/interval-checks';
import { BlobTooLargeError, bytesOf, getBlobStore } from '#app/lib/blob-store.server';
import { AppError } from '#app/lib/errors';
import { logger } from '#app/lib/logger.server';
import { recordAudit } from '../audit.server';
import { recomputeAfterUpload, recomputeQuietly } from '../sla/evaluate.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { issueToDto, uploadToDto, type FeedIssueDto, type UploadDto } from './dto.server';
import { runCrossCheck } from './cross-check.server';
import { insertStagedRows, refreshDailyRollups, supersedeCurrentRows } from './merge.server';
import { fileIssue, openFeed, type OpenedFeed } from './read.server';
import { isUniqueViolation } from '../programs-common.server';
import { createStagingTables, QueueResolver, reportDuplicateIntervals, stageIntervals, StagingStats } from './stage.server';
import { rebuildStagedContacts, reportDuplicateContacts, stageContacts } from './stage-contacts.server';
import { storeIssues } from './upload-records.server';
import { assertMayUpload, FeedTooLargeError, loadUnitFeedContext, type UnitFeedContext } from './unit-context.server';

/** The API's and the upload page's cap on one file. */
export const MAX_FEED_BYTES = 200 * 1024 * 1024;

export interface IngestProgress {
  phase: 'receiving' | 'reading' | 'merging' | 'done';
  /** Within 'merging', the set-based step that starts (for progress detail and the benchmark's per-step times). */
  step?: 'supersede' | 'insert' | 'rollups' | 'cross-check' | 'record';
  bytes?: number;
  rows?: number;
}

export const ingestInputSchema = z.object({
  unitId: z.uuid(),
  kind: z.enum(['intervals', 'contacts']).optional(),
  templateId: z.string().trim().min(1).max(100).optional(),
  fileName: z.string().trim().min(1).max(255),
  contentType: z.string().max(255).default('application/octet-stream'),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  intervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60), z.literal(1440)]).optional(),
});

export interface IngestInput extends z.input<typeof ingestInputSchema> {
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
  onProgress?: (progress: IngestProgress) => void;
  /** MAX_FEED_BYTES unless given. */
  maxBytes?: number;
}

export interface IngestResult {
  upload: UploadDto;
  /** The first issues (all of them are in getUpload / issuesCsv). */
  issues: FeedIssueDto[];
  /** The same bytes were already accepted for the unit: that upload is returned, nothing changed. */
  isDuplicate: boolean;
  /** The idempotency key was seen before: the earlier result is returned. */
  isReplay: boolean;
}

const RESULT_ISSUES = 200;

class Rejected extends Error {}

async function findUpload(ctx: ServiceCtx, unit: UnitFeedContext, where: ReturnType<typeof eq>) {
  const [row] = await inTenant(ctx, (tx) =>
    tx.select().from(feedUploads).where(and(eq(feedUploads.clientOrgId, unit.clientOrgId), eq(feedUploads.unitId, unit.unitId), where)).limit(1),
  );
  return row ? uploadToDto(row) : undefined;
}

export async function ingestUpload(ctx: ServiceCtx, rawInput: IngestInput): Promise<IngestResult> {
  assertCan(ctx, 'upload:feeds');
  const input = ingestInputSchema.parse(rawInput);
  const unit = await inTenant(ctx, (tx) => loadUnitFeedContext(tx, input.unitId));
  assertMayUpload(ctx, unit);
  const replayOf = async () => (input.idempotencyKey ? findUpload(ctx, unit, eq(feedUploads.idempotencyKey, input.idempotencyKey)) : undefined);
  const earlier = await replayOf();
  if (earlier) return { upload: earlier, issues: [], isDuplicate: false, isReplay: true };

  const progress = rawInput.onProgress ?? (() => undefined);
  const maxBytes = rawInput.maxBytes ?? MAX_FEED_BYTES;
  let stored;
  try {
    stored = await getBlobStore().put(unit.clientOrgId, bytesOf(rawInput.body), { maxBytes, onBytes: (bytes) => progress({ phase: 'receiving', bytes }) });
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw new FeedTooLargeError(maxBytes);
    throw error;
  }
  const duplicate = await findUpload(ctx, unit, and(eq(feedUploads.sha256, stored.sha256), eq(feedUploads.status, 'accepted'))!);
  if (duplicate) return { upload: duplicate, issues: [], isDuplicate: true, isReplay: false };

  let uploadId: string;
  try {
    uploadId = await inTenant(ctx, async (tx) => {
      const [row] = await tx
        .insert(feedUploads)
        .values({
          clientOrgId: unit.clientOrgId,
          unitId: unit.unitId,
          vendorOrgId: unit.vendorOrgId,
          kind: input.kind ?? 'intervals',
          templateId: input.templateId ?? null,
          fileName: input.fileName,
          contentType: input.contentType,
          byteSize: stored.byteSize,
          sha256: stored.sha256,
          storageKey: stored.key,
          uploadedByUserId: ctx.actor.userId ?? null,
          uploadedByApiKeyId: ctx.actor.apiKeyId ?? null,
          uploadedByLabel: ctx.actor.label,
          idempotencyKey: input.idempotencyKey ?? null,
          expectedThresholdS: unit.slaThresholdS,
        })
        .returning({ id: feedUploads.id });
      return row!.id;
    });
  } catch (error) {
    // Two requests with one idempotency key at once: the loser answers with the winner's upload.
    const winner = await replayOf();
    if (winner) return { upload: winner, issues: [], isDuplicate: false, isReplay: true };
    throw error;
  }

  try {
    return await importStored(ctx, unit, uploadId, stored.key, input, progress);
  } catch (error) {
    // Only while still 'received': recovery (recover-interrupted.server.ts) may have failed it already,
    // and an upload's outcome is written once.
    await inTenant(ctx, (tx) =>
      tx
        .update(feedUploads)
        .set({ status: 'failed', completedAt: new Date(), failureMessage: error instanceof Error ? error.message.slice(0, 1000) : String(error) })
        .where(and(eq(feedUploads.clientOrgId, unit.clientOrgId), eq(feedUploads.id, uploadId), eq(feedUploads.status, 'received'))),
    ).catch(() => undefined);
    throw error;
  }
}

type ParsedInput = z.output<typeof ingestInputSchema>;

/**
 * How soon PostgreSQL notices that the process running an import died in the middle of a statement (the
 * merge of a large file runs for seconds) and rolls it back, releasing the upload's row lock, instead of
 * finishing the statement first. Linux servers check the socket at this interval; PGlite has no socket
 * and ignores it.
 */
const DEAD_CLIENT_CHECK = '2s';

/**
 * The first statement of the import transaction: locks the upload's own row until the transaction ends,
 * which is how recovery (recover-interrupted.server.ts, `skip locked`) tells a live import from one whose
 * process died. Runs before the drop to the tenant role (beforeTenant, as the staging does), on the
 * upload's own id. An upload that is no longer 'received' was failed as interrupted while this import
 * waited to begin (longer than RECOVERY_GRACE_MS): it stays failed and nothing is imported.
 */
async function lockUpload(tx: Tx, unit: UnitFeedContext, uploadId: string): Promise<void> {
  const [row] = await tx
    .select({ status: feedUploads.status })
    .from(feedUploads)
    .where(and(eq(feedUploads.clientOrgId, unit.clientOrgId), eq(feedUploads.id, uploadId)))
    .for('update');
  if (row?.status !== 'received') {
    throw new AppError('CONFLICT', 'The server was too busy to import this file in time and marked it interrupted; nothing from it was stored. Upload the same file again.');
  }
  await tx.execute(sql`select set_config('client_connection_check_interval', ${DEAD_CLIENT_CHECK}, true)`);
}

async function importStored(
  ctx: ServiceCtx,
  unit: UnitFeedContext,
  uploadId: string,
  storageKey: string,
  input: ParsedInput,
  progress: (p: IngestProgress) => void,
): Promise<IngestResult> {
  progress({ phase: 'reading', rows: 0 });
  let opened: OpenedFeed | undefined;
  let fileProblem: FeedIssueDto | undefined;
  const stats = new StagingStats();
  let kind = input.kind ?? 'intervals';
  let duplicates: DeferredDuplicateCheck | undefined;
  let duplicateContacts: DeferredContactCheck | undefined;
  /** The in-file duplicate rule of the upload's kind, set-based on its staging table; the lines it reported. */
  const reportDuplicates = (tx: Tx, issues: MappingIssueCollector) =>
    kind === 'intervals' ? reportDuplicateIntervals(tx, unit, issues, duplicates?.intervalStartColumn) : reportDuplicateContacts(tx, issues, duplicateContacts?.contactIdColumn);

  const stage = async (tx: Tx) => {
    await createStagingTables(tx);
    try {
      opened = await openFeed(getBlobStore().open(storageKey), unit, input);
      const { template, mappingContext, issues } = opened;
      // The in-file duplicate rules run set-based on the staging tables, not in a per-row map (memory).
      duplicates = deferDuplicateIntervalCheck(issues);
      duplicateContacts = deferDuplicateContactCheck(issues);
      if (!template || !mappingContext) {
        // Read on anyway, so the report also lists what the reader finds (formula cells, a zip bomb).
        for await (const _record of opened.records) if (issues.isFull) break;
        throw new Rejected();
      }
      kind = template.kind;
      const resolver = new QueueResolver(unit, issues);
      if (template.kind === 'intervals') {
        const batches = intervalRowBatches(template, opened.reader, mappingContext);
        await stageIntervals(tx, batches, resolver, stats, (n) => progress({ phase: 'reading', rows: n }));
      } else {
        await stageContacts(tx, template.map(opened.records, mappingContext), resolver, stats, duplicateContacts, (n) => progress({ phase: 'reading', rows: n }));
      }
      if (issues.hasErrors) {
        // The report lists duplicates beside the other problems (the valid rows are staged).
        if (!issues.isFull) await reportDuplicates(tx, issues);
        throw new Rejected();
      }
      if (template.kind === 'contacts') {
        // Interval components for the unit's SLA threshold, set-based from the staged contacts.
        await rebuildStagedContacts(tx, unit, stats, {
          intervalMinutes: 15,
          thresholdS: unit.slaThresholdS ?? 20,
          shortAbandonS: unit.shortAbandonS ?? 5,
          timeZone: unit.timeZone,
        });
      }
      if (stats.rows === 0) {
        issues.add({ code: 'file_empty', message: 'The file has no data rows.' });
        throw new Rejected();
      }
    } catch (error) {
      if (error instanceof FeedFileError) {
        fileProblem = issueToDto(fileIssue(error));
        throw new Rejected();
      }
      throw error;
    }
  };

  // The upload's row stays locked from the first statement to the end, the rejection report included: a
  // rejection rolls back to a savepoint (the staging, or the supersede and insert) and is written in the
  // same transaction, so the upload is never 'received' and unlocked while this process still works on it.
  let rejected = false;
  const lockAndStage = async (tx: Tx) => {
    await lockUpload(tx, unit, uploadId);
    try {
      await tx.transaction((sp) => stage(sp));
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
      rejected = true;
    }
  };
  const outcome = await withTenant(
    ctx.db,
    { orgId: ctx.orgId },
    async (tx): Promise<{ accepted: UploadDto } | { rejected: IngestResult }> => {
      if (rejected) return { rejected: await reject(tx, ctx, unit, uploadId, kind, opened, fileProblem) };
      progress({ phase: 'merging', rows: stats.rows });
      const ranges = stats.ranges;
      progress({ phase: 'merging', step: 'supersede' });
      // A file without duplicates (the usual case) pays nothing for the rule: the facts' keys are unique,
      // so a duplicate fails the insert, and only then does the staging table say which lines.
      let superseded: Awaited<ReturnType<typeof supersedeCurrentRows>>;
      try {
        superseded = await tx.transaction(async (sp) => {
          const replaced = await supersedeCurrentRows(sp, unit, kind, uploadId, ranges);
          progress({ phase: 'merging', step: 'insert' });
          await insertStagedRows(sp, unit, kind, uploadId, kind === 'contacts');
          return replaced;
        });
      } catch (error) {
        if (!isUniqueViolation(error) || !opened) throw error;
        if ((await reportDuplicates(tx, opened.issues)) === 0) throw error;
        return { rejected: await reject(tx, ctx, unit, uploadId, kind, opened, fileProblem) };
      }
      progress({ phase: 'merging', step: 'rollups' });
      await refreshDailyRollups(tx, unit, kind, ranges);
      progress({ phase: 'merging', step: 'cross-check' });
      const crossCheck = await runCrossCheck(tx, unit, uploadId, kind, ranges, null);
      progress({ phase: 'merging', step: 'record' });
      const fileThreshold = stats.thresholds.size === 1 ? [...stats.thresholds][0]! : null;
      const isThresholdMismatch = unit.slaThresholdS !== null && [...stats.thresholds].some((t) => t !== unit.slaThresholdS);
      const [row] = await tx
        .update(feedUploads)
        .set({
          status: 'accepted',
          kind,
          templateId: opened?.template?.id ?? null,
          mapping: opened?.template?.id === 'custom' ? unit.settings.customMapping : { templateId: opened?.template?.id, timeZone: unit.timeZone },
          completedAt: new Date(),
          rowsTotal: opened?.recordCount() ?? 0,
          rowsAccepted: kind === 'contacts' ? stats.contacts : stats.rows,
          periodStart: stats.periodStart,
          periodEnd: stats.periodEnd,
          revision: superseded.previousRevision + 1,
          warningCount: opened?.issues.all().length ?? 0,
          thresholdS: fileThreshold,
          isThresholdMismatch,
          supersededUploadIds: superseded.uploadIds,
          supersededRows: superseded.rows,
          totalsBefore: superseded.uploadIds.length ? superseded.totalsBefore : null,
          totalsAfter: stats.totals,
          crossCheck,
        })
        .where(and(eq(feedUploads.clientOrgId, unit.clientOrgId), eq(feedUploads.id, uploadId)))
        .returning();
      const warnings = opened?.issues.all() ?? [];
      if (warnings.length) await storeIssues(tx, unit, uploadId, warnings.map(issueToDto));
      await recordAudit(tx, ctx, {
        action: 'feed_upload.accept',
        objectType: 'feed_upload',
        objectId: uploadId,
        details: { unitId: unit.unitId, kind, rows: stats.rows, revision: superseded.previousRevision + 1, supersededUploadIds: superseded.uploadIds, isThresholdMismatch },
      });
      return { accepted: uploadToDto(row!) };
    },
    { beforeTenant: lockAndStage },
  );
  if ('rejected' in outcome) {
    progress({ phase: 'done' });
    return outcome.rejected;
  }
  const upload = outcome.accepted;
  await refreshStatistics(ctx, uploadId);
  progress({ phase: 'done', rows: stats.rows });
  // A new revision in an open month re-evaluates its SLAs (a closed month ignores it until reopened).
  await recomputeQuietly(
    () => recomputeAfterUpload(ctx.db, { clientOrgId: unit.clientOrgId, unitId: unit.unitId, periodStart: upload.period.start, periodEnd: upload.period.end }),
    { uploadId, unitId: unit.unitId },
  );
  return { upload, issues: [], isDuplicate: false, isReplay: false };
}

/** Tables an accepted upload writes in bulk: a large first load leaves their planner statistics stale. */
const FEED_TABLES = ['interval_facts', 'contact_records', 'interval_daily_rollups'] as const;

/**
 * Analyzes the feed tables this upload made stale (db/analyze.ts), before anything reads them: the SLA
 * recompute next, then the dashboards. The upload is already committed, so a failure is logged, not thrown.
 */
async function refreshStatistics(ctx: ServiceCtx, uploadId: string): Promise<void> {
  try {
    const tables = await analyzeStaleTables(ctx.db, FEED_TABLES);
    if (tables.length) logger.info({ uploadId, tables }, 'analyzed feed tables after an upload');
  } catch (error) {
    logger.error({ err: error, uploadId }, 'analyze after an upload failed');
  }
}

/** The rejection report, written in the import's own transaction (tenant scope) after its rollback to a savepoint. */
async function reject(
  tx: Tx,
  ctx: ServiceCtx,
  unit: UnitFeedContext,
  uploadId: string,
  kind: 'intervals' | 'contacts',
  opened: OpenedFeed | undefined,
  fileProblem: FeedIssueDto | undefined,
): Promise<IngestResult> {
  const collected: MappingIssueCollector | undefined = opened?.issues;
  const issues = [...(collected?.all().map(issueToDto) ?? []), ...(fileProblem ? [fileProblem] : [])];
  const errorCount = issues.filter((i) => i.severity === 'error').length;
  await storeIssues(tx, unit, uploadId, issues);
  const [row] = await tx
    .update(feedUploads)
    .set({
      status: 'rejected',
      kind,
      templateId: opened?.template?.id ?? null,
      completedAt: new Date(),
      rowsTotal: opened?.recordCount() ?? 0,
      errorCount,
      warningCount: issues.length - errorCount,
    })
    .where(and(eq(feedUploads.clientOrgId, unit.clientOrgId), eq(feedUploads.id, uploadId)))
    .returning();
  await recordAudit(tx, ctx, {
    action: 'feed_upload.reject',
    objectType: 'feed_upload',
    objectId: uploadId,
    details: { unitId: unit.unitId, errorCount, codes: [...new Set(issues.map((i) => i.code))].slice(0, 20) },
  });
  return { upload: uploadToDto(row!), issues: issues.slice(0, RESULT_ISSUES), isDuplicate: false, isReplay: false };
}
