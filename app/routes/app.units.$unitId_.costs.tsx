import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { InHouseMonthForm, OversightForm, TransitionForm, type PostedForm } from '#app/components/costs/entry-forms';
import { Money } from '#app/components/costs/money';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import { minorToMajorString } from '#app/domain/costs/amounts';
import { COST_CATEGORIES } from '#app/domain/costs/in-house';
import { can } from '#app/domain/permissions';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { addTransitionCost, deleteTransitionCost, getUnitCosts, saveInHouseMonth, saveOversightMonth, type UnitCostsDto } from '#app/services/costs/unit-costs.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.costs', { unit: data?.costs.unit.name });
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

/** Finance and program managers keep a unit's costs here; vendors never reach the page (no read:costs). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:costs');
  const unitId = idParam(params.unitId);
  const costs = await getUnitCosts(ctx, unitId).catch(throwHttpError);
  return { costs, canWrite: can(ctx.role, 'write:costs') };
}

const INTENTS = ['save-month', 'save-oversight', 'add-transition', 'delete-transition'] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:costs');
  const unitId = idParam(params.unitId);
  const values = Object.fromEntries([...(await request.formData())].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const intent = (INTENTS as readonly string[]).includes(values.intent ?? '') ? values.intent! : 'save-month';
  try {
    if (intent === 'save-month') await saveInHouseMonth(ctx, unitId, values);
    else if (intent === 'save-oversight') await saveOversightMonth(ctx, unitId, values);
    else if (intent === 'add-transition') await addTransitionCost(ctx, unitId, values);
    else await deleteTransitionCost(ctx, unitId, values.transitionId ?? '');
  } catch (error) {
    const failure = formFailureOf(error);
    const posted: PostedForm & { saved: false } = { intent, values, fieldErrors: failure.fieldErrors, formError: failure.formError, saved: false };
    return data(posted, { status: failure.status });
  }
  return data({ intent, values, fieldErrors: {}, formError: null, saved: true as boolean });
}

function monthDefaults(costs: UnitCostsDto, month: string | null): Record<string, string> {
  const row = costs.inHouse.find((r) => r.month === month);
  if (!row) return { month: month ?? '' };
  const major = (minor: string) => minorToMajorString(BigInt(minor), costs.unit.minorDigits);
  return {
    month: row.month,
    agentFte: row.agentFte,
    productiveHours: row.productiveHours,
    loadedCostPerFte: major(row.loadedCostPerFteMinor),
    ...Object.fromEntries(COST_CATEGORIES.map((c) => [c, major(row.categories[c])])),
  };
}

export default function UnitCostsPage() {
  const t = useT();
  const { costs, canWrite } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { unit } = costs;
  const editing = search.get('edit');
  // After an import the page is reached with ?imported=<rows> (the import route's redirect): say so.
  const importedText = search.get('imported');
  const imported = importedText && /^\d+$/.test(importedText) ? Number(importedText) : null;
  const failed = posted && !posted.saved ? (posted as PostedForm) : null;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/app/programs', label: t('nav.programs') },
          { to: `/app/programs/${unit.programId}`, label: unit.programName },
          { to: `/app/units/${unit.id}`, label: unit.name },
          { label: t('costs.page.crumb') },
        ]}
      />
      <h1>{t('costs.page.title', { unit: unit.name })}</h1>
      <p className="muted">{t(unit.kind === 'in_house' ? 'costs.page.introInHouse' : 'costs.page.introVendor', { currency: unit.currency })}</p>
      <p className="toolbar">
        <Link className="button secondary" to={`/app/programs/${unit.programId}/comparison`}>
          {t('costs.comparison.link')}
        </Link>
        {unit.kind === 'in_house' && canWrite ? (
          <Link className="button secondary" to={`/app/units/${unit.id}/costs/import`}>
            {t('costs.import.link')}
          </Link>
        ) : null}
      </p>
      {posted?.saved ? (
        <p className="notice" role="status">
          {t('costs.form.saved')}
        </p>
      ) : imported !== null ? (
        <p className="notice" role="status">
          {t('costs.import.done', { count: imported })}
        </p>
      ) : null}
      {unit.kind === 'in_house' ? <InHouseTable costs={costs} canWrite={canWrite} /> : <OversightTable costs={costs} />}
      {canWrite && unit.kind === 'in_house' ? <InHouseMonthForm currency={unit.currency} posted={failed} defaults={monthDefaults(costs, editing)} /> : null}
      {canWrite && unit.kind === 'vendor' ? (
        <OversightForm currency={unit.currency} posted={failed} defaults={{ month: editing ?? '', amount: costs.oversight.find((o) => o.month === editing) ? minorToMajorString(BigInt(costs.oversight.find((o) => o.month === editing)!.amountMinor), unit.minorDigits) : '' }} />
      ) : null}
      <Transitions costs={costs} canWrite={canWrite} posted={failed} />
    </>
  );
}

function InHouseTable({ costs, canWrite }: { costs: UnitCostsDto; canWrite: boolean }) {
  const t = useT();
  const { unit } = costs;
  return (
    <section aria-labelledby="in-house-months">
      <h2 id="in-house-months">{t('costs.table.title')}</h2>
      {costs.inHouse.length === 0 ? <p className="muted">{t('costs.table.empty')}</p> : null}
      <div style={{ overflowX: 'auto' }}>
        <table className="data" data-testid="in-house-costs">
          <caption className="visually-hidden">{t('costs.table.caption', { unit: unit.name, currency: unit.currency })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('costs.field.month')}</th>
              <th scope="col" className="num">{t('costs.field.agentFte')}</th>
              <th scope="col" className="num">{t('costs.field.productiveHours')}</th>
              <th scope="col" className="num">{t('costs.field.loadedCostPerFte')}</th>
              <th scope="col" className="num">{t('costs.field.agentLabour')}</th>
              {COST_CATEGORIES.map((c) => (
                <th scope="col" className="num" key={c}>
                  {t(`costs.category.${c}`)}
                </th>
              ))}
              <th scope="col" className="num">{t('costs.field.total')}</th>
              <th scope="col">{t('costs.field.source')}</th>
              {canWrite ? <th scope="col"><span className="visually-hidden">{t('costs.table.actions')}</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {costs.inHouse.map((row) => (
              <tr key={row.month} data-month={row.month}>
                <th scope="row">{row.month}</th>
                <td className="num">{row.agentFte}</td>
                <td className="num">{row.productiveHours}</td>
                <td className="num"><Money minor={row.loadedCostPerFteMinor} currency={unit.currency} /></td>
                <td className="num"><Money minor={row.agentLabourMinor} currency={unit.currency} /></td>
                {COST_CATEGORIES.map((c) => (
                  <td className="num" key={c}>
                    <Money minor={row.categories[c]} currency={unit.currency} />
                  </td>
                ))}
                <td className="num" data-testid="month-total"><strong><Money minor={row.totalMinor} currency={unit.currency} /></strong></td>
                <td>{row.source === 'form' ? t('costs.source.form') : t('costs.source.file', { file: row.source })} · {row.updatedByLabel}</td>
                {canWrite ? (
                  <td>
                    <Link to={`?edit=${row.month}#cost-form`} aria-label={t('costs.table.editMonth', { month: row.month })}>
                      {t('costs.table.edit')}
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function OversightTable({ costs }: { costs: UnitCostsDto }) {
  const t = useT();
  const { unit } = costs;
  return (
    <section aria-labelledby="oversight-months">
      <h2 id="oversight-months">{t('costs.oversight.title')}</h2>
      <p className="muted">{t('costs.oversight.chargesNote')}</p>
      {costs.oversight.length === 0 ? <p className="muted">{t('costs.oversight.empty')}</p> : null}
      {costs.oversight.length > 0 ? (
        <table className="data" data-testid="oversight-costs">
          <thead>
            <tr>
              <th scope="col">{t('costs.field.month')}</th>
              <th scope="col" className="num">{t('costs.field.oversightAmount')}</th>
              <th scope="col">{t('costs.field.note')}</th>
              <th scope="col">{t('costs.field.updatedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {costs.oversight.map((row) => (
              <tr key={row.month}>
                <th scope="row">{row.month}</th>
                <td className="num"><Money minor={row.amountMinor} currency={unit.currency} /></td>
                <td>{row.note ?? ''}</td>
                <td>{row.updatedByLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function Transitions({ costs, canWrite, posted }: { costs: UnitCostsDto; canWrite: boolean; posted: PostedForm | null }) {
  const t = useT();
  const { unit } = costs;
  return (
    <section aria-labelledby="transitions">
      <h2 id="transitions">{t('costs.transition.title')}</h2>
      <p className="muted">{t('costs.transition.intro')}</p>
      {costs.transitions.length === 0 ? <p className="muted">{t('costs.transition.empty')}</p> : null}
      {costs.transitions.map((tr) => (
        <details key={tr.id} className="card" data-testid="transition">
          <summary>
            {t('costs.transition.summary', { description: tr.description, months: tr.amortisationMonths, start: tr.startMonth })} <Money minor={tr.amountMinor} currency={unit.currency} />
          </summary>
          <table className="data">
            <caption>{t('costs.transition.schedule')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('costs.field.month')}</th>
                <th scope="col" className="num">{t('costs.transition.amortised')}</th>
              </tr>
            </thead>
            <tbody>
              {tr.schedule.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  <td className="num"><Money minor={m.amountMinor} currency={unit.currency} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {canWrite ? (
            <Form method="post">
              <input type="hidden" name="intent" value="delete-transition" />
              <input type="hidden" name="transitionId" value={tr.id} />
              <button type="submit" className="secondary" aria-label={t('costs.transition.deleteLabel', { description: tr.description })}>
                {t('costs.transition.delete')}
              </button>
            </Form>
          ) : null}
        </details>
      ))}
      {canWrite ? <TransitionForm currency={unit.currency} posted={posted} /> : null}
    </section>
  );
}
