/**
 * The custom column mapping editor's use cases: keep a sample file of the unknown layout, show its
 * columns, preview a draft mapping on it exactly as an upload would read it (same decoding, sniffing and
 * template code, through previewFeed), and save the mapping once it reads the sample. Who may: those who
 * set the unit's feed settings (the client's program managers and owners).
 */
import { FeedFileError } from '#app/domain/feeds';
import { parseCustomMapping, type CustomMapping } from '#app/domain/feeds/templates';
import { BlobTooLargeError, bytesOf, getBlobStore } from '#app/lib/blob-store.server';
import { AppError, forbidden } from '#app/lib/errors';
import type { MappingSampleView } from '#app/components/feeds/mapping-types';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { issueToDto, type FeedIssueDto } from './dto.server';
import { previewFeed, type UploadPreview } from './preview.server';
import { CUSTOM_TEMPLATE_ID, fileIssue, openFeed } from './read.server';
import { setUnitCustomMapping } from './settings.server';
import { FeedTooLargeError, loadUnitFeedContext, type UnitFeedContext } from './unit-context.server';

/** A sample is for reading the layout: a day or a week of the export is plenty. */
export const MAX_SAMPLE_BYTES = 20 * 1024 * 1024;
/** Rows read for the columns' sample values. */
const SAMPLE_ROWS = 20;
const VALUES_PER_COLUMN = 3;

export interface SampleRef {
  sha256: string;
  fileName: string;
  contentType: string;
}

export interface MappingEditorDto {
  unitId: string;
  unitName: string;
  timeZone: string;
  queueNames: string[];
  saved: CustomMapping | null;
  /** False while the unit has no saved feed settings: saving a mapping saves the default schedule too. */
  isSettingsSaved: boolean;
}

/** A sample that cannot be read (encoding, no header, a duplicate column name…), with the reader's reason. */
export class SampleUnreadableError extends AppError {
  constructor(readonly issue: FeedIssueDto) {
    super('UNPROCESSABLE', issue.message, { code: 'sample_unreadable' });
  }
}

/** The sample is no longer stored (or never was): upload it again. */
export class SampleMissingError extends AppError {
  constructor() {
    super('UNPROCESSABLE', 'The sample file is no longer stored; upload it again.', { code: 'sample_missing' });
  }
}

/** Saving was refused: the mapping reads no row of the sample. The preview says why. */
export class SampleUnmappedError extends AppError {
  constructor(readonly preview: UploadPreview) {
    super('UNPROCESSABLE', 'The mapping reads none of the sample rows.', { code: 'sample_unmapped' });
  }
}

async function loadClientUnit(ctx: ServiceCtx, unitId: string): Promise<UnitFeedContext> {
  assertCan(ctx, 'write:programs');
  const unit = await inTenant(ctx, (tx) => loadUnitFeedContext(tx, unitId));
  if (unit.clientOrgId !== ctx.orgId) throw forbidden('Only the client sets feed settings');
  return unit;
}

const sampleScope = (unit: UnitFeedContext) => `mapping-samples-${unit.clientOrgId}`;

function openSample(unit: UnitFeedContext, ref: SampleRef): AsyncIterable<Uint8Array> {
  if (!/^[0-9a-f]{64}$/.test(ref.sha256)) throw new SampleMissingError();
  return getBlobStore().open(`${sampleScope(unit)}/${ref.sha256}`);
}

const isMissingFile = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** The saved mapping as the schema reads it (null when none, or one an older version saved that no longer parses). */
function savedMappingOf(unit: UnitFeedContext): CustomMapping | null {
  if (!unit.settings.customMapping) return null;
  const parsed = parseCustomMapping(unit.settings.customMapping);
  return parsed.ok ? parsed.mapping : null;
}

export async function getCustomMappingEditor(ctx: ServiceCtx, unitId: string): Promise<MappingEditorDto> {
  const unit = await loadClientUnit(ctx, unitId);
  return {
    unitId: unit.unitId,
    unitName: unit.unitName,
    timeZone: unit.timeZone,
    queueNames: [...unit.queues.values()].map((q) => q.name).sort((a, b) => a.localeCompare(b)),
    saved: savedMappingOf(unit),
    isSettingsSaved: unit.settings.isSaved,
  };
}

/** Keeps the sample (its bytes as sent, capped at MAX_SAMPLE_BYTES) and reads its columns. */
export async function storeMappingSample(
  ctx: ServiceCtx,
  input: { unitId: string; fileName: string; contentType: string; body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> },
): Promise<MappingSampleView> {
  const unit = await loadClientUnit(ctx, input.unitId);
  let stored;
  try {
    stored = await getBlobStore().put(sampleScope(unit), bytesOf(input.body), { maxBytes: MAX_SAMPLE_BYTES });
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw new FeedTooLargeError(MAX_SAMPLE_BYTES);
    throw error;
  }
  return sampleOf(unit, { sha256: stored.sha256, fileName: input.fileName, contentType: input.contentType });
}

export async function readMappingSample(ctx: ServiceCtx, unitId: string, ref: SampleRef): Promise<MappingSampleView> {
  return sampleOf(await loadClientUnit(ctx, unitId), ref);
}

async function sampleOf(unit: UnitFeedContext, ref: SampleRef): Promise<MappingSampleView> {
  try {
    const opened = await openFeed(openSample(unit, ref), unit, { fileName: ref.fileName, contentType: ref.contentType });
    const header = opened.reader.header;
    const values = header.map(() => [] as string[]);
    let rows = 0;
    for await (const record of opened.records) {
      header.forEach((name, i) => {
        const value = record.values[name] ?? '';
        if (value !== '' && values[i]!.length < VALUES_PER_COLUMN && !values[i]!.includes(value)) values[i]!.push(value);
      });
      if (++rows >= SAMPLE_ROWS) break;
    }
    // A file no platform template reads falls back to the saved mapping: it reads the layout only when it finds all its columns.
    const template = opened.template && (opened.template.id !== CUSTOM_TEMPLATE_ID || opened.template.detect(header) === 1) ? opened.template : null;
    return { ...ref, header, values, detectedTemplate: template ? { id: template.id, label: template.label } : null };
  } catch (error) {
    if (error instanceof FeedFileError) throw new SampleUnreadableError(issueToDto(fileIssue(error)));
    if (isMissingFile(error)) throw new SampleMissingError();
    throw error;
  }
}

/** The first rows of the sample mapped with the draft, as the upload page's preview shows them. */
export async function previewMappingOnSample(ctx: ServiceCtx, unitId: string, ref: SampleRef, mapping: CustomMapping): Promise<UploadPreview> {
  return previewDraft(await loadClientUnit(ctx, unitId), ref, mapping);
}

async function previewDraft(unit: UnitFeedContext, ref: SampleRef, mapping: CustomMapping): Promise<UploadPreview> {
  const draft: UnitFeedContext = { ...unit, settings: { ...unit.settings, customMapping: mapping } };
  try {
    return await previewFeed(draft, openSample(unit, ref), { fileName: ref.fileName, contentType: ref.contentType, templateId: CUSTOM_TEMPLATE_ID });
  } catch (error) {
    if (isMissingFile(error)) throw new SampleMissingError();
    throw error;
  }
}

/** Saves the mapping when it reads at least one row of the sample (rows with data errors are the vendor's to fix). */
export async function saveCustomMapping(ctx: ServiceCtx, unitId: string, ref: SampleRef, mapping: CustomMapping): Promise<UploadPreview> {
  const unit = await loadClientUnit(ctx, unitId);
  const preview = await previewDraft(unit, ref, mapping);
  if (preview.rows.length === 0) throw new SampleUnmappedError(preview);
  await setUnitCustomMapping(ctx, unitId, mapping);
  return preview;
}

export async function removeCustomMapping(ctx: ServiceCtx, unitId: string): Promise<void> {
  await loadClientUnit(ctx, unitId);
  await setUnitCustomMapping(ctx, unitId, null);
}
