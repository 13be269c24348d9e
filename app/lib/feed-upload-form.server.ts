/**
 * The upload form's server side, shared by the page action (plain multipart post, no JavaScript) and
 * the page's XMLHttpRequest endpoint (/app/feeds/upload-file, JSON). The file part is streamed straight
 * into previewUpload / ingestUpload as it arrives, so it must come after the unit, kind and template
 * fields (the form puts the file input last; the script builds its FormData in that order).
 */
import { unstable_parseMultipartFormData } from '@remix-run/node';
import { z } from 'zod';
import { ingestUpload, MAX_FEED_BYTES, type IngestResult } from '#app/services/feeds/ingest.server';
import { previewUpload, type UploadPreview } from '#app/services/feeds/preview.server';
import { FeedTooLargeError } from '#app/services/feeds/unit-context.server';
import type { ServiceCtx } from '#app/services/context';
import type { FeedFormValues, FeedPreviewView } from '#app/components/feeds/upload-types';

export type FeedFormIntent = 'preview' | 'commit';

export type FeedFormOutcome =
  | { type: 'invalid'; values: FeedFormValues; fieldErrors: Record<string, string>; formError: string | null }
  | { type: 'preview'; values: FeedFormValues; preview: FeedPreviewView }
  | { type: 'committed'; uploadId: string; isDuplicate: boolean };

const fieldsSchema = z.object({
  unitId: z.uuid(),
  kind: z.enum(['intervals', 'contacts']).optional(),
  templateId: z.string().trim().min(1).max(100).optional(),
});

const IntentSchema = z.enum(['preview', 'commit']);

/** The intent travels in the URL (the buttons' formaction), so it is known before the file part arrives. */
export function intentOf(request: Request): FeedFormIntent {
  const parsed = IntentSchema.safeParse(new URL(request.url).searchParams.get('intent') ?? 'commit');
  if (!parsed.success) throw new Response('Unknown action', { status: 400 });
  return parsed.data;
}

const blankToUndefined = (value: string | undefined) => (value ? value : undefined);

/** Reads the iterator without closing it when the reader stops early, so the rest can still be drained. */
function detached(iterator: AsyncIterator<Uint8Array>): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]: () => ({ next: () => iterator.next(), return: async () => ({ done: true, value: undefined }) }),
  };
}

async function drain(iterator: AsyncIterator<Uint8Array>): Promise<void> {
  for (let next = await iterator.next(); !next.done; next = await iterator.next());
}

async function textOf(data: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of data) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length > 10_000) throw new Response('Form field too long', { status: 413 });
  }
  return text + decoder.decode();
}

export function previewView(preview: UploadPreview): FeedPreviewView {
  return {
    template: preview.template,
    rows: preview.rows.map((row) => ({ ...row, at: row.at.toISOString() })),
    period: { start: preview.period.start?.toISOString() ?? null, end: preview.period.end?.toISOString() ?? null },
    issues: preview.issues,
    unknownQueues: preview.unknownQueues,
    isThresholdMismatch: preview.isThresholdMismatch,
  };
}

export async function handleFeedForm(request: Request, ctx: ServiceCtx, intent: FeedFormIntent): Promise<FeedFormOutcome> {
  const fields: Record<string, string> = {};
  const values = (): FeedFormValues => ({ unitId: fields.unitId ?? '', kind: fields.kind ?? '', templateId: fields.templateId ?? '' });
  const invalid = (fieldErrors: Record<string, string>, formError: string | null = null): FeedFormOutcome => ({ type: 'invalid', values: values(), fieldErrors, formError });
  if (!/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) return invalid({}, 'feedsUi.error.invalid');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_FEED_BYTES + 64 * 1024) return invalid({ file: 'feedsUi.error.tooLarge' });

  let outcome: FeedFormOutcome | undefined;
  try {
    await unstable_parseMultipartFormData(request, async (part) => {
      if (!part.filename) {
        if (['unitId', 'kind', 'templateId'].includes(part.name)) fields[part.name] = await textOf(part.data);
        else await textOf(part.data);
        return undefined;
      }
      const iterator = part.data[Symbol.asyncIterator]();
      if (part.name !== 'file' || outcome) {
        await drain(iterator);
        return undefined;
      }
      const parsed = fieldsSchema.safeParse({ unitId: fields.unitId, kind: blankToUndefined(fields.kind), templateId: blankToUndefined(fields.templateId) });
      if (!parsed.success) {
        await drain(iterator);
        outcome = invalid({ unitId: 'feedsUi.error.unitRequired' });
        return undefined;
      }
      const common = { ...parsed.data, fileName: part.filename, contentType: part.contentType || 'application/octet-stream' };
      if (intent === 'preview') {
        const preview = await previewUpload(ctx, { ...common, body: detached(iterator) });
        // The preview reads only the first rows; the rest of the request must still be consumed.
        await drain(iterator);
        outcome = { type: 'preview', values: values(), preview: previewView(preview) };
      } else {
        const result: IngestResult = await ingestUpload(ctx, { ...common, body: detached(iterator) });
        outcome = { type: 'committed', uploadId: result.upload.id, isDuplicate: result.isDuplicate };
      }
      return undefined;
    });
  } catch (error) {
    if (error instanceof FeedTooLargeError) return invalid({ file: 'feedsUi.error.tooLarge' });
    throw error;
  }
  if (outcome) return outcome;
  // An empty file input is sent as a part without a file name (or not at all).
  return fields.unitId ? invalid({ file: 'feedsUi.error.fileRequired' }) : invalid({ unitId: 'feedsUi.error.unitRequired', file: 'feedsUi.error.fileRequired' });
}
