import { Form } from '@remix-run/react';
import { Field, FormError, SelectField } from '#app/components/field';
import { CHANNELS, type Channel } from '#app/domain/programs/schemas';
import { formatDateTime } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import type { FieldErrors } from '#app/lib/form-data';
import { useFieldError, useMessage } from './form-bits';

export function QueuesTable({ queues }: { queues: { id: string; name: string; channel: string }[] }) {
  const t = useT();
  if (!queues.length) return <p className="muted">{t('programsUi.queue.none')}</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">{t('programsUi.queue.name')}</th>
          <th scope="col">{t('programsUi.queue.channel')}</th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.id} data-testid="queue-row">
            <td>{q.name}</td>
            <td>{t(`programsUi.channel.${q.channel as Channel}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface SubFormProps {
  values?: Record<string, string>;
  errors?: FieldErrors;
  formError?: string | null;
  busy: boolean;
}

export function AddQueueForm({ values, errors, formError, busy }: SubFormProps) {
  const t = useT();
  const message = useMessage();
  const errorOf = useFieldError(errors);
  return (
    <Form method="post" className="stack" noValidate aria-labelledby="add-queue-heading">
      <h3 id="add-queue-heading">{t('programsUi.queue.add')}</h3>
      <input type="hidden" name="intent" value="add-queue" />
      <FormError message={message(formError)} />
      <Field label={t('programsUi.queue.name')} name="name" required maxLength={120} defaultValue={values?.name} error={errorOf('name')} />
      <SelectField
        label={t('programsUi.queue.channel')}
        name="channel"
        defaultValue={values?.channel}
        options={CHANNELS.map((c) => ({ value: c, label: t(`programsUi.channel.${c}`) }))}
        error={errorOf('channel')}
      />
      <div>
        <button type="submit" disabled={busy}>
          {t('programsUi.queue.submit')}
        </button>
      </div>
    </Form>
  );
}

export function InviteVendorForm({ values, errors, formError, busy }: SubFormProps) {
  const t = useT();
  const message = useMessage();
  const errorOf = useFieldError(errors);
  return (
    <Form method="post" className="stack" noValidate aria-labelledby="invite-heading">
      <h3 id="invite-heading">{t('programsUi.invite.title')}</h3>
      <input type="hidden" name="intent" value="invite-vendor" />
      <FormError message={message(formError)} />
      <Field label={t('programsUi.invite.email')} name="email" type="email" autoComplete="off" required defaultValue={values?.email} error={errorOf('email')} />
      <Field label={t('programsUi.invite.vendorName')} name="vendorName" maxLength={120} defaultValue={values?.vendorName} error={errorOf('vendorName')} />
      <div>
        <button type="submit" disabled={busy}>
          {t('programsUi.invite.submit')}
        </button>
      </div>
    </Form>
  );
}

export interface InvitationView {
  id: string;
  email: string;
  vendorName: string | null;
  expiresAt: Date;
  isExpired: boolean;
}

export function PendingInvitations({ invitations, canRevoke, busy }: { invitations: InvitationView[]; canRevoke: boolean; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!invitations.length) return <p className="muted">{t('programsUi.invite.none')}</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">{t('programsUi.invite.email')}</th>
          <th scope="col">{t('programsUi.invite.vendorName')}</th>
          <th scope="col">{t('programsUi.invite.expires')}</th>
          {canRevoke ? <th scope="col">{t('programsUi.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {invitations.map((inv) => (
          <tr key={inv.id} data-testid="vendor-invitation-row">
            <td>{inv.email}</td>
            <td>{inv.vendorName ?? '—'}</td>
            <td>
              {formatDateTime(locale, inv.expiresAt)} {inv.isExpired ? <span className="badge warn">{t('programsUi.invite.expired')}</span> : null}
            </td>
            {canRevoke ? (
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke-invitation" />
                  <input type="hidden" name="invitationId" value={inv.id} />
                  <button type="submit" className="secondary" disabled={busy} aria-label={t('programsUi.invite.revokeLabel', { email: inv.email })}>
                    {t('programsUi.invite.revoke')}
                  </button>
                </Form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
