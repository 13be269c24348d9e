import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useNavigate } from '@remix-run/react';
import { FormError, SelectField } from '#app/components/field';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';
import { FeedPreview } from './feed-bits';
import { templateName } from './feed-names';
import { formatBytes, type FeedFormResponse, type FeedFormValues, type FeedPreviewView, type TemplateOption, type UploadUnitOption } from './upload-types';

/** A preview needs only the first rows: of a large text file only its start is sent (an XLSX cannot be cut). */
const PREVIEW_BYTES = 1024 * 1024;

interface Shown {
  values: FeedFormValues;
  fieldErrors: Record<string, string>;
  formError: string | null;
  preview: FeedPreviewView | null;
}

interface Props {
  units: UploadUnitOption[];
  templates: TemplateOption[];
  maxBytes: number;
  /** From the page action when the form was posted without JavaScript. */
  posted: Shown | null;
  defaults: FeedFormValues;
}

/**
 * The file input is the real control; dropping a file on the box fills it. With JavaScript the form is
 * sent by XMLHttpRequest so the bytes sent can be shown; without it the browser posts the same form.
 */
export function UploadForm({ units, templates, maxBytes, posted, defaults }: Props) {
  const t = useT();
  const navigate = useNavigate();
  const inputRef = useRef<HTMLInputElement>(null);
  const [fromScript, setFromScript] = useState<Shown | null>(null);
  const [chosen, setChosen] = useState<{ name: string; size: number } | null>(null);
  const [isDragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [phase, setPhase] = useState<'idle' | 'sending' | 'processing'>('idle');
  const [sendFailed, setSendFailed] = useState(false);
  const [previewWasPartial, setPreviewWasPartial] = useState(false);
  const shown = fromScript ?? posted;
  const values = shown?.values ?? defaults;
  const errors = shown?.fieldErrors ?? {};
  const busy = phase !== 'idle';
  const percent = progress && progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : 0;

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const files = event.dataTransfer.files;
    if (!files.length || !inputRef.current) return;
    inputRef.current.files = files;
    setChosen({ name: files[0]!.name, size: files[0]!.size });
  }

  function send(intent: 'preview' | 'commit', body: FormData) {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/app/feeds/upload-file?intent=${intent}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) setProgress({ loaded: event.loaded, total: event.total });
    };
    xhr.upload.onload = () => setPhase('processing');
    xhr.onload = () => {
      const response = xhr.response as FeedFormResponse | null;
      if (response?.type === 'committed') {
        navigate(response.location);
        return;
      }
      setPhase('idle');
      if (response?.type === 'preview') setFromScript({ values: response.values, fieldErrors: {}, formError: null, preview: response.preview });
      else if (response?.type === 'invalid') setFromScript({ values: response.values, fieldErrors: response.fieldErrors, formError: response.formError, preview: null });
      else setSendFailed(true);
    };
    xhr.onerror = () => {
      setPhase('idle');
      setSendFailed(true);
    };
    setSendFailed(false);
    setProgress({ loaded: 0, total: 1 });
    setPhase('sending');
    xhr.send(body);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = submitter?.dataset.intent === 'preview' ? 'preview' : 'commit';
    const data = new FormData(event.currentTarget);
    // The server reads the fields before the file, so they go first.
    const body = new FormData();
    for (const name of ['unitId', 'kind', 'templateId']) body.append(name, String(data.get(name) ?? ''));
    const file = data.get('file');
    let isPartial = false;
    if (file instanceof File && file.name) {
      const isXlsx = /\.xlsx$/i.test(file.name) || file.type.includes('spreadsheetml');
      isPartial = intent === 'preview' && !isXlsx && file.size > PREVIEW_BYTES;
      body.append('file', isPartial ? file.slice(0, PREVIEW_BYTES, file.type) : file, file.name);
    }
    setPreviewWasPartial(isPartial);
    send(intent, body);
  }

  if (!units.length) return <p className="notice">{t('feedsUi.upload.noUnits')}</p>;
  const error = (name: string) => (errors[name] ? t(errors[name] as MessageKey, { size: formatBytes(maxBytes) }) : undefined);
  return (
    <>
      <FormError message={shown?.formError ? t(shown.formError as MessageKey) : undefined} />
      {sendFailed ? <FormError message={t('feedsUi.upload.sendFailed')} /> : null}
      <form method="post" encType="multipart/form-data" action="/app/feeds/upload?intent=commit" onSubmit={onSubmit} noValidate className="card">
        <SelectField label={t('feedsUi.upload.unit')} name="unitId" defaultValue={values.unitId} error={error('unitId')} options={units.map((u) => ({ value: u.id, label: u.label }))} />
        <SelectField
          label={t('feedsUi.upload.kind')}
          name="kind"
          defaultValue={values.kind}
          options={[
            { value: '', label: t('feedsUi.kind.auto') },
            { value: 'intervals', label: t('feedsUi.kind.intervals') },
            { value: 'contacts', label: t('feedsUi.kind.contacts') },
          ]}
        />
        <SelectField
          label={t('feedsUi.upload.template')}
          name="templateId"
          defaultValue={values.templateId}
          options={[{ value: '', label: t('feedsUi.upload.templateAuto') }, ...templates.map((tpl) => ({ value: tpl.id, label: `${templateName(t, tpl)} (${t(`feedsUi.kind.${tpl.kind}`)})` }))]}
        />
        <div
          className={`field drop-zone${isDragging ? ' is-dragging' : ''}${errors.file ? ' field-invalid' : ''}`}
          data-testid="drop-zone"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <label htmlFor="feed-file">{t('feedsUi.upload.file')}</label>
          <input
            ref={inputRef}
            id="feed-file"
            type="file"
            name="file"
            accept=".csv,.txt,.tsv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`feed-file-hint${errors.file ? ' feed-file-error' : ''}`}
            aria-invalid={errors.file ? true : undefined}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              setChosen(file ? { name: file.name, size: file.size } : null);
            }}
          />
          <p id="feed-file-hint" className="field-hint">
            {isDragging ? t('feedsUi.upload.dropHere') : t('feedsUi.upload.fileHint', { size: formatBytes(maxBytes) })}
          </p>
          {chosen ? <p className="muted">{t('feedsUi.upload.chosen', { name: chosen.name, size: formatBytes(chosen.size) })}</p> : null}
          {errors.file ? (
            <p id="feed-file-error" className="field-error" role="alert">
              {error('file')}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="secondary" formAction="/app/feeds/upload?intent=preview" data-intent="preview" disabled={busy}>
            {t('feedsUi.upload.preview')}
          </button>
          <button type="submit" formAction="/app/feeds/upload?intent=commit" data-intent="commit" disabled={busy}>
            {t('feedsUi.upload.commit')}
          </button>
        </div>
        {progress && phase !== 'idle' ? (
          <div className="upload-progress">
            <label htmlFor="upload-progress">{t('feedsUi.upload.progressLabel')}</label>
            <progress id="upload-progress" max={100} value={percent} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} />
            <p role="status" aria-live="polite">
              {phase === 'processing'
                ? t('feedsUi.upload.processing')
                : t('feedsUi.upload.progressText', { loaded: formatBytes(progress.loaded), total: formatBytes(progress.total), percent: Math.floor(percent / 10) * 10 })}
            </p>
          </div>
        ) : null}
      </form>
      {shown?.preview ? (
        <>
          {posted && !fromScript ? <p className="notice">{t('feedsUi.upload.chooseAgain')}</p> : null}
          {previewWasPartial && fromScript ? <p className="muted">{t('feedsUi.upload.previewPartial')}</p> : null}
          <FeedPreview preview={shown.preview} />
        </>
      ) : null}
    </>
  );
}
