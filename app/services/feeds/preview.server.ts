/**
 * What the upload page shows before the commit: the detected template, the first rows mapped to
 * components, the period they cover and the issues so far. Reads only the start of the file; no writes.
 */
import { FeedFileError } from '#app/domain/feeds';
import type { ContactRow, IntervalRow } from '#app/domain/feeds/canonical';
import { FEED_TEMPLATES } from '#app/domain/feeds/templates';
import { bytesOf } from '#app/lib/blob-store.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { issueToDto, type FeedIssueDto } from './dto.server';
import { fileIssue, openFeed, type ReadOptions } from './read.server';
import { assertMayUpload, loadUnitFeedContext, type UnitFeedContext } from './unit-context.server';

export const PREVIEW_ROWS = 20;

export interface PreviewRow {
  line: number;
  queue: string;
  channel: string;
  /** Interval start, or the contact's queued-at time. */
  at: Date;
  intervalMinutes: number | null;
  thresholdS: number | null;
  /** Components (intervals) or the contact's fields (contacts). */
  values: Record<string, number | string | boolean | null>;
}

export interface UploadPreview {
  template: { id: string; label: string; kind: 'intervals' | 'contacts' } | null;
  /** Every template, for the override picker. */
  templates: Array<{ id: string; label: string; kind: 'intervals' | 'contacts' }>;
  header: string[];
  rows: PreviewRow[];
  /** Of the previewed rows only. */
  period: { start: Date | null; end: Date | null };
  issues: FeedIssueDto[];
  unknownQueues: string[];
  isThresholdMismatch: boolean;
}

export interface PreviewInput extends ReadOptions {
  unitId: string;
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
}

export async function previewUpload(ctx: ServiceCtx, input: PreviewInput): Promise<UploadPreview> {
  assertCan(ctx, 'upload:feeds');
  const unit = await inTenant(ctx, (tx) => loadUnitFeedContext(tx, input.unitId));
  assertMayUpload(ctx, unit);
  return previewFeed(unit, bytesOf(input.body), input);
}

/** The preview of a file read for `unit` (its saved or a draft custom mapping included); the caller checks access. */
export async function previewFeed(unit: UnitFeedContext, source: AsyncIterable<Uint8Array>, options: ReadOptions): Promise<UploadPreview> {
  const preview: UploadPreview = {
    template: null,
    templates: FEED_TEMPLATES.map((t) => ({ id: t.id, label: t.label, kind: t.kind })),
    header: [],
    rows: [],
    period: { start: null, end: null },
    issues: [],
    unknownQueues: [],
    isThresholdMismatch: false,
  };
  try {
    const opened = await openFeed(source, unit, options);
    preview.header = opened.reader.header;
    if (opened.template && opened.mappingContext) {
      const { template } = opened;
      preview.template = { id: template.id, label: template.label, kind: template.kind };
      for await (const row of template.map(opened.records, opened.mappingContext) as AsyncIterable<IntervalRow | ContactRow>) {
        const previewRow = 'contactId' in row ? contactPreview(row) : intervalPreview(row);
        preview.rows.push(previewRow);
        const end = new Date(previewRow.at.getTime() + (previewRow.intervalMinutes ?? 0) * 60_000);
        if (!preview.period.start || previewRow.at < preview.period.start) preview.period.start = previewRow.at;
        if (!preview.period.end || end > preview.period.end) preview.period.end = end;
        if (!unit.queues.has(row.queue.toLowerCase()) && !preview.unknownQueues.includes(row.queue)) preview.unknownQueues.push(row.queue);
        if ('thresholdS' in row && row.thresholdS !== null && unit.slaThresholdS !== null && row.thresholdS !== unit.slaThresholdS) preview.isThresholdMismatch = true;
        if (preview.rows.length >= PREVIEW_ROWS) break;
      }
    }
    preview.issues = opened.issues.all().map(issueToDto);
  } catch (error) {
    if (!(error instanceof FeedFileError)) throw error;
    preview.issues.push(issueToDto(fileIssue(error)));
  }
  return preview;
}

function intervalPreview(row: IntervalRow): PreviewRow {
  return { line: row.line, queue: row.queue, channel: row.channel, at: row.intervalStart, intervalMinutes: row.intervalMinutes, thresholdS: row.thresholdS, values: { ...row.components } };
}

function contactPreview(row: ContactRow): PreviewRow {
  return {
    line: row.line,
    queue: row.queue,
    channel: row.channel,
    at: row.queuedAt,
    intervalMinutes: null,
    thresholdS: null,
    values: {
      contact_id: row.contactId,
      answered_at: row.answeredAt?.toISOString() ?? null,
      abandoned_at: row.abandonedAt?.toISOString() ?? null,
      talk_s: row.talkS,
      hold_s: row.holdS,
      wrap_s: row.wrapS,
      transferred: row.transferred,
      fcr_resolved: row.fcrResolved,
      csat_score: row.csatScore,
      nps_score: row.npsScore,
    },
  };
}
