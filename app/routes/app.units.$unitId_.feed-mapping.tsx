import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect, unstable_parseMultipartFormData } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { FormError } from '#app/components/field';
import { FeedPreview } from '#app/components/feeds/feed-bits';
import { issueReason, templateName } from '#app/components/feeds/feed-names';
import { MappingForm } from '#app/components/feeds/mapping-editor';
import { SavedMappingSummary } from '#app/components/feeds/mapping-summary';
import type { MappingFormErrors, MappingFormValues, MappingSampleView } from '#app/components/feeds/mapping-types';
import { formatBytes, type FeedIssueView, type FeedPreviewView } from '#app/components/feeds/upload-types';
import type { Locale, MessageKey, Translate } from '#app/i18n/index';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { previewView } from '#app/lib/feed-upload-form.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import type { ServiceCtx } from '#app/services/context';
import { mappingFormFromSaved, mappingFromForm, readMappingForm } from '#app/services/feeds/mapping-form.server';
import {
  getCustomMappingEditor,
  MAX_SAMPLE_BYTES,
  previewMappingOnSample,
  readMappingSample,
  removeCustomMapping,
  SampleMissingError,
  SampleUnmappedError,
  SampleUnreadableError,
  saveCustomMapping,
  storeMappingSample,
  type MappingEditorDto,
} from '#app/services/feeds/mapping-sample.server';
import { FeedTooLargeError } from '#app/services/feeds/unit-context.server';
import feedsStyles from '#app/styles/feeds.css?url';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.feedMapping', { unit: data?.editor.unitName });
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: feedsStyles },
  { rel: 'stylesheet', href: programsStyles },
];

interface Message {
  key: MessageKey;
  params?: Record<string, string>;
  /** A file issue whose reason fills {reason} in the reader's language. */
  issue?: Pick<FeedIssueView, 'code' | 'message' | 'column' | 'value'>;
}

/** What the page shows after a post: the sample and its mapping form, errors, and the preview. */
interface EditorState {
  sample: MappingSampleView | null;
  values: MappingFormValues | null;
  errors: MappingFormErrors;
  fileError: Message | null;
  formError: Message | null;
  preview: FeedPreviewView | null;
}

const EMPTY: EditorState = { sample: null, values: null, errors: {}, fileError: null, formError: null, preview: null };

/** Those who set the unit's feed settings build its mapping; another tenant's unit is a 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  const editor = await getCustomMappingEditor(ctx, idParam(params.unitId)).catch(throwHttpError);
  const url = new URL(request.url);
  const notice = url.searchParams.has('saved') ? 'saved' : url.searchParams.has('removed') ? 'removed' : null;
  return { editor, notice, maxBytes: MAX_SAMPLE_BYTES };
}

const SampleRefSchema = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string().trim().min(1).max(255), contentType: z.string().max(255) });
const IntentSchema = z.enum(['preview', 'save', 'remove']);

/** Steps: upload a sample (multipart) -> map its columns -> preview -> save; each a plain form post. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  const editor = await getCustomMappingEditor(ctx, idParam(params.unitId)).catch(throwHttpError);
  if (/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) return sampleStep(request, ctx, editor);

  const form = Object.fromEntries([...(await request.formData())].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const intent = IntentSchema.safeParse(form.intent);
  if (!intent.success) throw new Response('Unknown action', { status: 400 });
  if (intent.data === 'remove') {
    await removeCustomMapping(ctx, editor.unitId).catch(throwHttpError);
    return redirect(`/app/units/${editor.unitId}/feed-mapping?removed=1`);
  }
  const ref = SampleRefSchema.safeParse({ sha256: form.sampleSha, fileName: form.sampleName, contentType: form.sampleType ?? '' });
  if (!ref.success) return data({ ...EMPTY, formError: { key: 'feedsUi.mapping.error.sampleMissing' } }, { status: 422 });
  let sample: MappingSampleView;
  try {
    sample = await readMappingSample(ctx, editor.unitId, ref.data);
  } catch (error) {
    const fileError = sampleErrorOf(error);
    return data({ ...EMPTY, fileError }, { status: 422 });
  }
  const values = readMappingForm(form, sample.header.length);
  const mapped = mappingFromForm(values, sample.header);
  if (!mapped.ok) return data({ ...EMPTY, sample, values, errors: mapped.errors }, { status: 422 });
  if (intent.data === 'preview') {
    const preview = await previewMappingOnSample(ctx, editor.unitId, ref.data, mapped.mapping).catch(throwHttpError);
    return data({ ...EMPTY, sample, values, preview: previewView(preview) });
  }
  try {
    await saveCustomMapping(ctx, editor.unitId, ref.data, mapped.mapping);
  } catch (error) {
    if (!(error instanceof SampleUnmappedError)) throwHttpError(error);
    return data({ ...EMPTY, sample, values, formError: { key: 'feedsUi.mapping.error.noRowMapped' }, preview: previewView(error.preview) }, { status: 422 });
  }
  return redirect(`/app/units/${editor.unitId}/feed-mapping?saved=1`);
}

function sampleErrorOf(error: unknown): Message {
  if (error instanceof SampleUnreadableError) return { key: 'feedsUi.mapping.error.sampleUnreadable', params: { reason: error.issue.message }, issue: error.issue };
  if (error instanceof SampleMissingError) return { key: 'feedsUi.mapping.error.sampleMissing' };
  if (error instanceof FeedTooLargeError) return { key: 'feedsUi.error.tooLarge', params: { size: formatBytes(MAX_SAMPLE_BYTES) } };
  return throwHttpError(error);
}

async function sampleStep(request: Request, ctx: ServiceCtx, editor: MappingEditorDto) {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_SAMPLE_BYTES + 64 * 1024) return data({ ...EMPTY, fileError: sampleErrorOf(new FeedTooLargeError(MAX_SAMPLE_BYTES)) }, { status: 422 });
  let sample: MappingSampleView | undefined;
  try {
    await unstable_parseMultipartFormData(request, async (part) => {
      if (part.name === 'file' && part.filename && !sample) {
        sample = await storeMappingSample(ctx, { unitId: editor.unitId, fileName: part.filename, contentType: part.contentType || 'application/octet-stream', body: part.data });
      } else {
        for await (const _chunk of part.data);
      }
      return undefined;
    });
  } catch (error) {
    return data({ ...EMPTY, fileError: sampleErrorOf(error) }, { status: 422 });
  }
  if (!sample) return data({ ...EMPTY, fileError: { key: 'feedsUi.error.fileRequired' } }, { status: 422 });
  return data({ ...EMPTY, sample, values: mappingFormFromSaved(editor.saved, sample.header) });
}

const messageText = (t: Translate, locale: Locale, message: Message) =>
  t(message.key, message.issue ? { ...message.params, reason: issueReason(t, locale, message.issue) } : message.params);

export default function FeedMappingPage() {
  const t = useT();
  const locale = useLocale();
  const { editor, notice, maxBytes } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as EditorState | undefined;
  const busy = useNavigation().state === 'submitting';
  const fileError = posted?.fileError ? messageText(t, locale, posted.fileError) : undefined;
  const detected = posted?.sample?.detectedTemplate;
  return (
    <>
      <p>
        <Link to={`/app/units/${editor.unitId}/feed-settings`}>{t('feedsUi.settings.link')}</Link> · <Link to={`/app/units/${editor.unitId}`}>{editor.unitName}</Link>
      </p>
      <h1>{t('feedsUi.mapping.title', { unit: editor.unitName })}</h1>
      <p className="muted">{t('feedsUi.mapping.intro')}</p>
      {notice ? (
        <p className="notice" role="status">
          {t(notice === 'saved' ? 'feedsUi.mapping.saved' : 'feedsUi.mapping.removed')}
        </p>
      ) : null}
      {!editor.isSettingsSaved ? <p className="notice warn">{t('feedsUi.mapping.settingsNotSaved')}</p> : null}

      <section className="card" aria-labelledby="mapping-current">
        <h2 id="mapping-current">{t('feedsUi.mapping.current')}</h2>
        {editor.saved ? (
          <>
            <SavedMappingSummary mapping={editor.saved} programTimeZone={editor.timeZone} />
            <Form method="post">
              <button type="submit" name="intent" value="remove" className="danger" disabled={busy}>
                {t('feedsUi.mapping.remove')}
              </button>
            </Form>
          </>
        ) : (
          <p className="muted">{t('feedsUi.mapping.none')}</p>
        )}
      </section>

      <form method="post" encType="multipart/form-data" noValidate className="card" aria-labelledby="mapping-step1">
        <h2 id="mapping-step1">{t('feedsUi.mapping.step1')}</h2>
        <div className={`field${fileError ? ' field-invalid' : ''}`}>
          <label htmlFor="mapping-sample">{t('feedsUi.mapping.sampleFile')}</label>
          <input
            id="mapping-sample"
            type="file"
            name="file"
            accept=".csv,.txt,.tsv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`mapping-sample-hint${fileError ? ' mapping-sample-error' : ''}`}
            aria-invalid={fileError ? true : undefined}
          />
          <p id="mapping-sample-hint" className="field-hint">
            {t('feedsUi.mapping.sampleHint', { size: formatBytes(maxBytes) })}
          </p>
          {fileError ? (
            <p id="mapping-sample-error" className="field-error" role="alert">
              {fileError}
            </p>
          ) : null}
        </div>
        <button type="submit" disabled={busy}>
          {t('feedsUi.mapping.readSample')}
        </button>
      </form>

      <FormError message={posted?.formError ? t(posted.formError.key, posted.formError.params) : undefined} />
      {posted?.sample && posted.values ? (
        <>
          {detected ? (
            <p className="notice warn" role="status">
              {detected.id === 'custom' ? t('feedsUi.mapping.detectedSaved') : t('feedsUi.mapping.detectedPlatform', { label: templateName(t, detected) })}
            </p>
          ) : null}
          {/* Above the long form, so the result of Preview is seen without scrolling past every column. */}
          {posted.preview ? <FeedPreview preview={posted.preview} /> : null}
          <MappingForm sample={posted.sample} values={posted.values} errors={posted.errors} queueNames={editor.queueNames} programTimeZone={editor.timeZone} busy={busy} />
        </>
      ) : null}
    </>
  );
}
