import { targetToDisplay } from '#app/domain/contracts/sla';
import { formatDecimal } from '#app/domain/contracts/decimal';
import type { ContractVersionInput } from '#app/domain/contracts/version';
import type { KpiId } from '#app/domain/kpi/catalog';
import { fieldErrorsFromIssues, indexedRowsOf, isBlankRow, textOf, type FieldErrors, type FieldIssue } from '#app/lib/form-data';
import type { VersionView } from './contract-terms';
import { percentOfBp } from './format';

/**
 * The contract version form as typed: strings only, so a refused post comes back exactly as entered.
 * Field names mirror the shared zod schema's input (`slas[2].allocationPct`), so a service issue path
 * names the field it is about.
 */
export interface TierValues {
  fromQty: string;
  toQty: string;
  rate: string;
}
export interface RateLineValues {
  pricingModel: string;
  description: string;
  channel: string;
  queueId: string;
  rate: string;
  tiers: TierValues[];
}
export interface SlaValues {
  kpi: string;
  comparator: string;
  target: string;
  period: string;
  scopeUnitId: string;
  scopeQueueId: string;
  scopeChannel: string;
  minimumVolume: string;
  missingFeed: string;
  slVariant: string;
  thresholdS: string;
  shortAbandonS: string;
  isCritical: boolean;
  allocationPct: string;
}
export interface VersionFormValues {
  effectiveFrom: string;
  reason: string;
  currency: string;
  taxRatePct: string;
  minimumMonthlyCommitment: string;
  atRiskPct: string;
  poolPct: string;
  earnBackMonths: string;
  rateLines: RateLineValues[];
  slas: SlaValues[];
}

/** Blank rows offered after the filled ones, so a form without JavaScript can still add lines. */
export const BLANK_RATE_LINES = 1;
export const BLANK_SLAS = 2;
export const BLANK_TIERS = 1;

export const blankTier = (): TierValues => ({ fromQty: '', toQty: '', rate: '' });
export const blankRateLine = (): RateLineValues => ({ pricingModel: '', description: '', channel: '', queueId: '', rate: '', tiers: [blankTier()] });
export const blankSla = (): SlaValues => ({
  kpi: '',
  comparator: 'gte',
  target: '',
  period: 'month',
  scopeUnitId: '',
  scopeQueueId: '',
  scopeChannel: '',
  minimumVolume: '',
  missingFeed: 'missed',
  slVariant: '',
  thresholdS: '',
  shortAbandonS: '',
  isCritical: false,
  allocationPct: '',
});

// Selects that always post a value: a row with only these is still blank.
const SLA_DEFAULTED_FIELDS = ['comparator', 'period', 'missingFeed'] as const;

const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

/** Appends the blank rows (rate lines, their tiers, SLAs) a page offers under the filled ones. */
export function withBlankRows(values: VersionFormValues): VersionFormValues {
  return {
    ...values,
    rateLines: [...values.rateLines.map((l) => ({ ...l, tiers: [...l.tiers, ...times(BLANK_TIERS, blankTier)] })), ...times(BLANK_RATE_LINES, blankRateLine)],
    slas: [...values.slas, ...times(BLANK_SLAS, blankSla)],
  };
}

export function blankVersionValues(currency: string): VersionFormValues {
  return { effectiveFrom: '', reason: '', currency, taxRatePct: '5', minimumMonthlyCommitment: '', atRiskPct: '10', poolPct: '100', earnBackMonths: '3', rateLines: [], slas: [] };
}

/** A stored version as the editor prefills from it: the contract page's view, ids not needed. */
type StoredVersion = Omit<VersionView, 'versionNo' | 'rateLines' | 'slas'> & {
  rateLines: Omit<VersionView['rateLines'][number], 'id'>[];
  slas: Omit<VersionView['slas'][number], 'id'>[];
};

const money = (v: string | null) => (v === null ? '' : formatDecimal(v, 0));
const optional = (v: number | string | null) => (v === null ? '' : String(v));

/** A stored version as the editor shows it: the terms of a new version start from these. Date and reason start empty. */
export function versionValuesOf(version: StoredVersion): VersionFormValues {
  return {
    effectiveFrom: '',
    reason: '',
    currency: version.currency,
    taxRatePct: percentOfBp(version.taxRateBp),
    minimumMonthlyCommitment: money(version.minimumMonthlyCommitment),
    atRiskPct: percentOfBp(version.atRiskBp),
    poolPct: percentOfBp(version.poolBp),
    earnBackMonths: String(version.earnBackMonths),
    rateLines: version.rateLines.map((l) => ({
      pricingModel: l.pricingModel,
      description: l.description ?? '',
      channel: l.channel ?? '',
      queueId: l.queueId ?? '',
      rate: money(l.rate),
      tiers: l.tiers.map((t) => ({ fromQty: String(t.fromQty), toQty: optional(t.toQty), rate: money(t.rate) })),
    })),
    slas: version.slas.map((s) => ({
      kpi: s.kpi,
      comparator: s.comparator,
      target: String(targetToDisplay(s.kpi as KpiId, s.target)),
      period: s.period,
      scopeUnitId: s.scopeUnitId ?? '',
      scopeQueueId: s.scopeQueueId ?? '',
      scopeChannel: s.scopeChannel ?? '',
      minimumVolume: String(s.minimumVolume),
      missingFeed: s.missingFeed,
      slVariant: s.slVariant ?? '',
      thresholdS: optional(s.thresholdS),
      shortAbandonS: optional(s.shortAbandonS),
      isCritical: s.isCritical,
      allocationPct: percentOfBp(s.allocationBp),
    })),
  };
}

/** The posted form (parsed with parseNestedForm) as form values, every row kept in posted order. */
export function versionValuesFrom(raw: Record<string, unknown>): VersionFormValues {
  return {
    effectiveFrom: textOf(raw.effectiveFrom),
    reason: textOf(raw.reason),
    currency: textOf(raw.currency),
    taxRatePct: textOf(raw.taxRatePct),
    minimumMonthlyCommitment: textOf(raw.minimumMonthlyCommitment),
    atRiskPct: textOf(raw.atRiskPct),
    poolPct: textOf(raw.poolPct),
    earnBackMonths: textOf(raw.earnBackMonths),
    rateLines: indexedRowsOf(raw.rateLines).map(({ row }) => ({
      pricingModel: textOf(row.pricingModel),
      description: textOf(row.description),
      channel: textOf(row.channel),
      queueId: textOf(row.queueId),
      rate: textOf(row.rate),
      tiers: indexedRowsOf(row.tiers).map(({ row: tier }) => ({ fromQty: textOf(tier.fromQty), toQty: textOf(tier.toQty), rate: textOf(tier.rate) })),
    })),
    slas: indexedRowsOf(raw.slas).map(({ row }) => ({
      ...blankSla(),
      ...Object.fromEntries(Object.keys(blankSla()).map((key) => [key, textOf(row[key])])),
      isCritical: textOf(row.isCritical) === 'on' || textOf(row.isCritical) === 'true',
    })),
  };
}

/** Where each row sent to the service sits in the form, for pointing its errors at the right row. */
export interface RowPositions {
  rateLines: number[];
  tiers: number[][];
  slas: number[];
}

/**
 * The service input: blank rows (the ones the form always offers) are left out. Values stay strings;
 * the shared schema coerces and validates them.
 */
export function versionInputOf(values: VersionFormValues): { input: ContractVersionInput; positions: RowPositions } {
  const positions: RowPositions = { rateLines: [], tiers: [], slas: [] };
  const rateLines = values.rateLines.flatMap((line, index) => {
    if (isBlankRow({ ...line })) return [];
    const tierIndexes = line.tiers.flatMap((tier, i) => (isBlankRow({ ...tier }) ? [] : [i]));
    positions.rateLines.push(index);
    positions.tiers.push(tierIndexes);
    return [{ ...line, tiers: tierIndexes.map((i) => line.tiers[i]!) }];
  });
  const slas = values.slas.flatMap((sla, index) => {
    if (isBlankRow({ ...sla, isCritical: sla.isCritical ? 'on' : '' }, SLA_DEFAULTED_FIELDS)) return [];
    positions.slas.push(index);
    return [sla];
  });
  const { rateLines: _r, slas: _s, ...terms } = values;
  return { input: { ...terms, rateLines, slas } as unknown as ContractVersionInput, positions };
}

/** Service issues → errors by form field name, row indexes translated back to the rows as posted. */
export function versionFieldErrors(issues: readonly FieldIssue[], positions: RowPositions): FieldErrors {
  return fieldErrorsFromIssues(
    issues.map((issue) => {
      const [list, row, sub, subRow, ...rest] = issue.path;
      if (typeof row !== 'number') return issue;
      if (list === 'slas') return { ...issue, path: ['slas', positions.slas[row] ?? row, ...issue.path.slice(2)] };
      if (list !== 'rateLines') return issue;
      const line = positions.rateLines[row] ?? row;
      if (sub === 'tiers' && typeof subRow === 'number') return { ...issue, path: ['rateLines', line, 'tiers', positions.tiers[row]?.[subRow] ?? subRow, ...rest] };
      return { ...issue, path: ['rateLines', line, ...issue.path.slice(2)] };
    }),
  );
}
