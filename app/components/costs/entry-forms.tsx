/**
 * The cost entry forms of a unit's costs page: an in-house month, a vendor unit's oversight month, a
 * transition cost. Plain posts with an intent; every field labelled, its error tied to it.
 */
import { Form, useNavigation } from '@remix-run/react';
import { Field, FormError } from '#app/components/field';
import { COST_CATEGORIES } from '#app/domain/costs/in-house';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';

export interface PostedForm {
  intent: string;
  values: Record<string, string>;
  fieldErrors: Record<string, string>;
  formError: string | null;
}

function useFormBits(intent: string, posted: PostedForm | null | undefined, defaults: Record<string, string>) {
  const t = useT();
  const mine = posted?.intent === intent ? posted : null;
  const values = mine ? mine.values : defaults;
  const err = (name: string) => (mine?.fieldErrors[name] ? t(mine.fieldErrors[name] as MessageKey) : undefined);
  const busy = useNavigation().state === 'submitting';
  return { t, values, err, busy, formError: mine?.formError ? t(mine.formError as MessageKey) : undefined };
}

export function InHouseMonthForm({ currency, posted, defaults }: { currency: string; posted?: PostedForm | null; defaults: Record<string, string> }) {
  const { t, values, err, busy, formError } = useFormBits('save-month', posted, defaults);
  const amountHint = t('costs.form.amountHint', { currency });
  return (
    <Form method="post" noValidate className="card" id="cost-form" aria-labelledby="cost-form-title" key={JSON.stringify(values)}>
      <h2 id="cost-form-title">{t('costs.form.title')}</h2>
      <p className="muted">{t('costs.form.intro')}</p>
      <FormError message={formError} />
      <input type="hidden" name="intent" value="save-month" />
      <Field label={t('costs.field.month')} name="month" type="month" required defaultValue={values.month} error={err('month')} hint={t('costs.form.monthHint')} />
      <Field label={t('costs.field.agentFte')} name="agentFte" inputMode="decimal" required defaultValue={values.agentFte} error={err('agentFte')} hint={t('costs.form.fteHint')} />
      <Field label={t('costs.field.productiveHours')} name="productiveHours" inputMode="decimal" required defaultValue={values.productiveHours} error={err('productiveHours')} hint={t('costs.form.hoursHint')} />
      <Field label={t('costs.field.loadedCostPerFte')} name="loadedCostPerFte" inputMode="decimal" required defaultValue={values.loadedCostPerFte} error={err('loadedCostPerFte')} hint={amountHint} />
      {COST_CATEGORIES.map((category) => (
        <Field key={category} label={t(`costs.category.${category}`)} name={category} inputMode="decimal" defaultValue={values[category]} error={err(category)} hint={amountHint} />
      ))}
      <button type="submit" disabled={busy}>
        {t('costs.form.save')}
      </button>
    </Form>
  );
}

export function OversightForm({ currency, posted, defaults }: { currency: string; posted?: PostedForm | null; defaults: Record<string, string> }) {
  const { t, values, err, busy, formError } = useFormBits('save-oversight', posted, defaults);
  return (
    <Form method="post" noValidate className="card" aria-labelledby="oversight-form-title" key={JSON.stringify(values)}>
      <h2 id="oversight-form-title">{t('costs.oversight.formTitle')}</h2>
      <p className="muted">{t('costs.oversight.intro')}</p>
      <FormError message={formError} />
      <input type="hidden" name="intent" value="save-oversight" />
      <Field label={t('costs.field.month')} name="month" type="month" required defaultValue={values.month} error={err('month')} hint={t('costs.form.monthHint')} />
      <Field label={t('costs.field.oversightAmount')} name="amount" inputMode="decimal" required defaultValue={values.amount} error={err('amount')} hint={t('costs.form.amountHint', { currency })} />
      <Field label={t('costs.field.note')} name="note" defaultValue={values.note} error={err('note')} />
      <button type="submit" disabled={busy}>
        {t('costs.oversight.save')}
      </button>
    </Form>
  );
}

export function TransitionForm({ currency, posted }: { currency: string; posted?: PostedForm | null }) {
  const { t, values, err, busy, formError } = useFormBits('add-transition', posted, { amortisationMonths: '12' });
  return (
    <Form method="post" noValidate className="card" aria-labelledby="transition-form-title" key={JSON.stringify(values)}>
      <h3 id="transition-form-title">{t('costs.transition.formTitle')}</h3>
      <FormError message={formError} />
      <input type="hidden" name="intent" value="add-transition" />
      <Field label={t('costs.field.description')} name="description" required defaultValue={values.description} error={err('description')} />
      <Field label={t('costs.field.transitionAmount')} name="amount" inputMode="decimal" required defaultValue={values.amount} error={err('amount')} hint={t('costs.form.amountHint', { currency })} />
      <Field label={t('costs.field.startMonth')} name="startMonth" type="month" required defaultValue={values.startMonth} error={err('startMonth')} hint={t('costs.form.monthHint')} />
      <Field
        label={t('costs.field.amortisationMonths')}
        name="amortisationMonths"
        type="number"
        min={1}
        max={120}
        required
        defaultValue={values.amortisationMonths}
        error={err('amortisationMonths')}
        hint={t('costs.transition.monthsHint')}
      />
      <button type="submit" disabled={busy}>
        {t('costs.transition.add')}
      </button>
    </Form>
  );
}
