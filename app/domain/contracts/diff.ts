import { KPIS, type KpiId } from '../kpi/catalog';
import { compareDecimal, formatBp, formatDecimal } from './decimal';
import { PRICING_UNITS, type PricingModel } from './rate-card';
import { formatTarget, targetToDisplay, type SlaTerms } from './sla';
import { slaKey } from './version';

export interface DiffRateLine {
  pricingModel: PricingModel;
  description: string | null;
  channel: string | null;
  queueId: string | null;
  rate: string | null;
  tiers: { fromQty: number; toQty: number | null; rate: string }[];
}
export type DiffSla = Pick<
  SlaTerms,
  'kpi' | 'comparator' | 'target' | 'period' | 'scopeUnitId' | 'scopeQueueId' | 'scopeChannel' | 'minimumVolume' | 'missingFeed' | 'slVariant' | 'thresholdS' | 'shortAbandonS' | 'isCritical' | 'allocationBp'
>;
export interface DiffTerms {
  effectiveFrom: string;
  effectiveTo: string | null;
  currency: string;
  taxRateBp: number;
  minimumMonthlyCommitment: string | null;
  atRiskBp: number;
  poolBp: number;
  earnBackMonths: number;
  rateLines: DiffRateLine[];
  slas: DiffSla[];
}

/** A version field, named as the form names it (`contractsUi.field.<id>`). */
export type TermsField = 'effectiveFrom' | 'effectiveTo' | 'currency' | 'taxRatePct' | 'minimumMonthlyCommitment' | 'atRiskPct' | 'poolPct' | 'earnBackMonths';
/** A changed field of a rate line or an SLA; `type` is critical vs key measurement. */
export type ChangeField = 'description' | 'comparator' | 'target' | 'thresholdS' | 'slVariant' | 'shortAbandonS' | 'minimumVolume' | 'missingFeed' | 'type' | 'allocationPct';
/** Where a rate line or SLA applies: unit and queue by name (or id when unknown), channel as its code. */
export interface ChangeScope {
  unit: string | null;
  queue: string | null;
  channel: string | null;
}
/** What a change is about, for a reader's language; `subject` is the same in English. */
export type ChangeSubject =
  | { area: 'terms'; field: TermsField }
  | { area: 'rate'; pricingModel: PricingModel; description: string | null; scope: ChangeScope }
  | { area: 'sla'; kpi: string; period: SlaTerms['period']; scope: ChangeScope };
/**
 * A value before or after, typed so codes can be translated: `text` is shown as is (dates, numbers,
 * percentages, amounts, tiers), the others name a catalogue entry or carry a number with its unit.
 */
export type ChangeValue =
  | { type: 'text'; text: string }
  | { type: 'none' }
  | { type: 'seconds'; seconds: number }
  | { type: 'atCost' }
  | { type: 'comparator'; comparator: SlaTerms['comparator'] }
  | { type: 'missingFeed'; missingFeed: SlaTerms['missingFeed'] }
  | { type: 'slVariant'; slVariant: NonNullable<SlaTerms['slVariant']> }
  | { type: 'slaType'; critical: boolean }
  | { type: 'sla'; comparator: SlaTerms['comparator']; target: ChangeValue; thresholdS: number | null; critical: boolean; allocation: string };

export interface TermChange {
  /** Which part of the terms changed: a version field, a rate-card line or an SLA. */
  area: 'terms' | 'rate' | 'sla';
  kind: 'added' | 'removed' | 'changed';
  /** What it is about, e.g. "SLA service_level (month)" or "rate per handled contact". */
  subject: string;
  field?: string;
  before?: string;
  after?: string;
  /** The whole change as one readable line: "SLA service_level target 80% → 85%". English, for audit and API. */
  text: string;
  /** The same, structured, for pages in the reader's language. */
  about: ChangeSubject;
  fieldId?: ChangeField;
  beforeValue?: ChangeValue;
  afterValue?: ChangeValue;
}

/** Names of units and queues, so scopes read "Taipei site" rather than a uuid. */
export interface DiffNames {
  units?: Record<string, string>;
  queues?: Record<string, string>;
}

/** A value as the English text shows it and as typed data. */
interface Shown {
  text: string;
  value: ChangeValue;
}
const plain = (text: string): Shown => ({ text, value: text === '—' ? { type: 'none' } : { type: 'text', text } });
const seconds = (n: number | null): Shown => (n === null ? plain('—') : { text: `${n} s`, value: { type: 'seconds', seconds: n } });
const show = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);

function change(about: ChangeSubject, subject: string, field: [string, ChangeField] | undefined, before: Shown, after: Shown): TermChange {
  return {
    area: about.area,
    kind: 'changed',
    subject,
    field: field?.[0],
    before: before.text,
    after: after.text,
    text: `${subject}${field ? ` ${field[0]}` : ''} ${before.text} → ${after.text}`,
    about,
    fieldId: field?.[1],
    beforeValue: before.value,
    afterValue: after.value,
  };
}

const rateAbout = (line: DiffRateLine, names: DiffNames): ChangeSubject => ({
  area: 'rate',
  pricingModel: line.pricingModel,
  description: line.description,
  scope: { unit: null, queue: line.queueId ? (names.queues?.[line.queueId] ?? line.queueId) : null, channel: line.channel },
});
function rateSubject(line: DiffRateLine, names: DiffNames): string {
  const base = line.pricingModel === 'pass_through' ? `pass-through ${line.description ?? ''}`.trim() : `rate per ${PRICING_UNITS[line.pricingModel]}`;
  const scope = [line.channel, line.queueId ? (names.queues?.[line.queueId] ?? line.queueId) : null].filter(Boolean).join(', ');
  const label = line.pricingModel !== 'pass_through' && line.description ? ` "${line.description}"` : '';
  return `${base}${label}${scope ? ` (${scope})` : ''}`;
}
const rateKey = (line: DiffRateLine) => [line.pricingModel, line.channel ?? '*', line.queueId ?? '*', line.pricingModel === 'pass_through' ? (line.description ?? '') : ''].join('|');
const formatTiers = (tiers: DiffRateLine['tiers']) => (tiers.length ? tiers.map((t) => `${t.fromQty}-${t.toQty ?? '∞'} @ ${formatDecimal(t.rate)}`).join('; ') : '—');
const priceOf = (line: DiffRateLine): Shown =>
  line.tiers.length ? plain(formatTiers(line.tiers)) : line.rate === null ? { text: 'at cost', value: { type: 'atCost' } } : plain(formatDecimal(line.rate));

const slaAbout = (s: DiffSla, names: DiffNames): ChangeSubject => ({
  area: 'sla',
  kpi: s.kpi,
  period: s.period,
  scope: { unit: s.scopeUnitId ? (names.units?.[s.scopeUnitId] ?? s.scopeUnitId) : null, queue: s.scopeQueueId ? (names.queues?.[s.scopeQueueId] ?? s.scopeQueueId) : null, channel: s.scopeChannel },
});
function slaSubject(s: DiffSla, names: DiffNames): string {
  const scope = [s.scopeUnitId ? (names.units?.[s.scopeUnitId] ?? s.scopeUnitId) : null, s.scopeQueueId ? (names.queues?.[s.scopeQueueId] ?? s.scopeQueueId) : null, s.scopeChannel].filter(Boolean).join(', ');
  return `SLA ${s.kpi}${s.period !== 'month' ? ` (${s.period})` : ''}${scope ? ` [${scope}]` : ''}`;
}
const comparatorText = (c: string) => (c === 'gte' ? '≥' : '≤');
const comparatorOf = (s: DiffSla): Shown => ({ text: comparatorText(s.comparator), value: { type: 'comparator', comparator: s.comparator } });
const targetOf = (s: DiffSla): Shown => {
  const kpi = s.kpi as KpiId;
  const text = formatTarget(kpi, s.target);
  return KPIS[kpi]?.unit === 'seconds' ? { text, value: { type: 'seconds', seconds: targetToDisplay(kpi, s.target) } } : plain(text);
};
const typeOf = (s: DiffSla): Shown => ({ text: s.isCritical ? 'critical' : 'key measurement', value: { type: 'slaType', critical: s.isCritical } });
const slaSummary = (s: DiffSla): Shown => ({
  text: `${comparatorText(s.comparator)} ${targetOf(s).text}${s.thresholdS !== null ? ` in ${s.thresholdS} s` : ''}${s.isCritical ? `, critical ${formatBp(s.allocationBp)}` : ', key measurement'}`,
  value: { type: 'sla', comparator: s.comparator, target: targetOf(s).value, thresholdS: s.thresholdS, critical: s.isCritical, allocation: formatBp(s.allocationBp) },
});

function added(about: ChangeSubject, subject: string, value: Shown): TermChange {
  return { area: about.area, kind: 'added', subject, after: value.text, text: `${subject} added: ${value.text}`, about, afterValue: value.value };
}
function removed(about: ChangeSubject, subject: string, value: Shown): TermChange {
  return { area: about.area, kind: 'removed', subject, before: value.text, text: `${subject} removed (was ${value.text})`, about, beforeValue: value.value };
}

/**
 * The readable difference between two contract versions, in a stable order: version terms, then the
 * rate card, then the SLAs. Lines and SLAs are matched by their identity (model and scope; KPI,
 * period and scope), so a changed price reads as a change and not as a removal plus an addition.
 */
export function diffContractVersions(before: DiffTerms, after: DiffTerms, names: DiffNames = {}): TermChange[] {
  const changes: TermChange[] = [];
  const terms: [string, TermsField, string, string][] = [
    ['effective from', 'effectiveFrom', before.effectiveFrom, after.effectiveFrom],
    ['effective to', 'effectiveTo', show(before.effectiveTo), show(after.effectiveTo)],
    ['currency', 'currency', before.currency, after.currency],
    ['tax rate', 'taxRatePct', formatBp(before.taxRateBp), formatBp(after.taxRateBp)],
    ['minimum monthly commitment', 'minimumMonthlyCommitment', formatDecimal(before.minimumMonthlyCommitment), formatDecimal(after.minimumMonthlyCommitment)],
    ['at-risk', 'atRiskPct', formatBp(before.atRiskBp), formatBp(after.atRiskBp)],
    ['pool', 'poolPct', formatBp(before.poolBp), formatBp(after.poolBp)],
    ['earn-back months', 'earnBackMonths', String(before.earnBackMonths), String(after.earnBackMonths)],
  ];
  for (const [label, field, b, a] of terms) if (b !== a) changes.push(change({ area: 'terms', field }, label, undefined, plain(b), plain(a)));

  const beforeLines = new Map(before.rateLines.map((l) => [rateKey(l), l]));
  const afterLines = new Map(after.rateLines.map((l) => [rateKey(l), l]));
  for (const [key, line] of beforeLines) {
    const next = afterLines.get(key);
    const subject = rateSubject(line, names);
    const about = rateAbout(line, names);
    if (!next) {
      changes.push(removed(about, subject, priceOf(line)));
      continue;
    }
    const samePrice = line.tiers.length === 0 && next.tiers.length === 0 ? (line.rate === null ? next.rate === null : next.rate !== null && compareDecimal(line.rate, next.rate) === 0) : formatTiers(line.tiers) === formatTiers(next.tiers) && line.rate === next.rate;
    if (!samePrice) changes.push(change(about, subject, undefined, priceOf(line), priceOf(next)));
    if (line.description !== next.description && line.pricingModel !== 'pass_through') changes.push(change(about, subject, ['description', 'description'], plain(show(line.description)), plain(show(next.description))));
  }
  for (const [key, line] of afterLines) {
    if (!beforeLines.has(key)) changes.push(added(rateAbout(line, names), rateSubject(line, names), priceOf(line)));
  }

  const beforeSlas = new Map(before.slas.map((s) => [slaKey(s), s]));
  const afterSlas = new Map(after.slas.map((s) => [slaKey(s), s]));
  for (const [key, sla] of beforeSlas) {
    const next = afterSlas.get(key);
    const subject = slaSubject(sla, names);
    const about = slaAbout(sla, names);
    if (!next) {
      changes.push(removed(about, subject, slaSummary(sla)));
      continue;
    }
    const variant = (s: DiffSla): Shown => (s.slVariant ? { text: s.slVariant, value: { type: 'slVariant', slVariant: s.slVariant } } : plain('—'));
    const missingFeed = (s: DiffSla): Shown => ({ text: s.missingFeed, value: { type: 'missingFeed', missingFeed: s.missingFeed } });
    const fields: [string, ChangeField, Shown, Shown][] = [
      ['comparator', 'comparator', comparatorOf(sla), comparatorOf(next)],
      ['target', 'target', targetOf(sla), targetOf(next)],
      ['threshold', 'thresholdS', seconds(sla.thresholdS), seconds(next.thresholdS)],
      ['variant', 'slVariant', variant(sla), variant(next)],
      ['short-abandon window', 'shortAbandonS', seconds(sla.shortAbandonS), seconds(next.shortAbandonS)],
      ['minimum volume', 'minimumVolume', plain(String(sla.minimumVolume)), plain(String(next.minimumVolume))],
      ['missing feed counts as', 'missingFeed', missingFeed(sla), missingFeed(next)],
      ['type', 'type', typeOf(sla), typeOf(next)],
      ['allocation', 'allocationPct', plain(formatBp(sla.allocationBp)), plain(formatBp(next.allocationBp))],
    ];
    for (const [label, field, b, a] of fields) if (b.text !== a.text) changes.push(change(about, subject, [label, field], b, a));
  }
  for (const [key, sla] of afterSlas) {
    if (!beforeSlas.has(key)) changes.push(added(slaAbout(sla, names), slaSubject(sla, names), slaSummary(sla)));
  }
  return changes;
}
