import { z } from 'zod';
import { Field } from '#app/components/field';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';

/** A new password typed twice; a page extends it with its own fields (an invitation adds the name). */
export const newPasswordShape = (minLength: number) => ({ password: z.string().min(minLength), confirm: z.string() });
export const passwordsMatch = (v: { password: string; confirm: string }) => v.password === v.confirm;
export const MISMATCH = { path: ['confirm'] };

export interface NewPasswordErrors {
  password: MessageKey | null;
  confirm: MessageKey | null;
}

/** The messages of a failed parse: a too-short password explains the rule; a mismatch only once the first is valid. */
export function newPasswordErrors(fieldErrors: { password?: string[]; confirm?: string[] }): NewPasswordErrors {
  return {
    password: fieldErrors.password ? 'password.hint' : null,
    confirm: fieldErrors.confirm && !fieldErrors.password ? 'password.mismatch' : null,
  };
}

export function NewPasswordFields(props: { label: string; confirmLabel: string; minLength: number; errors?: NewPasswordErrors | null; autoFocus?: boolean }) {
  const t = useT();
  const min = props.minLength;
  return (
    <>
      <Field
        label={props.label}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={min}
        autoFocus={props.autoFocus}
        hint={t('password.hint', { min })}
        error={props.errors?.password ? t(props.errors.password, { min }) : undefined}
      />
      <Field
        label={props.confirmLabel}
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        error={props.errors?.confirm ? t(props.errors.confirm) : undefined}
      />
    </>
  );
}
