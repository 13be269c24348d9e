import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { en, type MessageKey } from '#app/i18n/en';
import { useT } from '#app/i18n/react';
import { errorUnder, type FieldErrors } from '#app/lib/form-data';

/** The id of a form field, from its name (`slas[2].target` → `f-slas-2-target`): the error summary links to it. */
export const fieldIdOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;

const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** Translates a service's message key; an unexpected one falls back to a generic "invalid" text. */
export function useMessage() {
  const t = useT();
  return useCallback((key: string | undefined): string | undefined => (key ? t(isMessageKey(key) ? key : 'contractsUi.error.invalid') : undefined), [t]);
}

/** The translated error of a field, or of anything under a group name (`rateLines[0].tiers`). */
export function useFieldError(errors: FieldErrors) {
  const message = useMessage();
  return useCallback((name: string) => message(errorUnder(errors, name)), [errors, message]);
}

/** Add/remove buttons need JavaScript: without it the form offers blank rows instead. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * Rows of an editor with stable React keys, so removing one keeps what was typed in the others
 * (the inputs are uncontrolled; their names follow the row's current position).
 */
export function useRows<T>(initial: T[]) {
  const nextKey = useRef(initial.length);
  const [rows, setRows] = useState(() => initial.map((value, i) => ({ key: i, value })));
  const add = useCallback((value: T) => setRows((current) => [...current, { key: nextKey.current++, value }]), []);
  const remove = useCallback((key: number) => setRows((current) => current.filter((r) => r.key !== key)), []);
  return { rows, add, remove };
}

/** The error of a group of fields (a fieldset), announced and tied to the fieldset by aria-describedby. */
export function GroupError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  );
}

export function RowToolbar({ children }: { children: ReactNode }) {
  return <div className="contract-row-toolbar">{children}</div>;
}
