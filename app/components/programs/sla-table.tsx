import { KPIS, type KpiId } from '#app/domain/kpi/catalog';
import { targetToDisplay } from '#app/domain/contracts/sla';
import { formatNumber } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';

/** One SLA or internal target as the pages show it (the stored terms, no ids the viewer may not see). */
export interface SlaRowView {
  id: string;
  kpi: KpiId;
  comparator: 'gte' | 'lte';
  target: number;
  period: 'month' | 'week' | 'day';
  scopeUnitId: string | null;
  scopeQueueId: string | null;
  scopeChannel: string | null;
  minimumVolume: number;
  slVariant: string | null;
  thresholdS: number | null;
  shortAbandonS: number | null;
  isCritical: boolean;
  allocationBp: number | null;
}

/** "80 %", "30 s", "90": the target in the KPI's own unit, in the reader's locale. */
export function useFormatTarget() {
  const t = useT();
  const locale = useLocale();
  return (kpi: KpiId, stored: number) => {
    const shown = formatNumber(locale, targetToDisplay(kpi, stored), 2);
    const unit = KPIS[kpi].unit;
    if (unit === 'ratio') return t('programsUi.target.percent', { value: shown });
    if (unit === 'seconds') return t('programsUi.target.seconds', { value: shown });
    return shown;
  };
}

interface SlaTableProps {
  slas: SlaRowView[];
  caption: string;
  /** Names of the units and queues a scope may point to. */
  scopeNames: Record<string, string>;
  /** Contract SLAs carry credits (critical/key, allocation); internal targets do not. */
  showCredits: boolean;
}

export function SlaTable({ slas, caption, scopeNames, showCredits }: SlaTableProps) {
  const t = useT();
  const locale = useLocale();
  const formatTarget = useFormatTarget();
  const scopeOf = (s: SlaRowView) =>
    [s.scopeUnitId ? (scopeNames[s.scopeUnitId] ?? '—') : null, s.scopeQueueId ? (scopeNames[s.scopeQueueId] ?? '—') : null, s.scopeChannel ? t(`programsUi.channel.${s.scopeChannel as 'voice'}`) : null]
      .filter(Boolean)
      .join(' · ') || t('programsUi.sla.scopeAll');
  return (
    <table className="data sla-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('programsUi.sla.kpi')}</th>
          <th scope="col">{t('programsUi.sla.comparator')}</th>
          <th scope="col" className="num">
            {t('programsUi.sla.target')}
          </th>
          <th scope="col">{t('programsUi.sla.period')}</th>
          <th scope="col">{t('programsUi.sla.scope')}</th>
          <th scope="col" className="num">
            {t('programsUi.sla.minimumVolume')}
          </th>
          {showCredits ? (
            <>
              <th scope="col">{t('programsUi.sla.type')}</th>
              <th scope="col" className="num">
                {t('programsUi.sla.allocation')}
              </th>
            </>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {slas.map((s) => (
          <tr key={s.id} data-testid="sla-row">
            <td>
              {t(`programsUi.kpi.${s.kpi}`)}
              {s.kpi === 'service_level' && s.thresholdS !== null ? (
                <div className="muted small">
                  {t('programsUi.sla.serviceLevelTerms', {
                    threshold: s.thresholdS,
                    shortAbandon: s.shortAbandonS ?? 0,
                    variant: s.slVariant ? t(`programsUi.slVariant.${s.slVariant as 'negative'}`) : '—',
                  })}
                </div>
              ) : null}
            </td>
            <td>
              <span aria-hidden="true">{s.comparator === 'gte' ? '≥' : '≤'}</span>
              <span className="visually-hidden">{t(`programsUi.comparator.${s.comparator}`)}</span>
            </td>
            <td className="num">{formatTarget(s.kpi, s.target)}</td>
            <td>{t(`programsUi.period.${s.period}`)}</td>
            <td>{scopeOf(s)}</td>
            <td className="num">{formatNumber(locale, s.minimumVolume, 0)}</td>
            {showCredits ? (
              <>
                <td>{s.isCritical ? <span className="badge danger">{t('programsUi.sla.critical')}</span> : <span className="badge">{t('programsUi.sla.key')}</span>}</td>
                <td className="num">{s.allocationBp !== null ? t('programsUi.target.percent', { value: formatNumber(locale, s.allocationBp / 100, 2) }) : '—'}</td>
              </>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
