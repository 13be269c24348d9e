import { formatMoney, formatPercent } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import type { ProgramEvidenceDto } from '#app/services/costs/portfolio-evidence.server';

/** One program's measured cost per contact and quality, per unit, for a cell of the portfolio table. */
export function PortfolioEvidence({ evidence, canReadCosts }: { evidence: ProgramEvidenceDto | undefined; canReadCosts: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!evidence || evidence.handled === 0) return <span className="muted">{t('whatIf.evidence.noData')}</span>;
  const money = (minor: string | null) => (minor === null ? '—' : formatMoney(locale, BigInt(minor), evidence.currency));
  const pct = (value: number | null) => (value === null ? '—' : formatPercent(locale, value, 1));
  return (
    <div data-testid="portfolio-evidence">
      <div className="muted small">{t('whatIf.evidence.period', { from: evidence.from, to: evidence.to })}</div>
      <ul style={{ margin: 0, paddingLeft: '1rem' }}>
        {evidence.units.map((u) => (
          <li key={u.unitId} data-unit={u.unitId}>
            <strong>{u.unitName}</strong> ({t(`whatIf.evidence.kind.${u.kind}`)}):{' '}
            {canReadCosts ? (
              <>
                {t('whatIf.evidence.costPerContact', { cost: money(u.costPerContactMinor) })}
                {u.costSources.length ? <span className="muted small"> {t('whatIf.evidence.source', { sources: u.costSources.map((s) => t(`whatIf.evidence.source.${s}`)).join(', ') })}</span> : null}
                {u.monthsWithoutCost.length ? <span className="muted small"> {t('whatIf.evidence.missing', { months: u.monthsWithoutCost.join(', ') })}</span> : null}
                {' · '}
              </>
            ) : null}
            {t('whatIf.evidence.quality', { sl: pct(u.serviceLevel), csat: pct(u.csat) })}
          </li>
        ))}
      </ul>
    </div>
  );
}
