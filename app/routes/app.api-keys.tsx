import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { Field, FormError, SelectField } from '#app/components/field';
import { SecretOnce } from '#app/components/secret-once';
import { ROLES, rolesForKind } from '#app/domain/permissions';
import { formatDateTime } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { AppError } from '#app/lib/errors';
import { API_KEY_NAME_MAX, createApiKey, listApiKeys, revokeApiKey } from '#app/services/api-keys.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.apiKeys');

/** The page can carry a freshly created secret: never let a cache keep it. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

const CreateKeySchema = z.object({
  name: z.string().trim().min(1).max(API_KEY_NAME_MAX),
  role: z.enum(ROLES),
});

const notFound = () => new Response('Not found', { status: 404 });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'manage:api-keys');
  const url = new URL(request.url);
  const keys = await listApiKeys(ctx);
  const revokeId = url.searchParams.get('revoke');
  const confirming = revokeId ? keys.find((k) => k.id === revokeId && !k.revokedAt) : undefined;
  if (revokeId && !confirming) throw notFound();
  const revokedId = url.searchParams.get('revoked');
  const revoked = revokedId ? keys.find((k) => k.id === revokedId && k.revokedAt) : undefined;
  return { keys, roles: rolesForKind(ctx.orgKind), confirming: confirming ?? null, revokedPrefix: revoked?.prefix ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'manage:api-keys');
  const form = Object.fromEntries(await request.formData());
  if (form.intent === 'revoke') {
    const id = typeof form.id === 'string' ? form.id : '';
    try {
      await revokeApiKey(ctx, id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound();
      throw error;
    }
    return redirect(`/app/api-keys?revoked=${encodeURIComponent(id)}`);
  }
  if (form.intent !== 'create') throw new Response('Unknown action', { status: 400 });
  const parsed = CreateKeySchema.safeParse(form);
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    return data({ created: null, fields: { name: fields.name ? ('apiKeys.error.name' as const) : null, role: fields.role ? ('apiKeys.error.role' as const) : null } }, { status: 400 });
  }
  try {
    const created = await createApiKey(ctx, parsed.data);
    return data({ created, fields: null });
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNPROCESSABLE') {
      const field = (error.details as { field?: string } | undefined)?.field;
      return data({ created: null, fields: { name: field === 'name' ? ('apiKeys.error.name' as const) : null, role: field === 'role' ? ('apiKeys.error.role' as const) : null } }, { status: 422 });
    }
    throw error;
  }
}

export default function ApiKeysPage() {
  const t = useT();
  const locale = useLocale();
  const { keys, roles, confirming, revokedPrefix } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';

  if (result?.created) {
    const { created } = result;
    return (
      <SecretOnce
        title={t('apiKeys.createdTitle', { name: created.name })}
        warning={t('apiKeys.createdOnce')}
        label={t('apiKeys.secretLabel')}
        secret={created.secret}
        hint={t('apiKeys.copyHint')}
        testId="api-key-secret"
        back={{ to: '/app/api-keys', label: t('apiKeys.backToList') }}
      >
        <p>
          {t('apiKeys.col.role')}: {t(`role.${created.role}`)} · {t('apiKeys.col.prefix')}: <code>{created.prefix}</code>
        </p>
      </SecretOnce>
    );
  }

  return (
    <>
      <h1>{t('apiKeys.title')}</h1>
      <p>{t('apiKeys.intro')}</p>
      <p>
        <a href="/api/v1/openapi.json">{t('apiKeys.docsLink')}</a>
      </p>
      {revokedPrefix ? (
        <p className="notice" role="status">
          {t('apiKeys.revoked', { prefix: revokedPrefix })}
        </p>
      ) : null}
      {confirming ? (
        <section className="card" aria-labelledby="confirm-revoke-title">
          <h2 id="confirm-revoke-title">{t('apiKeys.confirmTitle', { name: confirming.name })}</h2>
          <p>{t('apiKeys.confirmBody', { prefix: confirming.prefix })}</p>
          <Form method="post" className="toolbar">
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="id" value={confirming.id} />
            <button type="submit" className="danger" disabled={busy}>
              {t('apiKeys.confirmSubmit')}
            </button>
            <Link to="/app/api-keys" className="button secondary">
              {t('form.cancel')}
            </Link>
          </Form>
        </section>
      ) : null}
      {keys.length === 0 ? (
        <p className="muted">{t('apiKeys.empty')}</p>
      ) : (
        <table className="data">
          <caption className="muted">{t('apiKeys.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('apiKeys.col.name')}</th>
              <th scope="col">{t('apiKeys.col.role')}</th>
              <th scope="col">{t('apiKeys.col.prefix')}</th>
              <th scope="col">{t('apiKeys.col.created')}</th>
              <th scope="col">{t('apiKeys.col.lastUsed')}</th>
              <th scope="col">{t('apiKeys.col.status')}</th>
              <th scope="col">{t('apiKeys.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <th scope="row">{key.name}</th>
                <td>{t(`role.${key.role}`)}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{formatDateTime(locale, key.createdAt)}</td>
                <td>{key.lastUsedAt ? formatDateTime(locale, key.lastUsedAt) : t('apiKeys.never')}</td>
                <td>
                  {key.revokedAt ? (
                    <span className="badge danger">{t('apiKeys.revokedOn', { date: formatDateTime(locale, key.revokedAt) })}</span>
                  ) : (
                    <span className="badge ok">{t('apiKeys.active')}</span>
                  )}
                </td>
                <td>
                  {key.revokedAt ? null : (
                    <Link to={`?revoke=${key.id}`} aria-label={t('apiKeys.revokeLabel', { name: key.name })}>
                      {t('apiKeys.revoke')}
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('apiKeys.createTitle')}</h2>
      <Form method="post" className="stack" noValidate>
        <FormError message={result?.fields ? t('form.errorSummary') : undefined} />
        <input type="hidden" name="intent" value="create" />
        <Field
          label={t('apiKeys.name')}
          name="name"
          required
          autoComplete="off"
          hint={t('apiKeys.nameHint')}
          error={result?.fields?.name ? t(result.fields.name) : undefined}
        />
        <SelectField
          label={t('apiKeys.role')}
          name="role"
          required
          options={roles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          error={result?.fields?.role ? t(result.fields.role) : undefined}
        />
        <p className="field-hint">{t('apiKeys.roleHint')}</p>
        <button type="submit" disabled={busy}>
          {t('apiKeys.create')}
        </button>
      </Form>
    </>
  );
}
