/** One fieldset per column of the sample: what it holds, and for a duration how it is written. */
import type { ReactNode } from 'react';
import { COUNT_COMPONENT_NAMES, MEASURE_COMPONENT_NAMES } from '#app/domain/kpi/components';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';
import { columnControl, START_ROLE, TIME_OF_DAY_ROLE, type MappingFieldError, type MappingFormColumn, type MappingFormErrors } from './mapping-types';

/** Stable ids, so the error summary can link to each control. */
export const controlId = (control: string) => `mapping-${control.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The mappable fields that are not components (customMappingSchema's MAPPABLE_FIELDS). */
const KEY_FIELDS = ['queue', 'channel', 'threshold_s'] as const;

export function useErrorText(): (error: MappingFieldError | undefined) => string | undefined {
  const t = useT();
  return (error) => (error ? t(error.key as MessageKey, error.params) : undefined);
}

/** A labelled select with optional groups, its hint and its error tied to it. */
export function MappingSelect(props: {
  control: string;
  label: string;
  defaultValue: string;
  error?: string;
  hintId?: string;
  children: ReactNode;
}) {
  const id = controlId(props.control);
  const describedBy = [props.hintId, props.error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.control}
        defaultValue={props.defaultValue}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        // Long option texts must not widen a column of the grid past its share.
        style={{ minWidth: 0, width: '100%' }}
      >
        {props.children}
      </select>
      {props.error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

interface ColumnProps {
  index: number;
  name: string;
  values: string[];
  column: MappingFormColumn;
  errors: MappingFormErrors;
}

export function MappingColumn({ index, name, values, column, errors }: ColumnProps) {
  const t = useT();
  const errorText = useErrorText();
  const valuesId = `${controlId(columnControl(index, 'role'))}-values`;
  const fieldLabel = (field: string) => (KEY_FIELDS as readonly string[]).includes(field) ? t(`feedsUi.mapping.field.${field}` as MessageKey) : field;
  return (
    <fieldset className="field-group" data-testid="mapping-column" style={{ minWidth: 0 }}>
      <legend>{t('feedsUi.mapping.columnLegend', { column: name })}</legend>
      <p id={valuesId} className="field-hint">
        {values.length ? t('feedsUi.mapping.sampleValues', { values: values.join(', ') }) : t('feedsUi.mapping.noValues')}
      </p>
      <MappingSelect
        control={columnControl(index, 'role')}
        label={t('feedsUi.mapping.role')}
        defaultValue={column.role}
        error={errorText(errors[columnControl(index, 'role')])}
        hintId={valuesId}
      >
        <option value="">{t('feedsUi.mapping.role.ignore')}</option>
        <optgroup label={t('feedsUi.mapping.group.time')}>
          <option value={START_ROLE}>{t('feedsUi.mapping.role.start')}</option>
          <option value={TIME_OF_DAY_ROLE}>{t('feedsUi.mapping.role.timeOfDay')}</option>
        </optgroup>
        <optgroup label={t('feedsUi.mapping.group.keys')}>
          {KEY_FIELDS.map((field) => (
            <option key={field} value={field}>
              {fieldLabel(field)}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('feedsUi.mapping.group.counts')}>
          {COUNT_COMPONENT_NAMES.map((field) => (
            <option key={field} value={field}>
              {field}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('feedsUi.mapping.group.measures')}>
          {MEASURE_COMPONENT_NAMES.map((field) => (
            <option key={field} value={field}>
              {field}
            </option>
          ))}
        </optgroup>
      </MappingSelect>
      <MappingSelect control={columnControl(index, 'unit')} label={t('feedsUi.mapping.unit')} defaultValue={column.unit} error={errorText(errors[columnControl(index, 'unit')])}>
        <option value="">{t('feedsUi.mapping.unit.default')}</option>
        <option value="minutes">{t('feedsUi.mapping.unit.minutes')}</option>
        <option value="hhmmss">{t('feedsUi.mapping.unit.hhmmss')}</option>
      </MappingSelect>
      <MappingSelect
        control={columnControl(index, 'averageOf')}
        label={t('feedsUi.mapping.averageOf')}
        defaultValue={column.averageOf}
        error={errorText(errors[columnControl(index, 'averageOf')])}
      >
        <option value="">{t('feedsUi.mapping.averageOf.none')}</option>
        {COUNT_COMPONENT_NAMES.map((count) => (
          <option key={count} value={count}>
            {count}
          </option>
        ))}
      </MappingSelect>
    </fieldset>
  );
}
