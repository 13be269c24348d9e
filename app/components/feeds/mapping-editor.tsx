/**
 * Step 2 of the custom mapping editor: what each column of the sample holds, the time format and zone,
 * the interval length and the defaults. A plain form: Preview and Save post it, with or without JavaScript.
 */
import { useEffect, useRef } from 'react';
import { Field } from '#app/components/field';
import { CHANNELS, INTERVAL_MINUTES } from '#app/domain/feeds/canonical/types';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';
import { controlId, MappingColumn, MappingSelect, useErrorText } from './mapping-columns';
import { FORM_LEVEL, TIMESTAMP_FORMATS, type MappingFormErrors, type MappingFormValues, type MappingSampleView } from './mapping-types';

interface Props {
  sample: MappingSampleView;
  values: MappingFormValues;
  errors: MappingFormErrors;
  queueNames: string[];
  programTimeZone: string;
  busy: boolean;
}

export function MappingForm({ sample, values, errors, queueNames, programTimeZone, busy }: Props) {
  const t = useT();
  const errorText = useErrorText();
  const err = (control: string) => errorText(errors[control]);
  const columnsError = err(FORM_LEVEL.start) ?? err(FORM_LEVEL.columns);
  return (
    <form method="post" noValidate className="card" aria-labelledby="mapping-step2" key={JSON.stringify(values)}>
      <h2 id="mapping-step2">{t('feedsUi.mapping.step2')}</h2>
      <p>{t('feedsUi.mapping.sampleSummary', { file: sample.fileName, count: sample.header.length })}</p>
      <input type="hidden" name="sampleSha" value={sample.sha256} />
      <input type="hidden" name="sampleName" value={sample.fileName} />
      <input type="hidden" name="sampleType" value={sample.contentType} />
      <MappingErrorSummary errors={errors} header={sample.header} />
      <fieldset className="field-group" id={controlId('columns')} aria-describedby={columnsError ? `${controlId('columns')}-error` : undefined}>
        <legend>{t('feedsUi.mapping.columnsLegend')}</legend>
        {columnsError ? (
          <p id={`${controlId('columns')}-error`} className="field-error" role="alert">
            {[err(FORM_LEVEL.start), err(FORM_LEVEL.columns)].filter(Boolean).join(' ')}
          </p>
        ) : null}
        <div className="mapping-columns" style={{ display: 'grid', gap: '0.75rem', gridTemplateColumns: 'repeat(auto-fill, minmax(17rem, 1fr))' }}>
          {sample.header.map((name, index) => (
            <MappingColumn key={name} index={index} name={name} values={sample.values[index] ?? []} column={values.columns[index] ?? { role: '', unit: '', averageOf: '' }} errors={errors} />
          ))}
        </div>
      </fieldset>
      <fieldset className="field-group">
        <legend>{t('feedsUi.mapping.timeLegend')}</legend>
        <MappingSelect control="timestampFormat" label={t('feedsUi.mapping.timestampFormat')} defaultValue={values.timestampFormat} error={err('timestampFormat')}>
          {TIMESTAMP_FORMATS.map((format) => (
            <option key={format} value={format}>
              {t(`feedsUi.mapping.format.${format}`)}
            </option>
          ))}
        </MappingSelect>
        <Field
          id={controlId('timeZone')}
          label={t('feedsUi.mapping.timeZone')}
          name="timeZone"
          defaultValue={values.timeZone}
          error={err('timeZone')}
          hint={t('feedsUi.mapping.timeZoneHint', { zone: programTimeZone })}
          autoComplete="off"
          spellCheck={false}
        />
        <MappingSelect control="intervalMinutes" label={t('feedsUi.mapping.intervalMinutes')} defaultValue={values.intervalMinutes} error={err('intervalMinutes')}>
          <option value="">{t('feedsUi.mapping.interval.choose')}</option>
          {INTERVAL_MINUTES.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {t(`feedsUi.mapping.interval.${minutes}`)}
            </option>
          ))}
        </MappingSelect>
      </fieldset>
      <fieldset className="field-group" aria-describedby="mapping-defaults-hint">
        <legend>{t('feedsUi.mapping.defaultsLegend')}</legend>
        <p id="mapping-defaults-hint" className="field-hint">
          {t('feedsUi.mapping.defaultHint')}
        </p>
        <MappingSelect control="defaultQueue" label={t('feedsUi.mapping.defaultQueue')} defaultValue={values.defaultQueue} error={err('defaultQueue')}>
          <option value="">{t('feedsUi.mapping.noDefault')}</option>
          {queueNames.map((queue) => (
            <option key={queue} value={queue}>
              {queue}
            </option>
          ))}
        </MappingSelect>
        <MappingSelect control="defaultChannel" label={t('feedsUi.mapping.defaultChannel')} defaultValue={values.defaultChannel} error={err('defaultChannel')}>
          <option value="">{t('feedsUi.mapping.noDefault')}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {channel}
            </option>
          ))}
        </MappingSelect>
        <Field
          id={controlId('defaultThresholdS')}
          label={t('feedsUi.mapping.defaultThreshold')}
          name="defaultThresholdS"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          defaultValue={values.defaultThresholdS}
          error={err('defaultThresholdS')}
        />
      </fieldset>
      <Field id={controlId('label')} label={t('feedsUi.mapping.label')} name="label" maxLength={100} defaultValue={values.label} error={err('label')} hint={t('feedsUi.mapping.labelHint')} />
      <p className="toolbar">
        <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
          {t('feedsUi.mapping.preview')}
        </button>
        <button type="submit" name="intent" value="save" disabled={busy}>
          {t('feedsUi.mapping.save')}
        </button>
      </p>
    </form>
  );
}

/** Every problem at the top, each linking to its control; focused after a refused post so it is read first. */
function MappingErrorSummary({ errors, header }: { errors: MappingFormErrors; header: string[] }) {
  const t = useT();
  const errorText = useErrorText();
  const summary = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).sort(([a], [b]) => rankOf(a) - rankOf(b));
  useEffect(() => {
    if (entries.length) summary.current?.focus();
  }, [entries.length, errors]);
  if (!entries.length) return null;
  const where = (control: string): string | null => {
    const column = /^col(\d+)\./.exec(control);
    if (column) return t('feedsUi.mapping.columnLegend', { column: header[Number(column[1])] ?? '' });
    const labels: Record<string, MessageKey> = {
      timestampFormat: 'feedsUi.mapping.timestampFormat',
      timeZone: 'feedsUi.mapping.timeZone',
      intervalMinutes: 'feedsUi.mapping.intervalMinutes',
      defaultQueue: 'feedsUi.mapping.defaultQueue',
      defaultChannel: 'feedsUi.mapping.defaultChannel',
      defaultThresholdS: 'feedsUi.mapping.defaultThreshold',
      label: 'feedsUi.mapping.label',
    };
    return labels[control] ? t(labels[control]) : null;
  };
  const targetOf = (control: string) => (control === FORM_LEVEL.form ? null : control === FORM_LEVEL.start || control === FORM_LEVEL.columns ? controlId('columns') : controlId(control));
  return (
    <div ref={summary} className="form-error" role="alert" tabIndex={-1} data-testid="mapping-errors">
      <p>{t('feedsUi.mapping.errorSummary', { count: entries.length })}</p>
      <ul>
        {entries.map(([control, error]) => {
          const place = where(control);
          const text = `${place ? `${place}: ` : ''}${errorText(error) ?? ''}`;
          const target = targetOf(control);
          return <li key={control}>{target ? <a href={`#${target}`}>{text}</a> : text}</li>;
        })}
      </ul>
    </div>
  );
}

const OPTION_ORDER = ['timestampFormat', 'timeZone', 'intervalMinutes', 'defaultQueue', 'defaultChannel', 'defaultThresholdS', 'label'];

/** The summary lists problems in the order of the form: the columns first, then the options. */
function rankOf(control: string): number {
  if (control === FORM_LEVEL.start || control === FORM_LEVEL.columns) return 0;
  const column = /^col(\d+)\.(role|unit|averageOf)$/.exec(control);
  if (column) return 1 + Number(column[1]) * 3 + ['role', 'unit', 'averageOf'].indexOf(column[2]!);
  const option = OPTION_ORDER.indexOf(control);
  return option >= 0 ? 100_000 + option : 200_000;
}
