import type { KpiId } from '../kpi/catalog';
import { compareDecimal, formatBp, formatDecimal } from './decimal';
import { PRICING_UNITS, type PricingModel } from './rate-card';
import { formatTarget, type SlaTerms } from './sla';
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

export interface TermChange {
  /** Which part of the terms changed: a version field, a rate-card line or an SLA. */
  area: 'terms' | 'rate' | 'sla';
  kind: 'added' | 'removed' | 'changed';
  /** What it is about, e.g. "SLA service_level (month)" or "rate per handled contact". */
  subject: string;
  field?: string;
  before?: string;
  after?: string;
  /** The whole change as one readable line: "SLA service_level target 80% → 85%". */
  text: string;
}

/** Names of units and queues, so scopes read "Taipei site" rather than a uuid. */
export interface DiffNames {
  units?: Record<string, string>;
  queues?: Record<string, string>;
}

const show = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);

function change(area: TermChange['area'], subject: string, field: string | undefined, before: string, after: string): TermChange {
  return { area, kind: 'changed', subject, field, before, after, text: `${subject}${field ? ` ${field}` : ''} ${before} → ${after}` };
}

function rateSubject(line: DiffRateLine, names: DiffNames): string {
  const base = line.pricingModel === 'pass_through' ? `pass-through ${line.description ?? ''}`.trim() : `rate per ${PRICING_UNITS[line.pricingModel]}`;
  const scope = [line.channel, line.queueId ? (names.queues?.[line.queueId] ?? line.queueId) : null].filter(Boolean).join(', ');
  const label = line.pricingModel !== 'pass_through' && line.description ? ` "${line.description}"` : '';
  return `${base}${label}${scope ? ` (${scope})` : ''}`;
}
const rateKey = (line: DiffRateLine) => [line.pricingModel, line.channel ?? '*', line.queueId ?? '*', line.pricingModel === 'pass_through' ? (line.description ?? '') : ''].join('|');
const formatTiers = (tiers: DiffRateLine['tiers']) => (tiers.length ? tiers.map((t) => `${t.fromQty}-${t.toQty ?? '∞'} @ ${formatDecimal(t.rate)}`).join('; ') : '—');
const priceOf = (line: DiffRateLine) => (line.tiers.length ? formatTiers(line.tiers) : line.rate === null ? 'at cost' : formatDecimal(line.rate));

function slaSubject(s: DiffSla, names: DiffNames): string {
  const scope = [s.scopeUnitId ? (names.units?.[s.scopeUnitId] ?? s.scopeUnitId) : null, s.scopeQueueId ? (names.queues?.[s.scopeQueueId] ?? s.scopeQueueId) : null, s.scopeChannel].filter(Boolean).join(', ');
  return `SLA ${s.kpi}${s.period !== 'month' ? ` (${s.period})` : ''}${scope ? ` [${scope}]` : ''}`;
}
const comparatorText = (c: string) => (c === 'gte' ? '≥' : '≤');
const slaSummary = (s: DiffSla) =>
  `${comparatorText(s.comparator)} ${formatTarget(s.kpi as KpiId, s.target)}${s.thresholdS !== null ? ` in ${s.thresholdS} s` : ''}${s.isCritical ? `, critical ${formatBp(s.allocationBp)}` : ', key measurement'}`;

/**
 * The readable difference between two contract versions, in a stable order: version terms, then the
 * rate card, then the SLAs. Lines and SLAs are matched by their identity (model and scope; KPI,
 * period and scope), so a changed price reads as a change and not as a removal plus an addition.
 */
export function diffContractVersions(before: DiffTerms, after: DiffTerms, names: DiffNames = {}): TermChange[] {
  const changes: TermChange[] = [];
  const terms: [string, string, string][] = [
    ['effective from', before.effectiveFrom, after.effectiveFrom],
    ['effective to', show(before.effectiveTo), show(after.effectiveTo)],
    ['currency', before.currency, after.currency],
    ['tax rate', formatBp(before.taxRateBp), formatBp(after.taxRateBp)],
    ['minimum monthly commitment', formatDecimal(before.minimumMonthlyCommitment), formatDecimal(after.minimumMonthlyCommitment)],
    ['at-risk', formatBp(before.atRiskBp), formatBp(after.atRiskBp)],
    ['pool', formatBp(before.poolBp), formatBp(after.poolBp)],
    ['earn-back months', String(before.earnBackMonths), String(after.earnBackMonths)],
  ];
  for (const [label, b, a] of terms) if (b !== a) changes.push(change('terms', label, undefined, b, a));

  const beforeLines = new Map(before.rateLines.map((l) => [rateKey(l), l]));
  const afterLines = new Map(after.rateLines.map((l) => [rateKey(l), l]));
  for (const [key, line] of beforeLines) {
    const next = afterLines.get(key);
    const subject = rateSubject(line, names);
    if (!next) {
      changes.push({ area: 'rate', kind: 'removed', subject, before: priceOf(line), text: `${subject} removed (was ${priceOf(line)})` });
      continue;
    }
    const samePrice = line.tiers.length === 0 && next.tiers.length === 0 ? (line.rate === null ? next.rate === null : next.rate !== null && compareDecimal(line.rate, next.rate) === 0) : formatTiers(line.tiers) === formatTiers(next.tiers) && line.rate === next.rate;
    if (!samePrice) changes.push(change('rate', subject, undefined, priceOf(line), priceOf(next)));
    if (line.description !== next.description && line.pricingModel !== 'pass_through') changes.push(change('rate', subject, 'description', show(line.description), show(next.description)));
  }
  for (const [key, line] of afterLines) {
    if (beforeLines.has(key)) continue;
    const subject = rateSubject(line, names);
    changes.push({ area: 'rate', kind: 'added', subject, after: priceOf(line), text: `${subject} added: ${priceOf(line)}` });
  }

  const beforeSlas = new Map(before.slas.map((s) => [slaKey(s), s]));
  const afterSlas = new Map(after.slas.map((s) => [slaKey(s), s]));
  for (const [key, sla] of beforeSlas) {
    const next = afterSlas.get(key);
    const subject = slaSubject(sla, names);
    if (!next) {
      changes.push({ area: 'sla', kind: 'removed', subject, before: slaSummary(sla), text: `${subject} removed (was ${slaSummary(sla)})` });
      continue;
    }
    const kpi = sla.kpi as KpiId;
    const fields: [string, string, string][] = [
      ['comparator', comparatorText(sla.comparator), comparatorText(next.comparator)],
      ['target', formatTarget(kpi, sla.target), formatTarget(kpi, next.target)],
      ['threshold', sla.thresholdS === null ? '—' : `${sla.thresholdS} s`, next.thresholdS === null ? '—' : `${next.thresholdS} s`],
      ['variant', show(sla.slVariant), show(next.slVariant)],
      ['short-abandon window', sla.shortAbandonS === null ? '—' : `${sla.shortAbandonS} s`, next.shortAbandonS === null ? '—' : `${next.shortAbandonS} s`],
      ['minimum volume', String(sla.minimumVolume), String(next.minimumVolume)],
      ['missing feed counts as', sla.missingFeed, next.missingFeed],
      ['type', sla.isCritical ? 'critical' : 'key measurement', next.isCritical ? 'critical' : 'key measurement'],
      ['allocation', formatBp(sla.allocationBp), formatBp(next.allocationBp)],
    ];
    for (const [field, b, a] of fields) if (b !== a) changes.push(change('sla', subject, field, b, a));
  }
  for (const [key, sla] of afterSlas) {
    if (beforeSlas.has(key)) continue;
    const subject = slaSubject(sla, names);
    changes.push({ area: 'sla', kind: 'added', subject, after: slaSummary(sla), text: `${subject} added: ${slaSummary(sla)}` });
  }
  return changes;
}
