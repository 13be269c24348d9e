import { useState } from 'react';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';

interface Values {
  decision: string;
  message: string;
  adjustment: string;
  reason: string;
}

function TextArea({ id, name, label, value, error, hint }: { id: string; name: string; label: string; value: string; error?: string; hint?: string }) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} rows={3} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Finance's decision: a choice of accept / dispute / accept with an adjustment (radio buttons, so it
 * works with the keyboard and without JavaScript), the message (required to dispute), and the
 * adjustment's amount and reason.
 */
export function DecisionForm({ values, errors, busy, currency }: { values?: Values; errors: Record<string, string>; busy: boolean; currency: string }) {
  const t = useT();
  const [decision, setDecision] = useState(values?.decision ?? 'accept');
  const err = (name: string) => (errors[name] ? t(errors[name] as MessageKey) : undefined);
  return (
    <>
      <fieldset aria-describedby={err('decision') ? 'decision-error' : undefined}>
        <legend>{t('reconciliation.decide.choice')}</legend>
        {(['accept', 'dispute', 'accept_with_adjustment'] as const).map((d) => (
          <div key={d}>
            <input type="radio" id={`decision-${d}`} name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} />{' '}
            <label htmlFor={`decision-${d}`}>{t(`reconciliation.decide.${d}` as MessageKey)}</label>
          </div>
        ))}
        {err('decision') ? (
          <p id="decision-error" className="field-error" role="alert">
            {err('decision')}
          </p>
        ) : null}
      </fieldset>
      <TextArea id="decision-message" name="message" label={t('reconciliation.decide.message')} value={values?.message ?? ''} error={err('message')} hint={t('reconciliation.decide.messageHint')} />
      <div className={`field${err('adjustment') ? ' field-invalid' : ''}`}>
        <label htmlFor="decision-adjustment">{t('reconciliation.decide.adjustment', { currency })}</label>
        <input
          id="decision-adjustment"
          name="adjustment"
          inputMode="decimal"
          defaultValue={values?.adjustment ?? ''}
          aria-invalid={err('adjustment') ? true : undefined}
          aria-describedby={['decision-adjustment-hint', err('adjustment') ? 'decision-adjustment-error' : null].filter(Boolean).join(' ')}
        />
        <p id="decision-adjustment-hint" className="field-hint">
          {t('reconciliation.decide.adjustmentHint')}
        </p>
        {err('adjustment') ? (
          <p id="decision-adjustment-error" className="field-error" role="alert">
            {err('adjustment')}
          </p>
        ) : null}
      </div>
      <TextArea id="decision-reason" name="reason" label={t('reconciliation.decide.reason')} value={values?.reason ?? ''} error={err('reason')} hint={t('reconciliation.decide.reasonHint')} />
      <button type="submit" disabled={busy}>
        {t('reconciliation.decide.submit')}
      </button>
    </>
  );
}
