import { Field } from '#app/components/field';
import { useT } from '#app/i18n/react';
import type { FieldErrors } from '#app/lib/form-data';
import { fieldIdOf, useFieldError } from './editor-bits';
import { RateCardEditor } from './rate-card-editor';
import type { ScopeOptions } from './scope';
import { SlaEditor } from './sla-editor';
import type { VersionFormValues } from './version-form';

type TermField = Exclude<keyof VersionFormValues, 'rateLines' | 'slas'>;

/**
 * The terms of one contract version: dates and reason, money and credit terms, the rate card and the
 * SLAs. Used for a contract's first version and for every later one.
 */
export function VersionEditor({ values, errors, scope }: { values: VersionFormValues; errors: FieldErrors; scope: ScopeOptions }) {
  const t = useT();
  const errorOf = useFieldError(errors);
  const input = (field: TermField) => ({ id: fieldIdOf(field), name: field, defaultValue: values[field], error: errorOf(field) });
  return (
    <>
      <fieldset className="contract-terms">
        <legend>{t('contractsUi.terms.legend')}</legend>
        <div className="contract-row-grid">
          <Field label={t('contractsUi.field.effectiveFrom')} type="date" required {...input('effectiveFrom')} />
          <Field label={t('contractsUi.field.reason')} required {...input('reason')} />
          <Field label={t('contractsUi.field.currency')} maxLength={3} autoCapitalize="characters" {...input('currency')} />
          <Field label={t('contractsUi.field.taxRatePct')} inputMode="decimal" {...input('taxRatePct')} />
          <Field label={t('contractsUi.field.minimumMonthlyCommitment')} inputMode="decimal" hint={t('contractsUi.field.optional')} {...input('minimumMonthlyCommitment')} />
        </div>
      </fieldset>
      <fieldset className="contract-terms">
        <legend>{t('contractsUi.credits.legend')}</legend>
        <p className="field-hint">{t('contractsUi.credits.hint')}</p>
        <div className="contract-row-grid">
          <Field label={t('contractsUi.field.atRiskPct')} inputMode="decimal" {...input('atRiskPct')} />
          <Field label={t('contractsUi.field.poolPct')} inputMode="decimal" {...input('poolPct')} />
          <Field label={t('contractsUi.field.earnBackMonths')} inputMode="numeric" {...input('earnBackMonths')} />
        </div>
      </fieldset>
      <RateCardEditor lines={values.rateLines} errors={errors} scope={scope} />
      <SlaEditor slas={values.slas} errors={errors} scope={scope} />
    </>
  );
}
