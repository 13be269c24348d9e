import type { McFarlanQuadrant, Recommendation, ServiceMode, SourcingConcern } from '#app/domain/programs/sourcing';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';
import { McFarlanGrid } from './mcfarlan-grid';
import { useMessage } from './form-bits';

export interface SourcingResultView {
  quadrant: McFarlanQuadrant;
  position: { dependence: number; innovation: number };
  isBorderline: boolean;
  mode: ServiceMode;
  recommendation: Recommendation;
  majorConcerns: SourcingConcern[];
  adviceKeys: string[];
}

/** The assessment in words and on the grid; the picture's label carries the same facts as the text. */
export function SourcingResult({ programId, programName, result }: { programId: string; programName: string; result: SourcingResultView }) {
  const t = useT();
  const message = useMessage();
  const quadrant = t(`programs.sourcing.quadrant.${result.quadrant}` as MessageKey);
  const position = t('programsUi.sourcing.position', { name: programName, quadrant, dependence: result.position.dependence, innovation: result.position.innovation });
  return (
    <section className="card sourcing-result" aria-labelledby="result-heading">
      <h2 id="result-heading">{t('programsUi.sourcing.result')}</h2>
      <div className="sourcing-layout">
        <McFarlanGrid label={position} points={[{ id: programId, label: programName, ...result.position }]} />
        <div>
          <p data-testid="sourcing-position">
            {position}
            {result.isBorderline ? ` ${t('programsUi.sourcing.borderline')}` : ''}
          </p>
          <p>
            {t('programsUi.sourcing.modeIs')} <strong>{t(`programs.sourcing.mode.${result.mode}`)}</strong>
          </p>
          <p>
            <strong>{t(`programs.sourcing.recommendation.${result.recommendation}`)}</strong>
          </p>
          {result.majorConcerns.length ? (
            <p>
              {t('programsUi.sourcing.majorConcerns')} {result.majorConcerns.map((c) => t(`programs.sourcing.concern.${c}`)).join(', ')}
            </p>
          ) : null}
          <h3>{t('programsUi.sourcing.advice')}</h3>
          <ul data-testid="sourcing-advice">
            {result.adviceKeys.map((key) => (
              <li key={key}>{message(key)}</li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
