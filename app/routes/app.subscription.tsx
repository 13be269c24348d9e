import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { FormError } from '#app/components/field';
import { useMessage } from '#app/components/programs/form-bits';
import type { PlanId, SubscriptionStatus } from '#app/domain/subscriptions/plans';
import { formatDate } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, throwHttpError } from '#app/lib/form-errors.server';
import { logger } from '#app/lib/logger.server';
import { requestIdOf } from '#app/lib/request.server';
import { getSubscriptionOverview, openBillingPortal, startCheckout } from '#app/services/subscriptions/subscriptions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.subscription');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'manage:subscription');
  return { overview: await getSubscriptionOverview(ctx).catch(throwHttpError) };
}

/** Errors the Stripe library raises (network, API): shown as "try again", never a broken page. */
const isStripeError = (error: unknown) => typeof (error as { type?: unknown } | null)?.type === 'string' && (error as { type: string }).type.startsWith('Stripe');

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'manage:subscription');
  const form = Object.fromEntries(await request.formData());
  if (form.intent !== 'checkout' && form.intent !== 'portal') throw new Response('Unknown action', { status: 400 });
  const origin = new URL(request.url).origin;
  try {
    const { url } = form.intent === 'checkout' ? await startCheckout(ctx, { plan: form.plan }, { origin }) : await openBillingPortal(ctx, { origin });
    return redirect(url);
  } catch (error) {
    if (isStripeError(error)) {
      logger.error({ requestId: requestIdOf(context, request), err: (error as Error).message }, 'stripe request failed');
      return data({ formError: 'subscriptions.error.stripe', fieldErrors: {} }, { status: 502 });
    }
    const failure = formFailureOf(error);
    return data({ formError: failure.formError ?? Object.values(failure.fieldErrors)[0] ?? null, fieldErrors: failure.fieldErrors }, { status: failure.status });
  }
}

const STATUS_BADGE: Partial<Record<SubscriptionStatus, string>> = { active: 'badge ok', trialing: 'badge ok', past_due: 'badge danger', unpaid: 'badge danger', incomplete: 'badge warn' };

export default function SubscriptionPage() {
  const t = useT();
  const locale = useLocale();
  const message = useMessage();
  const { overview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [params] = useSearchParams();
  const checkout = params.get('checkout');
  const planName = (id: PlanId) => t(`subscriptions.plan.${id}`);

  if (!overview.configured) {
    return (
      <>
        <h1>{t('subscriptions.title')}</h1>
        <FormError message={message(result?.formError)} />
        <section className="notice" role="status" data-testid="billing-not-configured">
          <h2>{t('subscriptions.notConfigured.title')}</h2>
          <p>{t('subscriptions.notConfigured.body')}</p>
        </section>
        <p>
          {t('subscriptions.current.units')}: <strong>{t('subscriptions.current.unitsUnlimited', { used: overview.unitsInUse })}</strong>
        </p>
      </>
    );
  }

  const pastDue = overview.status === 'past_due' || overview.status === 'unpaid';
  return (
    <>
      <h1>{t('subscriptions.title')}</h1>
      <p className="muted">{t('subscriptions.intro')}</p>
      {checkout === 'success' ? <p className="notice" role="status">{t('subscriptions.checkout.success')}</p> : null}
      {checkout === 'cancel' ? <p className="notice" role="status">{t('subscriptions.checkout.cancel')}</p> : null}
      {pastDue ? (
        <p className="form-error" role="alert" data-testid="past-due">
          {t('subscriptions.pastDue.notice')}
        </p>
      ) : null}
      <FormError message={message(result?.formError)} />

      <section className="card" aria-labelledby="current-plan">
        <h2 id="current-plan">{t('subscriptions.current.heading')}</h2>
        <dl data-testid="current-plan">
          <dt>{t('subscriptions.current.plan')}</dt>
          <dd data-testid="plan">{planName(overview.plan)}</dd>
          <dt>{t('subscriptions.current.status')}</dt>
          <dd>
            <span className={STATUS_BADGE[overview.status] ?? 'badge'} data-testid="status">
              {t(`subscriptions.status.${overview.status}`)}
            </span>
          </dd>
          <dt>{t('subscriptions.current.units')}</dt>
          <dd data-testid="units">
            {overview.unitLimit === null
              ? t('subscriptions.current.unitsUnlimited', { used: overview.unitsInUse })
              : t('subscriptions.current.unitsOf', { used: overview.unitsInUse, limit: overview.unitLimit })}
          </dd>
          <dt>{t('subscriptions.current.periodEnd')}</dt>
          <dd>{overview.currentPeriodEnd ? formatDate(locale, overview.currentPeriodEnd) : t('subscriptions.current.noPeriod')}</dd>
        </dl>
        {overview.cancelAtPeriodEnd ? <p className="muted">{t('subscriptions.current.cancelsAtPeriodEnd')}</p> : null}
        {overview.hasCustomer ? (
          <Form method="post" reloadDocument>
            <input type="hidden" name="intent" value="portal" />
            <p className="muted">{t('subscriptions.manage.hint')}</p>
            <button type="submit" disabled={busy}>
              {t('subscriptions.action.manage')}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="plans">
        <h2 id="plans">{t('subscriptions.plans.heading')}</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('subscriptions.plans.plan')}</th>
              <th scope="col">{t('subscriptions.plans.units')}</th>
              <th scope="col">{t('subscriptions.plans.action')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.plans.map((plan) => (
              <tr key={plan.id} data-testid={`plan-${plan.id}`}>
                <th scope="row">{planName(plan.id)}</th>
                <td>{plan.unitLimit === null ? t('subscriptions.plans.unlimited') : t('subscriptions.plans.upTo', { count: plan.unitLimit })}</td>
                <td>
                  {plan.id === overview.plan ? (
                    <strong>{t('subscriptions.plans.yours')}</strong>
                  ) : plan.id === 'free' ? (
                    t('subscriptions.plans.included')
                  ) : plan.purchasable ? (
                    // A full page load: the answer is a redirect to Stripe's own site.
                    <Form method="post" reloadDocument>
                      <input type="hidden" name="intent" value="checkout" />
                      <input type="hidden" name="plan" value={plan.id} />
                      <button type="submit" disabled={busy}>
                        {overview.live ? t('subscriptions.action.change', { plan: planName(plan.id) }) : t('subscriptions.action.subscribe', { plan: planName(plan.id) })}
                      </button>
                    </Form>
                  ) : (
                    <span className="muted">{t('subscriptions.plans.notSold')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
