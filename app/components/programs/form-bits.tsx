import { useCallback, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { Link } from '@remix-run/react';
import { en, type MessageKey } from '#app/i18n/en';
import { useT } from '#app/i18n/react';
import { errorUnder, type FieldErrors } from '#app/lib/form-data';

const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** Translates a service's message key; an unexpected one falls back to a generic "invalid" text. */
export function useMessage() {
  const t = useT();
  return useCallback((key: string | null | undefined): string | undefined => (key ? t(isMessageKey(key) ? key : 'programsUi.error.invalid') : undefined), [t]);
}

/** The translated error of a field (or of any field under a group name). */
export function useFieldError(errors: FieldErrors | undefined) {
  const message = useMessage();
  return useCallback((name: string) => message(errorUnder(errors, name)), [errors, message]);
}

interface InlineInputProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  /** Read by screen readers; the visible label is the table header. */
  label: string;
  error?: string;
}

/** An input inside a table row: labelled for assistive technology, its error tied with aria-describedby. */
export function InlineInput({ name, label, error, ...rest }: InlineInputProps) {
  const errorId = `${useId()}-error`;
  return (
    <div className={`inline-field${error ? ' field-invalid' : ''}`}>
      <input name={name} aria-label={label} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...rest} />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface InlineSelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: string;
  error?: string;
  options: { value: string; label: string }[];
}

export function InlineSelect({ name, label, error, options, ...rest }: InlineSelectProps) {
  const errorId = `${useId()}-error`;
  return (
    <div className={`inline-field${error ? ' field-invalid' : ''}`}>
      <select name={name} aria-label={label} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  name: string;
  error?: string;
}

export function TextAreaField({ label, name, error, ...rest }: TextAreaFieldProps) {
  const id = `${name}-${useId()}`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} rows={3} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...rest} />
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A group of controls (checkboxes, a table of rows) with a legend and one group-level error. */
export function FieldGroup({ legend, error, children, hint }: { legend: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={`field-group${error ? ' field-invalid' : ''}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function Breadcrumbs({ items }: { items: { to?: string; label: string }[] }) {
  const t = useT();
  return (
    <nav aria-label={t('programsUi.breadcrumbs')} className="breadcrumbs">
      <ol>
        {items.map((item, i) => (
          <li key={`${item.label}-${i}`}>
            {item.to ? (
              <Link to={item.to}>{item.label}</Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
