import type { ReactNode } from 'react';
import { Link } from '@remix-run/react';
import { Field } from './field';

export interface SecretOnceProps {
  title: string;
  /** Why to copy it now: the secret is never shown again. */
  warning: string;
  label: string;
  secret: string;
  hint: string;
  testId: string;
  back: { to: string; label: string };
  /** Facts about the new object shown under the secret. */
  children?: ReactNode;
}

/** The page shown right after creating a credential (an API key, a webhook's signing secret): the only time its secret is shown. */
export function SecretOnce({ title, warning, label, secret, hint, testId, back, children }: SecretOnceProps) {
  return (
    <>
      <h1>{title}</h1>
      <div className="card stack" role="status">
        <p>
          <strong>{warning}</strong>
        </p>
        <Field
          label={label}
          name="secret"
          className="secret"
          readOnly
          defaultValue={secret}
          autoComplete="off"
          spellCheck={false}
          data-testid={testId}
          hint={hint}
          onFocus={(event) => event.currentTarget.select()}
        />
        {children}
        <p>
          <Link to={back.to} className="button">
            {back.label}
          </Link>
        </p>
      </div>
    </>
  );
}
