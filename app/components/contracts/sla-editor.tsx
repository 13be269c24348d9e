import { useId } from 'react';
import { Field, SelectField } from '#app/components/field';
import { COMPARATORS, MISSING_FEED_RULES, SLA_PERIODS } from '#app/domain/contracts/sla';
import { KPI_IDS, REPORTABLE_THRESHOLDS_S, SERVICE_LEVEL_VARIANTS } from '#app/domain/kpi/catalog';
import { CHANNELS } from '#app/domain/programs/schemas';
import { useT } from '#app/i18n/react';
import type { FieldErrors } from '#app/lib/form-data';
import { GroupError, RowToolbar, fieldIdOf, useFieldError, useHydrated, useRows } from './editor-bits';
import type { ScopeOptions } from './scope';
import { blankSla, type SlaValues } from './version-form';

interface SlaEditorProps {
  slas: SlaValues[];
  errors: FieldErrors;
  scope: ScopeOptions;
}

/** The SLAs of a version: critical ones carry a share of the at-risk amount, key measurements are reported only. */
export function SlaEditor({ slas, errors, scope }: SlaEditorProps) {
  const t = useT();
  const errorOf = useFieldError(errors);
  const hydrated = useHydrated();
  const { rows, add, remove } = useRows(slas);
  const groupErrorId = `${fieldIdOf('slas')}-error`;
  const groupError = errors.slas ? errorOf('slas') : undefined;
  return (
    <fieldset id={fieldIdOf('slas')} className="contract-rows" aria-describedby={groupError ? groupErrorId : undefined}>
      <legend>{t('contractsUi.slas.title')}</legend>
      <p className="field-hint">{t('contractsUi.slas.hint')}</p>
      <GroupError id={groupErrorId} message={groupError} />
      {rows.map((row, index) => (
        <SlaFields key={row.key} index={index} sla={row.value} errors={errors} scope={scope} onRemove={hydrated ? () => remove(row.key) : undefined} />
      ))}
      {hydrated ? (
        <button type="button" className="secondary" onClick={() => add(blankSla())}>
          {t('contractsUi.slas.add')}
        </button>
      ) : null}
    </fieldset>
  );
}

function SlaFields({ index, sla, errors, scope, onRemove }: { index: number; sla: SlaValues; errors: FieldErrors; scope: ScopeOptions; onRemove?: () => void }) {
  const t = useT();
  const errorOf = useFieldError(errors);
  const hintId = useId();
  const name = (field: keyof SlaValues) => `slas[${index}].${field}`;
  const input = (field: Exclude<keyof SlaValues, 'isCritical'>) => ({ id: fieldIdOf(name(field)), name: name(field), defaultValue: sla[field], error: errorOf(name(field)) });
  const any = { value: '', label: t('contractsUi.any') };
  const criticalError = errorOf(name('isCritical'));
  const criticalId = fieldIdOf(name('isCritical'));
  return (
    <fieldset className="contract-row" data-testid="sla-row">
      <legend>{t('contractsUi.slas.rowLegend', { n: index + 1 })}</legend>
      <div className="contract-row-grid">
        <SelectField label={t('contractsUi.field.kpi')} {...input('kpi')} options={[{ value: '', label: t('contractsUi.choose') }, ...KPI_IDS.map((k) => ({ value: k, label: t(`contractsUi.kpi.${k}`) }))]} />
        <SelectField label={t('contractsUi.field.comparator')} {...input('comparator')} options={COMPARATORS.map((c) => ({ value: c, label: t(`contractsUi.comparator.${c}`) }))} />
        <Field label={t('contractsUi.field.target')} inputMode="decimal" hint={t('contractsUi.field.targetHint')} {...input('target')} />
        <SelectField label={t('contractsUi.field.period')} {...input('period')} options={SLA_PERIODS.map((p) => ({ value: p, label: t(`contractsUi.period.${p}`) }))} />
        <SelectField label={t('contractsUi.field.scopeUnit')} {...input('scopeUnitId')} options={[any, ...scope.unitOptions]} />
        <SelectField label={t('contractsUi.field.scopeQueue')} {...input('scopeQueueId')} options={[any, ...scope.queueOptions]} />
        <SelectField label={t('contractsUi.field.scopeChannel')} {...input('scopeChannel')} options={[any, ...CHANNELS.map((c) => ({ value: c, label: t(`contractsUi.channel.${c}`) }))]} />
        <Field label={t('contractsUi.field.minimumVolume')} inputMode="numeric" {...input('minimumVolume')} />
        <SelectField label={t('contractsUi.field.missingFeed')} {...input('missingFeed')} options={MISSING_FEED_RULES.map((r) => ({ value: r, label: t(`contractsUi.missingFeed.${r}`) }))} />
        <SelectField
          label={t('contractsUi.field.slVariant')}
          {...input('slVariant')}
          options={[{ value: '', label: t('contractsUi.notServiceLevel') }, ...SERVICE_LEVEL_VARIANTS.map((v) => ({ value: v, label: t(`contractsUi.slVariant.${v}`) }))]}
        />
        <Field label={t('contractsUi.field.thresholdS')} inputMode="numeric" hint={t('contractsUi.field.thresholdHint', { values: REPORTABLE_THRESHOLDS_S.join(', ') })} {...input('thresholdS')} />
        <Field label={t('contractsUi.field.shortAbandonS')} inputMode="numeric" {...input('shortAbandonS')} />
        <div className={`field field-checkbox${criticalError ? ' field-invalid' : ''}`}>
          <label htmlFor={criticalId}>
            <input
              type="checkbox"
              id={criticalId}
              name={name('isCritical')}
              defaultChecked={sla.isCritical}
              aria-invalid={criticalError ? true : undefined}
              aria-describedby={[`${hintId}-hint`, criticalError ? `${criticalId}-error` : null].filter(Boolean).join(' ')}
            />{' '}
            {t('contractsUi.field.isCritical')}
          </label>
          <p id={`${hintId}-hint`} className="field-hint">
            {t('contractsUi.field.isCriticalHint')}
          </p>
          <GroupError id={`${criticalId}-error`} message={criticalError} />
        </div>
        <Field label={t('contractsUi.field.allocationPct')} inputMode="decimal" {...input('allocationPct')} />
      </div>
      {onRemove ? (
        <RowToolbar>
          <button type="button" className="secondary" onClick={onRemove}>
            {t('contractsUi.slas.remove', { n: index + 1 })}
          </button>
        </RowToolbar>
      ) : null}
    </fieldset>
  );
}
