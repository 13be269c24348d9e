import { Form } from '@remix-run/react';
import { Field, FormError, SelectField } from '#app/components/field';
import { CHANNELS, PROGRAM_STATUSES, WEEKDAYS } from '#app/domain/programs/schemas';
import { useT } from '#app/i18n/react';
import type { FieldErrors } from '#app/lib/form-data';
import { FieldGroup, InlineInput, TextAreaField, useFieldError, useMessage } from './form-bits';
import { BLANK_HOLIDAY_ROWS, SPAN_ROWS_PER_DAY, type ProgramFormValues, type SpanValues } from './program-form-values';

interface ProgramFormProps {
  values: ProgramFormValues;
  errors?: FieldErrors;
  formError?: string | null;
  timeZones: string[];
  submitLabel: string;
  busy: boolean;
}

const padRows = <T,>(rows: T[], minimum: number, blank: () => T): T[] => [...rows, ...Array.from({ length: Math.max(0, minimum - rows.length) }, blank)];

/** The program's settings, for both "new program" and "edit program". Works without JavaScript. */
export function ProgramForm({ values, errors, formError, timeZones, submitLabel, busy }: ProgramFormProps) {
  const t = useT();
  const message = useMessage();
  const errorOf = useFieldError(errors);
  const holidays = [...values.holidays, ...Array.from({ length: BLANK_HOLIDAY_ROWS }, () => ({ date: '', name: '', hours: [] as SpanValues[] }))];
  return (
    <Form method="post" className="stack program-form" noValidate>
      <FormError message={message(formError) ?? (errors && Object.keys(errors).length ? t('programsUi.form.fixErrors') : undefined)} />
      <Field label={t('programsUi.program.name')} name="name" defaultValue={values.name} required maxLength={120} error={errorOf('name')} />
      <Field label={t('programsUi.program.lineOfBusiness')} name="lineOfBusiness" defaultValue={values.lineOfBusiness} required maxLength={120} error={errorOf('lineOfBusiness')} />
      <TextAreaField label={t('programsUi.program.description')} name="description" defaultValue={values.description} maxLength={2000} error={errorOf('description')} />
      <FieldGroup legend={t('programsUi.program.channels')} error={errorOf('channels')}>
        <div className="checkbox-list">
          {CHANNELS.map((channel) => (
            <label key={channel} className="checkbox">
              <input type="checkbox" name="channels" value={channel} defaultChecked={values.channels.includes(channel)} /> {t(`programsUi.channel.${channel}`)}
            </label>
          ))}
        </div>
      </FieldGroup>
      <SelectField
        label={t('programsUi.program.timeZone')}
        name="timeZone"
        defaultValue={values.timeZone}
        options={(timeZones.includes(values.timeZone) ? timeZones : [values.timeZone, ...timeZones]).map((zone) => ({ value: zone, label: zone }))}
        error={errorOf('timeZone')}
      />
      <Field
        label={t('programsUi.program.currency')}
        name="currency"
        defaultValue={values.currency}
        maxLength={3}
        autoCapitalize="characters"
        hint={t('programsUi.program.currencyHint')}
        error={errorOf('currency')}
      />
      <SelectField
        label={t('programsUi.program.status')}
        name="status"
        defaultValue={values.status}
        options={PROGRAM_STATUSES.map((s) => ({ value: s, label: t(`programsUi.status.${s}`) }))}
        error={errorOf('status')}
      />
      <FieldGroup legend={t('programsUi.program.hours')} hint={t('programsUi.program.hoursHint')} error={errors?.hoursOfOperation ? message(errors.hoursOfOperation) : undefined}>
        <table className="data compact">
          <thead>
            <tr>
              <th scope="col">{t('programsUi.program.weekday')}</th>
              {Array.from({ length: SPAN_ROWS_PER_DAY }, (_, i) => (
                <th scope="col" key={i}>
                  {t('programsUi.program.span', { n: i + 1 })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((day) => (
              <tr key={day}>
                <th scope="row">{t(`programsUi.weekday.${day}`)}</th>
                {padRows(values.hoursOfOperation[day], SPAN_ROWS_PER_DAY, () => ({ open: '', close: '' })).map((span, i) => {
                  const params = { day: t(`programsUi.weekday.${day}`), n: i + 1 };
                  return (
                    <td key={i}>
                      <div className="span-inputs">
                        <InlineInput type="time" name={`hoursOfOperation.${day}[${i}].open`} defaultValue={span.open} label={t('programsUi.program.opens', params)} error={errorOf(`hoursOfOperation.${day}[${i}].open`)} />
                        <span aria-hidden="true">–</span>
                        <InlineInput type="time" name={`hoursOfOperation.${day}[${i}].close`} defaultValue={span.close} label={t('programsUi.program.closes', params)} error={errorOf(`hoursOfOperation.${day}[${i}].close`)} />
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </FieldGroup>
      <FieldGroup legend={t('programsUi.program.holidays')} hint={t('programsUi.program.holidaysHint')} error={errors?.holidays ? message(errors.holidays) : undefined}>
        <table className="data compact">
          <thead>
            <tr>
              <th scope="col">{t('programsUi.program.holidayDate')}</th>
              <th scope="col">{t('programsUi.program.holidayName')}</th>
            </tr>
          </thead>
          <tbody>
            {holidays.map((holiday, i) => (
              <tr key={i}>
                <td>
                  <InlineInput type="date" name={`holidays[${i}].date`} defaultValue={holiday.date} label={t('programsUi.program.holidayDateN', { n: i + 1 })} error={errorOf(`holidays[${i}].date`)} />
                </td>
                <td>
                  <InlineInput name={`holidays[${i}].name`} defaultValue={holiday.name} maxLength={120} label={t('programsUi.program.holidayNameN', { n: i + 1 })} error={errorOf(`holidays[${i}].name`)} />
                  {holiday.hours.map((span, k) => (
                    <span key={k}>
                      <input type="hidden" name={`holidays[${i}].hours[${k}].open`} value={span.open} />
                      <input type="hidden" name={`holidays[${i}].hours[${k}].close`} value={span.close} />
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </FieldGroup>
      <div>
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
