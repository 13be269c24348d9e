/** The sentences explaining a gap in cost per contact where AHT or channel mix differ (whole range). */
import { formatMoney, formatPercent } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import type { ComparisonDto } from '#app/domain/costs/comparison-types';

export function ComparisonExplanations({ dto }: { dto: ComparisonDto }) {
  const t = useT();
  const locale = useLocale();
  const name = (id: string) => dto.units.find((u) => u.id === id)?.name ?? id;
  const money = (minor: string) => formatMoney(locale, BigInt(minor), dto.currency);
  const signed = (minor: string) => (minor.startsWith('-') ? `−${money(minor.slice(1))}` : `+${money(minor)}`);
  const whole = dto.explanations.filter((e) => e.month === null);
  return (
    <section aria-labelledby="comparison-explained">
      <h2 id="comparison-explained">{t('costs.comparison.explainedTitle', { from: dto.from, to: dto.to })}</h2>
      {whole.length === 0 ? <p className="muted">{t('costs.comparison.nothingToExplain')}</p> : null}
      <ul data-testid="explanations">
        {whole.map((e) => {
          const other = name(e.otherUnitId);
          const reference = name(e.referenceUnitId);
          const params = { other, reference, otherAht: Math.round(e.otherAht), referenceAht: Math.round(e.referenceAht), pct: formatPercent(locale, Math.abs(e.minutesPerContactChange), 0) };
          return (
            <li key={`${e.referenceUnitId}-${e.otherUnitId}`}>
              {t('costs.comparison.gapPerContact', { other, reference, gap: signed(e.costPerContactGapMinor) })}{' '}
              {e.isAhtDifferent ? (
                <>
                  {t(e.minutesPerContactChange < 0 ? 'costs.comparison.fewerMinutes' : 'costs.comparison.moreMinutes', params)}{' '}
                  {t('costs.comparison.perMinuteGap', { gap: signed(e.costPerMinuteGapMinor), atReference: money(e.otherAtReferenceAhtMinor), other, referenceAht: params.referenceAht })}
                </>
              ) : (
                t('costs.comparison.sameMinutes', params)
              )}
              {e.mixGap ? (
                <>
                  {' '}
                  {t('costs.comparison.mixGap', {
                    channel: t(`costs.channel.${e.mixGap.channel}` as never) ?? e.mixGap.channel,
                    other,
                    reference,
                    otherShare: formatPercent(locale, e.mixGap.other, 0),
                    referenceShare: formatPercent(locale, e.mixGap.reference, 0),
                  })}
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
