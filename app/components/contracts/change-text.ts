import type { ChangeField, ChangeScope, ChangeSubject, ChangeValue, TermChange } from '#app/domain/contracts/diff';
import { en, type MessageKey } from '#app/i18n/en';
import type { Translate } from '#app/i18n/index';

/** The catalogue label of a code (`contractsUi.kpi.service_level`), or the code itself when the catalogue has none. */
function label(t: Translate, prefix: string, code: string): string {
  const key = `contractsUi.${prefix}.${code}`;
  return key in en ? t(key as MessageKey) : code;
}

const FIELD_KEYS: Record<ChangeField, MessageKey> = {
  description: 'contractsUi.field.description',
  comparator: 'contractsUi.field.comparator',
  target: 'contractsUi.field.target',
  thresholdS: 'contractsUi.field.thresholdS',
  slVariant: 'contractsUi.field.slVariant',
  shortAbandonS: 'contractsUi.field.shortAbandonS',
  minimumVolume: 'contractsUi.field.minimumVolume',
  missingFeed: 'contractsUi.field.missingFeed',
  type: 'contractsUi.slas.type',
  allocationPct: 'contractsUi.field.allocationPct',
};

function scoped(t: Translate, subject: string, scope: ChangeScope): string {
  const parts = [scope.unit, scope.queue, scope.channel ? label(t, 'channel', scope.channel) : null].filter(Boolean);
  return parts.length ? t('contractsUi.history.scoped', { subject, scope: parts.join(' · ') }) : subject;
}

/** "Per handled contact rate (Voice)", "SLA Service level (Week) (Vendor A site)", "Tax rate (%)". */
export function subjectText(t: Translate, about: ChangeSubject): string {
  switch (about.area) {
    case 'terms':
      return t(`contractsUi.field.${about.field}`);
    case 'rate': {
      const line = t('contractsUi.history.rateSubject', { model: label(t, 'pricingModel', about.pricingModel) });
      return scoped(t, about.description ? t('contractsUi.history.described', { subject: line, description: about.description }) : line, about.scope);
    }
    case 'sla': {
      const kpi = label(t, 'kpi', about.kpi);
      return scoped(t, about.period === 'month' ? t('contractsUi.history.slaSubject', { kpi }) : t('contractsUi.history.slaSubjectPeriod', { kpi, period: label(t, 'period', about.period) }), about.scope);
    }
  }
}

/** A before or after value: codes through the catalogue, numbers and dates as the diff formatted them. */
export function valueText(t: Translate, value: ChangeValue | undefined): string {
  if (!value) return '—';
  switch (value.type) {
    case 'text':
      return value.text;
    case 'none':
      return '—';
    case 'seconds':
      return t('contractsUi.history.seconds', { n: value.seconds });
    case 'atCost':
      return t('contractsUi.rateCard.atCost');
    case 'comparator':
      return label(t, 'comparatorSymbol', value.comparator);
    case 'missingFeed':
      return label(t, 'missingFeed', value.missingFeed);
    case 'slVariant':
      return label(t, 'slVariant', value.slVariant);
    case 'slaType':
      return t(value.critical ? 'contractsUi.slas.critical' : 'contractsUi.slas.key');
    case 'sla': {
      const target = valueText(t, value.target);
      return t('contractsUi.history.slaSummary', {
        comparator: label(t, 'comparatorSymbol', value.comparator),
        target: value.thresholdS === null ? target : t('contractsUi.history.within', { target, n: value.thresholdS }),
        type: value.critical ? t('contractsUi.history.criticalShare', { allocation: value.allocation }) : t('contractsUi.slas.key'),
      });
    }
  }
}

/** One change as a line in the reader's language; the English `text` stays for audit and the API. */
export function changeText(t: Translate, change: TermChange): string {
  if (!change.about) return change.text; // a change recorded before the structured fields existed
  const subject = subjectText(t, change.about);
  if (change.kind === 'added') return t('contractsUi.history.added', { subject, value: valueText(t, change.afterValue) });
  if (change.kind === 'removed') return t('contractsUi.history.removed', { subject, value: valueText(t, change.beforeValue) });
  const before = valueText(t, change.beforeValue);
  const after = valueText(t, change.afterValue);
  return change.fieldId ? t('contractsUi.history.changed', { subject, field: t(FIELD_KEYS[change.fieldId]), before, after }) : t('contractsUi.history.changedValue', { subject, before, after });
}
