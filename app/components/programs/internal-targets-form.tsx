import { Form } from '@remix-run/react';
import { Field, FormError } from '#app/components/field';
import { COMPARATORS, SLA_PERIODS } from '#app/domain/contracts/sla';
import { KPI_IDS, REPORTABLE_THRESHOLDS_S, SERVICE_LEVEL_VARIANTS } from '#app/domain/kpi/catalog';
import { useT } from '#app/i18n/react';
import type { FieldErrors } from '#app/lib/form-data';
import { FieldGroup, InlineInput, InlineSelect, useFieldError, useMessage } from './form-bits';
import { blankTargetRow, TARGET_ROWS, type InternalTargetsFormValues } from './internal-targets-values';

interface InternalTargetsFormProps {
  values?: InternalTargetsFormValues;
  errors?: FieldErrors;
  formError?: string | null;
  busy: boolean;
}

/** A new set of internal targets for an in-house unit: the contract SLA form without money. */
export function InternalTargetsForm({ values, errors, formError, busy }: InternalTargetsFormProps) {
  const t = useT();
  const message = useMessage();
  const errorOf = useFieldError(errors);
  const entered = values?.targets ?? [];
  const rows = [...entered, ...Array.from({ length: Math.max(1, TARGET_ROWS - entered.length) }, blankTargetRow)];
  const targetsError = errors?.targets ? message(errors.targets) : undefined;
  return (
    <Form method="post" className="stack wide" noValidate>
      <input type="hidden" name="intent" value="set-targets" />
      <FormError message={message(formError) ?? (errors && Object.keys(errors).length ? t('programsUi.form.fixErrors') : undefined)} />
      <Field label={t('programsUi.targets.effectiveFrom')} name="effectiveFrom" type="date" required defaultValue={values?.effectiveFrom} error={errorOf('effectiveFrom')} />
      <FieldGroup legend={t('programsUi.targets.rows')} hint={t('programsUi.targets.rowsHint')} error={targetsError}>
        <div className="table-scroll">
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">{t('programsUi.sla.kpi')}</th>
                <th scope="col">{t('programsUi.sla.comparator')}</th>
                <th scope="col">{t('programsUi.sla.target')}</th>
                <th scope="col">{t('programsUi.sla.period')}</th>
                <th scope="col">{t('programsUi.sla.slVariant')}</th>
                <th scope="col">{t('programsUi.sla.thresholdS')}</th>
                <th scope="col">{t('programsUi.sla.shortAbandonS')}</th>
                <th scope="col">{t('programsUi.sla.minimumVolume')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const name = (field: string) => `targets[${i}].${field}`;
                const label = (key: Parameters<typeof t>[0]) => t('programsUi.targets.cellLabel', { field: t(key), n: i + 1 });
                return (
                  <tr key={i}>
                    <td>
                      <InlineSelect
                        name={name('kpi')}
                        label={label('programsUi.sla.kpi')}
                        defaultValue={row.kpi}
                        error={errorOf(name('kpi'))}
                        options={[{ value: '', label: t('programsUi.targets.noKpi') }, ...KPI_IDS.filter((k) => k !== 'cost_per_contact').map((k) => ({ value: k, label: t(`programsUi.kpi.${k}`) }))]}
                      />
                    </td>
                    <td>
                      <InlineSelect name={name('comparator')} label={label('programsUi.sla.comparator')} defaultValue={row.comparator} error={errorOf(name('comparator'))} options={COMPARATORS.map((c) => ({ value: c, label: t(`programsUi.comparator.${c}`) }))} />
                    </td>
                    <td>
                      <InlineInput name={name('target')} label={label('programsUi.sla.target')} defaultValue={row.target} inputMode="decimal" size={6} error={errorOf(name('target'))} />
                    </td>
                    <td>
                      <InlineSelect name={name('period')} label={label('programsUi.sla.period')} defaultValue={row.period} error={errorOf(name('period'))} options={SLA_PERIODS.map((p) => ({ value: p, label: t(`programsUi.period.${p}`) }))} />
                    </td>
                    <td>
                      <InlineSelect
                        name={name('slVariant')}
                        label={label('programsUi.sla.slVariant')}
                        defaultValue={row.slVariant}
                        error={errorOf(name('slVariant'))}
                        options={[{ value: '', label: '—' }, ...SERVICE_LEVEL_VARIANTS.map((v) => ({ value: v, label: t(`programsUi.slVariant.${v}`) }))]}
                      />
                    </td>
                    <td>
                      <InlineSelect
                        name={name('thresholdS')}
                        label={label('programsUi.sla.thresholdS')}
                        defaultValue={row.thresholdS}
                        error={errorOf(name('thresholdS'))}
                        options={[{ value: '', label: '—' }, ...REPORTABLE_THRESHOLDS_S.map((s) => ({ value: String(s), label: String(s) }))]}
                      />
                    </td>
                    <td>
                      <InlineInput name={name('shortAbandonS')} label={label('programsUi.sla.shortAbandonS')} defaultValue={row.shortAbandonS} inputMode="numeric" size={4} error={errorOf(name('shortAbandonS'))} />
                    </td>
                    <td>
                      <InlineInput name={name('minimumVolume')} label={label('programsUi.sla.minimumVolume')} defaultValue={row.minimumVolume} inputMode="numeric" size={6} error={errorOf(name('minimumVolume'))} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </FieldGroup>
      <div>
        <button type="submit" disabled={busy}>
          {t('programsUi.targets.submit')}
        </button>
      </div>
    </Form>
  );
}
