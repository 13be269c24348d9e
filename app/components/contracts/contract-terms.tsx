import type { TermChange } from '#app/domain/contracts/diff';
import { useLocale, useT } from '#app/i18n/react';
import { changeText } from './change-text';
import { formatBpPercent, formatRate, formatSlaTarget } from './format';

/** What the contract pages show of a version (the service's DTO, as JSON). */
export interface VersionView {
  versionNo: number;
  currency: string;
  taxRateBp: number;
  minimumMonthlyCommitment: string | null;
  atRiskBp: number;
  poolBp: number;
  earnBackMonths: number;
  rateLines: { id: string; pricingModel: string; description: string | null; channel: string | null; queueId: string | null; rate: string | null; tiers: { fromQty: number; toQty: number | null; rate: string }[] }[];
  slas: {
    id: string;
    kpi: string;
    comparator: string;
    target: number;
    period: string;
    scopeUnitId: string | null;
    scopeQueueId: string | null;
    scopeChannel: string | null;
    minimumVolume: number;
    missingFeed: string;
    slVariant: string | null;
    thresholdS: number | null;
    shortAbandonS: number | null;
    isCritical: boolean;
    allocationBp: number | null;
  }[];
}
export type Names = Record<string, string>;

type Key = Parameters<ReturnType<typeof useT>>[0];
const optionKey = (prefix: string, value: string) => `contractsUi.${prefix}.${value}` as Key;

export function CreditTerms({ version }: { version: VersionView }) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl className="contract-facts">
      <div>
        <dt>{t('contractsUi.field.currency')}</dt>
        <dd>{version.currency}</dd>
      </div>
      <div>
        <dt>{t('contractsUi.field.taxRatePct')}</dt>
        <dd>{formatBpPercent(locale, version.taxRateBp)}</dd>
      </div>
      <div>
        <dt>{t('contractsUi.field.minimumMonthlyCommitment')}</dt>
        <dd>{formatRate(locale, version.minimumMonthlyCommitment, version.currency)}</dd>
      </div>
      <div>
        <dt>{t('contractsUi.field.atRiskPct')}</dt>
        <dd data-testid="at-risk">{formatBpPercent(locale, version.atRiskBp)}</dd>
      </div>
      <div>
        <dt>{t('contractsUi.field.poolPct')}</dt>
        <dd>{formatBpPercent(locale, version.poolBp)}</dd>
      </div>
      <div>
        <dt>{t('contractsUi.field.earnBackMonths')}</dt>
        <dd>{t('contractsUi.months', { n: version.earnBackMonths })}</dd>
      </div>
    </dl>
  );
}

export function RateCardTable({ version, queueNames }: { version: VersionView; queueNames: Names }) {
  const t = useT();
  const locale = useLocale();
  const money = (v: string | null) => formatRate(locale, v, version.currency);
  return (
    <table className="data" data-testid="rate-card">
      <caption className="visually-hidden">{t('contractsUi.rateCard.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('contractsUi.field.pricingModel')}</th>
          <th scope="col">{t('contractsUi.field.description')}</th>
          <th scope="col">{t('contractsUi.rateCard.scope')}</th>
          <th scope="col" className="num">
            {t('contractsUi.field.rate')}
          </th>
          <th scope="col">{t('contractsUi.tiers.title')}</th>
        </tr>
      </thead>
      <tbody>
        {version.rateLines.map((line) => (
          <tr key={line.id}>
            <td>{t(optionKey('pricingModel', line.pricingModel))}</td>
            <td>{line.description ?? '—'}</td>
            <td>{[line.channel ? t(optionKey('channel', line.channel)) : null, line.queueId ? (queueNames[line.queueId] ?? '—') : null].filter(Boolean).join(' · ') || t('contractsUi.any')}</td>
            <td className="num">{line.pricingModel === 'pass_through' && line.rate === null ? t('contractsUi.rateCard.atCost') : line.tiers.length ? '—' : money(line.rate)}</td>
            <td>
              {line.tiers.length ? (
                <ul className="contract-tier-list">
                  {line.tiers.map((tier) => (
                    <li key={tier.fromQty}>{t('contractsUi.tiers.band', { from: tier.fromQty, to: tier.toQty ?? '∞', rate: money(tier.rate) })}</li>
                  ))}
                </ul>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SlaTable({ version, unitNames, queueNames }: { version: VersionView; unitNames: Names; queueNames: Names }) {
  const t = useT();
  const locale = useLocale();
  return (
    <table className="data" data-testid="sla-table">
      <caption className="visually-hidden">{t('contractsUi.slas.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('contractsUi.field.kpi')}</th>
          <th scope="col">{t('contractsUi.field.target')}</th>
          <th scope="col">{t('contractsUi.field.period')}</th>
          <th scope="col">{t('contractsUi.slas.scope')}</th>
          <th scope="col" className="num">
            {t('contractsUi.field.minimumVolume')}
          </th>
          <th scope="col">{t('contractsUi.field.missingFeed')}</th>
          <th scope="col">{t('contractsUi.slas.serviceLevelTerms')}</th>
          <th scope="col">{t('contractsUi.slas.type')}</th>
          <th scope="col" className="num">
            {t('contractsUi.field.allocationPct')}
          </th>
        </tr>
      </thead>
      <tbody>
        {version.slas.map((sla) => (
          <tr key={sla.id}>
            <th scope="row">{t(optionKey('kpi', sla.kpi))}</th>
            <td>
              {t(optionKey('comparatorSymbol', sla.comparator))} {formatSlaTarget(locale, sla.kpi, sla.target, version.currency)}
            </td>
            <td>{t(optionKey('period', sla.period))}</td>
            <td>
              {[sla.scopeUnitId ? (unitNames[sla.scopeUnitId] ?? '—') : null, sla.scopeQueueId ? (queueNames[sla.scopeQueueId] ?? '—') : null, sla.scopeChannel ? t(optionKey('channel', sla.scopeChannel)) : null]
                .filter(Boolean)
                .join(' · ') || t('contractsUi.slas.wholeContract')}
            </td>
            <td className="num">{sla.minimumVolume}</td>
            <td>{t(optionKey('missingFeed', sla.missingFeed))}</td>
            <td>
              {sla.kpi === 'service_level' && sla.slVariant
                ? t('contractsUi.slas.serviceLevelDetail', { variant: t(optionKey('slVariant', sla.slVariant)), t: sla.thresholdS ?? '—', shortAbandon: sla.shortAbandonS ?? '—' })
                : '—'}
            </td>
            <td>{sla.isCritical ? <span className="badge warn">{t('contractsUi.slas.critical')}</span> : <span className="badge">{t('contractsUi.slas.key')}</span>}</td>
            <td className="num">{sla.isCritical ? formatBpPercent(locale, sla.allocationBp) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The readable changes from one version to the next, from the service's diff. */
export function VersionHistory({ history }: { history: { fromVersionNo: number; toVersionNo: number; changes: TermChange[] }[] }) {
  const t = useT();
  if (!history.length) return <p className="muted">{t('contractsUi.history.none')}</p>;
  return (
    <ol className="contract-history" reversed>
      {[...history].reverse().map((step) => (
        <li key={step.toVersionNo} data-testid="history-step">
          <h3>{t('contractsUi.history.step', { from: step.fromVersionNo, to: step.toVersionNo })}</h3>
          {step.changes.length ? (
            <ul>
              {step.changes.map((change, i) => (
                <li key={i}>
                  <span className={`badge${change.kind === 'removed' ? ' danger' : change.kind === 'added' ? ' ok' : ''}`}>{t(`contractsUi.history.kind.${change.kind}`)}</span> {changeText(t, change)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('contractsUi.history.noChanges')}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
