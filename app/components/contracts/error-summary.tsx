import { useEffect, useRef } from 'react';
import type { MessageKey } from '#app/i18n/en';
import { useT } from '#app/i18n/react';
import type { Translate } from '#app/i18n/index';
import { parseFieldName, type FieldErrors } from '#app/lib/form-data';
import { fieldIdOf, useMessage } from './editor-bits';

const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'contractsUi.field.name',
  vendorOrgId: 'contractsUi.field.vendor',
  unitIds: 'contractsUi.field.units',
  effectiveFrom: 'contractsUi.field.effectiveFrom',
  effectiveTo: 'contractsUi.field.effectiveTo',
  reason: 'contractsUi.field.reason',
  currency: 'contractsUi.field.currency',
  taxRatePct: 'contractsUi.field.taxRatePct',
  minimumMonthlyCommitment: 'contractsUi.field.minimumMonthlyCommitment',
  atRiskPct: 'contractsUi.field.atRiskPct',
  poolPct: 'contractsUi.field.poolPct',
  earnBackMonths: 'contractsUi.field.earnBackMonths',
  rateLines: 'contractsUi.rateCard.title',
  slas: 'contractsUi.slas.title',
  tiers: 'contractsUi.tiers.title',
  pricingModel: 'contractsUi.field.pricingModel',
  description: 'contractsUi.field.description',
  channel: 'contractsUi.field.channel',
  queueId: 'contractsUi.field.queue',
  rate: 'contractsUi.field.rate',
  fromQty: 'contractsUi.field.fromQty',
  toQty: 'contractsUi.field.toQty',
  kpi: 'contractsUi.field.kpi',
  comparator: 'contractsUi.field.comparator',
  target: 'contractsUi.field.target',
  period: 'contractsUi.field.period',
  scopeUnitId: 'contractsUi.field.scopeUnit',
  scopeQueueId: 'contractsUi.field.scopeQueue',
  scopeChannel: 'contractsUi.field.scopeChannel',
  minimumVolume: 'contractsUi.field.minimumVolume',
  missingFeed: 'contractsUi.field.missingFeed',
  slVariant: 'contractsUi.field.slVariant',
  thresholdS: 'contractsUi.field.thresholdS',
  shortAbandonS: 'contractsUi.field.shortAbandonS',
  isCritical: 'contractsUi.field.isCritical',
  allocationPct: 'contractsUi.field.allocationPct',
};

const ROW_LABELS: Record<string, MessageKey> = {
  slas: 'contractsUi.slas.rowLegend',
  rateLines: 'contractsUi.rateCard.lineLegend',
  tiers: 'contractsUi.tiers.rowLabel',
};

/** "SLA 3 · Target", "Rate line 1 · Tier 2 · To": where an error is, in words. */
export function describeField(t: Translate, name: string): string {
  const path = parseFieldName(name);
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const part = String(path[i]);
    const index = path[i + 1];
    if (typeof index === 'number') i++;
    if (typeof index === 'number' && ROW_LABELS[part]) parts.push(t(ROW_LABELS[part], { n: index + 1 }));
    else if (FIELD_LABELS[part]) parts.push(t(FIELD_LABELS[part]));
  }
  return parts.join(' · ') || name;
}

/** The errors of a refused form at its top, each linking to its field; focused so it is read first. */
export function ErrorSummary({ errors, formError }: { errors: FieldErrors; formError?: string }) {
  const t = useT();
  const message = useMessage();
  const entries = Object.entries(errors);
  const summary = useRef<HTMLDivElement>(null);
  const hasErrors = entries.length > 0 || Boolean(formError);
  useEffect(() => {
    if (hasErrors) summary.current?.focus();
  }, [hasErrors, errors]);
  if (!hasErrors) return null;
  return (
    <div ref={summary} className="form-error contract-error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t('contractsUi.errorSummary.title')}</h2>
      {formError ? <p>{formError}</p> : null}
      <ul>
        {entries.map(([name, key]) => (
          <li key={name}>
            {name ? (
              <a href={`#${fieldIdOf(name.startsWith('unitIds') ? 'unitIds' : name)}`}>
                {describeField(t, name)}: {message(key)}
              </a>
            ) : (
              message(key)
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
