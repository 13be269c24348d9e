/**
 * One contract month evaluated in memory, from inputs loaded beforehand for one contract or many at once
 * (evaluate.server.ts): every SLA over the month and its days or weeks, the month's service credits and
 * the alerts the results raise. No database access here, so a batch and a single evaluation run the very
 * same code on the very same rows.
 *
 * Rows are taken in a fixed order (unit, queue, channel, day, source; facts by start), never in the order
 * a query happened to return them: fractional measures summed in another order could differ in the last
 * bit, and a batch must give exactly what closing the contracts one by one gives.
 */
import type { serviceCredits, slaResults } from '#db/schema/index';
import { periodKey } from '#app/domain/kpi/aggregate';
import { COMPONENT_NAMES, emptyComponents, type Components } from '#app/domain/kpi/components';
import { computeMonthCredits } from '#app/domain/sla/credits';
import { evaluateSla, monthlyOutcome, type SlaResult } from '#app/domain/sla/evaluate';
import { isExcluded, sumExcluding, type ExclusionSpan } from '#app/domain/sla/exclusions';
import type { ContractVersionDto } from '../contracts.server';
import { feedChannelOf } from '../feeds/unit-context.server';
import type { SlaAlert } from './alerts.server';
import { computeInvoiceBasis, minorDigitsOf } from './basis.server';
import { startsWithin, type FactStarts } from './coverage.server';
import { forecastAlerts } from './forecast.server';
import { dayInPeriod, daysTouched, expectedStarts, keyOfSla, type ContractContext, type FactRow, type PlannedPeriod, type RollupRow, type SlaTermsDto } from './inputs.server';

export type ResultRow = typeof slaResults.$inferInsert;
export type CreditRow = typeof serviceCredits.$inferInsert;

/** A contract month that will be evaluated: the version in force, each SLA's periods so far, the window. */
export interface ContractPlan {
  ctx: ContractContext;
  version: ContractVersionDto;
  month: string;
  monthBounds: { start: Date; end: Date };
  plans: { sla: SlaTermsDto; periods: PlannedPeriod[] }[];
  /** The instants the periods span (at least the month). */
  window: { start: Date; end: Date };
  /** The local days of the window, "YYYY-MM-DD". */
  firstDay: string;
  lastDay: string;
}

/** What one load read for every contract of a batch, by unit (rows in the fixed order) and contract. */
export interface SharedInputs {
  rollupsByUnit: Map<string, RollupRow[]>;
  startsByUnit: Map<string, FactStarts[]>;
  exclusionsByContract: Map<string, ExclusionSpan[]>;
  factsByUnit: Map<string, FactRow[]>;
  /** expectedStarts by the program's zone, hours and holidays, interval length and bounds. */
  expectedCache: Map<string, number[]>;
}

interface CoverageGroup {
  unitId: string;
  queueId: string;
  channel: string;
  intervalMinutes: number;
  starts: number[];
}

interface ScopeSums {
  components: Components;
  excludedRows: number;
  rollups: RollupRow[];
}

interface Inputs {
  rollups: RollupRow[];
  exclusions: ExclusionSpan[];
  /** Exclusion spans per local day they touch. */
  touched: Map<string, ExclusionSpan[]>;
  /** Interval rows of the touched days by unit, queue, channel, source and local day. */
  factsByDay: Map<string, FactRow[]>;
  unitMinutes: Map<string, number>;
  coverageByUnit: Map<string, CoverageGroup[]>;
  /** Σ components by SLA scope and period. */
  sumsCache: Map<string, ScopeSums>;
  /** Expected and received intervals by SLA scope and bounds. */
  coverageCache: Map<string, { expected: number; received: number }>;
  expectedCache: Map<string, number[]>;
  /** The program's zone, hours and holidays: what expectedStarts depends on besides the bounds. */
  calendarKey: string;
}

/** Approved exclusions of the contract overlapping the window, and the local days each one touches. */
export function exclusionsOf(plan: ContractPlan, shared: Pick<SharedInputs, 'exclusionsByContract'>): { exclusions: ExclusionSpan[]; touched: Map<string, ExclusionSpan[]> } {
  const { start, end } = plan.window;
  const exclusions = (shared.exclusionsByContract.get(plan.ctx.contractId) ?? []).filter((s) => s.start.getTime() < end.getTime() && s.end.getTime() > start.getTime());
  const touched = new Map<string, ExclusionSpan[]>();
  for (const span of exclusions) {
    const from = new Date(Math.max(span.start.getTime(), start.getTime()));
    const to = new Date(Math.min(span.end.getTime(), end.getTime()));
    if (from >= to) continue;
    for (const day of daysTouched(from, to, plan.ctx.timeZone)) touched.set(day, [...(touched.get(day) ?? []), span]);
  }
  return { exclusions, touched };
}

function inputsOf(plan: ContractPlan, shared: SharedInputs): Inputs {
  const { ctx, window } = plan;
  const rollups = ctx.unitIds.flatMap((unitId) => (shared.rollupsByUnit.get(unitId) ?? []).filter((r) => r.day >= plan.firstDay && r.day <= plan.lastDay));
  const { exclusions, touched } = exclusionsOf(plan, shared);
  const factsByDay = new Map<string, FactRow[]>();
  if (touched.size) {
    for (const unitId of ctx.unitIds) {
      for (const fact of shared.factsByUnit.get(unitId) ?? []) {
        const day = periodKey(fact.start, 'day', ctx.timeZone);
        if (!touched.has(day)) continue;
        const key = `${fact.unitId}|${fact.queueId}|${fact.channel}|${fact.source}|${day}`;
        const list = factsByDay.get(key);
        if (list) list.push(fact);
        else factsByDay.set(key, [fact]);
      }
    }
  }
  const unitMinutes = new Map<string, number>();
  const coverageByUnit = new Map<string, CoverageGroup[]>();
  for (const unitId of ctx.unitIds) {
    const groups: CoverageGroup[] = [];
    for (const group of shared.startsByUnit.get(unitId) ?? []) {
      const starts = startsWithin(group.starts, window.start.getTime(), window.end.getTime());
      if (!starts.length) continue;
      groups.push({ unitId, queueId: group.queueId, channel: group.channel, intervalMinutes: group.intervalMinutes, starts });
      unitMinutes.set(unitId, Math.min(unitMinutes.get(unitId) ?? group.intervalMinutes, group.intervalMinutes));
    }
    if (groups.length) coverageByUnit.set(unitId, groups);
  }
  const calendarKey = JSON.stringify([ctx.timeZone, ctx.hours, ctx.holidays]);
  return { rollups, exclusions, touched, factsByDay, unitMinutes, coverageByUnit, sumsCache: new Map(), coverageCache: new Map(), expectedCache: shared.expectedCache, calendarKey };
}

export interface ContractOutcome {
  rows: ResultRow[];
  credit: CreditRow;
  creditTotalMinor: bigint;
  alerts: SlaAlert[];
}

/** Evaluates the planned contract month; rows are written frozen to `monthCloseId` when a close asks. */
export function evaluateContract(plan: ContractPlan, shared: SharedInputs, now: Date, monthCloseId: string | null): ContractOutcome {
  const { ctx, version, month, monthBounds } = plan;
  const inputs = inputsOf(plan, shared);
  const runAt = now;
  const frozen = { isFrozen: monthCloseId !== null, monthCloseId };
  const rows: ResultRow[] = [];
  const monthResults = new Map<string, { sla: SlaTermsDto; result: SlaResult }>();
  for (const { sla, periods } of plan.plans) {
    const monthPeriod: PlannedPeriod = { grain: 'month', key: month, ...monthBounds };
    const monthResult = evaluatePeriod(ctx, inputs, sla, monthPeriod, now);
    if (sla.period !== 'month') {
      const subResults = periods.map((period) => evaluatePeriod(ctx, inputs, sla, period, now));
      subResults.forEach((r, i) => rows.push(resultRow(ctx, version.id, sla, month, periods[i]!, r, runAt, frozen)));
      const outcome = monthlyOutcome(subResults.map((r) => r.outcome));
      monthResult.outcome = outcome;
      monthResult.status = outcome;
      monthResult.reason = `worst_of_${sla.period}s` as SlaResult['reason'];
    }
    rows.push(resultRow(ctx, version.id, sla, month, monthPeriod, monthResult, runAt, frozen));
    monthResults.set(sla.id, { sla, result: monthResult });
  }

  const digits = minorDigitsOf(version.currency);
  const volumes = inputs.rollups.filter((r) => r.day.startsWith(month)).map((r) => ({ queueId: r.queueId, channel: r.channel, components: r.components }));
  const basis = computeInvoiceBasis(version, volumes, digits);
  const credits = computeMonthCredits({
    invoiceAmountMinor: basis.amountMinor,
    atRiskBp: version.atRiskBp,
    poolBp: version.poolBp,
    slas: version.slas.map((sla) => ({ slaId: sla.id, isCritical: sla.isCritical, allocationBp: sla.allocationBp, outcome: monthResults.get(sla.id)?.result.outcome ?? 'not_measured' })),
  });
  const credit: CreditRow = {
    clientOrgId: ctx.clientOrgId,
    contractId: ctx.contractId,
    month,
    vendorOrgId: ctx.vendorOrgId,
    contractVersionId: version.id,
    currency: version.currency,
    minorDigits: digits,
    invoiceBasisMinor: basis.amountMinor,
    basisDetails: basis.details,
    atRiskBp: version.atRiskBp,
    poolBp: version.poolBp,
    atRiskMinor: credits.atRiskMinor,
    uncappedTotalMinor: credits.uncappedTotalMinor,
    capReductionMinor: credits.capReductionMinor,
    totalMinor: credits.totalMinor,
    isCapped: credits.isCapped,
    lines: credits.lines.map((line) => {
      const sla = version.slas.find((s) => s.id === line.slaId)!;
      return {
        slaId: line.slaId,
        slaKey: keyOfSla(sla),
        kpi: sla.kpi,
        isCritical: line.isCritical,
        allocationBp: line.allocationBp,
        outcome: line.outcome,
        uncappedMinor: line.uncappedMinor.toString(),
        capReductionMinor: line.capReductionMinor.toString(),
        amountMinor: line.amountMinor.toString(),
      };
    }),
    computedAt: runAt,
    ...frozen,
  };

  const monthEnded = monthBounds.end.getTime() <= now.getTime();
  const alerts = forecastAlerts({ ctx, month, monthEnded, now, monthResults: [...monthResults.values()], expectedFor: (sla) => splitExpected(ctx, inputs, sla, monthBounds, now) });
  return { rows, credit, creditTotalMinor: credits.totalMinor, alerts };
}

function scopeOf(ctx: ContractContext, sla: SlaTermsDto) {
  const units = sla.scopeUnitId ? ctx.unitIds.filter((u) => u === sla.scopeUnitId) : ctx.unitIds;
  const channel = sla.scopeChannel ? feedChannelOf(sla.scopeChannel) : null;
  const matches = (s: { unitId: string; queueId: string; channel: string }) =>
    units.includes(s.unitId) && (!sla.scopeQueueId || s.queueId === sla.scopeQueueId) && (channel === null || s.channel === channel);
  return { units, channel, matches };
}

/** Expected interval starts of one unit in [start, end), with whole-scope exclusions taken out. */
function expectedOf(ctx: ContractContext, inputs: Inputs, sla: SlaTermsDto, unitId: string, bounds: { start: Date; end: Date }): number[] {
  const minutes = inputs.unitMinutes.get(unitId) ?? 15;
  // Every SLA of every unit on the same calendar expects the same starts over the same bounds: computed once.
  const key = `${inputs.calendarKey}|${minutes}|${bounds.start.getTime()}|${bounds.end.getTime()}`;
  let starts = inputs.expectedCache.get(key);
  if (!starts) inputs.expectedCache.set(key, (starts = expectedStarts(bounds, minutes, ctx.timeZone, ctx.hours, ctx.holidays)));
  if (inputs.exclusions.length === 0) return starts;
  const channel = sla.scopeChannel ? feedChannelOf(sla.scopeChannel) : undefined;
  return starts.filter((at) => !isExcluded({ start: new Date(at), unitId, queueId: sla.scopeQueueId ?? undefined, channel }, inputs.exclusions));
}

function evaluatePeriod(ctx: ContractContext, inputs: Inputs, sla: SlaTermsDto, period: PlannedPeriod, now: Date): SlaResult & { excludedRows: number } {
  const scope = scopeOf(ctx, sla);
  const { components, excludedRows, rollups } = sumsOf(inputs, sla, scope, period);
  let hasThresholdMismatch = false;
  if (sla.kpi === 'service_level' && sla.thresholdS !== null) {
    hasThresholdMismatch = rollups.some((rollup) => rollup.isThresholdMixed || (rollup.thresholdS !== null && rollup.thresholdS !== sla.thresholdS));
  }
  const isOpen = period.end.getTime() > now.getTime();
  const bounds = { start: period.start, end: isOpen ? new Date(Math.min(period.end.getTime(), now.getTime())) : period.end };
  const { expected, received } = coverageOf(ctx, inputs, sla, scope, bounds);
  const result = evaluateSla({
    sla: { kpi: sla.kpi, comparator: sla.comparator, target: sla.target, minimumVolume: sla.minimumVolume, missingFeed: sla.missingFeed, slVariant: sla.slVariant, thresholdS: sla.thresholdS },
    period: { grain: period.grain, key: period.key, start: period.start, end: period.end },
    components,
    coverage: { expectedIntervals: expected, receivedIntervals: received },
    requiredCoverage: isOpen ? 0 : 1,
    hasThresholdMismatch,
  });
  if (isOpen) result.warnings = [...result.warnings, 'period_open' as never];
  return { ...result, excludedRows };
}

/**
 * Σ components of the SLA's scope over the period, approved exclusions left out, and the rollups they
 * came from. SLAs of the same scope share one sum (read-only), computed once per period.
 */
function sumsOf(inputs: Inputs, sla: SlaTermsDto, scope: ReturnType<typeof scopeOf>, period: PlannedPeriod): ScopeSums {
  const key = `${sla.scopeUnitId ?? ''}|${sla.scopeQueueId ?? ''}|${sla.scopeChannel ?? ''}|${period.grain}|${period.key}`;
  let sums = inputs.sumsCache.get(key);
  if (sums) return sums;
  // Summed in place: the same additions, in the same order, as addComponents would make.
  const components: Components = emptyComponents();
  let excludedRows = 0;
  const rollups: RollupRow[] = [];
  for (const rollup of inputs.rollups) {
    if (!scope.matches(rollup) || !dayInPeriod(rollup.day, period)) continue;
    rollups.push(rollup);
    const spans = inputs.touched.get(rollup.day);
    if (!spans) {
      addInto(components, rollup.components);
      continue;
    }
    const rows = inputs.factsByDay.get(`${rollup.unitId}|${rollup.queueId}|${rollup.channel}|${rollup.source}|${rollup.day}`) ?? [];
    const summed = sumExcluding(rows, spans);
    excludedRows += summed.excludedRows;
    addInto(components, summed.components);
  }
  inputs.sumsCache.set(key, (sums = { components, excludedRows, rollups }));
  return sums;
}

function addInto(sum: Components, add: Components): void {
  for (const name of COMPONENT_NAMES) sum[name] = sum[name] + add[name];
}

/**
 * Expected and received intervals of the SLA's scope over the bounds; SLAs of the same scope share it.
 * An expected start is received when any coverage group of the scope has it: every list is ascending, so
 * one walk with a cursor per group answers it without building a set.
 */
function coverageOf(ctx: ContractContext, inputs: Inputs, sla: SlaTermsDto, scope: ReturnType<typeof scopeOf>, bounds: { start: Date; end: Date }): { expected: number; received: number } {
  const key = `${sla.scopeUnitId ?? ''}|${sla.scopeQueueId ?? ''}|${sla.scopeChannel ?? ''}|${bounds.start.getTime()}|${bounds.end.getTime()}`;
  let counts = inputs.coverageCache.get(key);
  if (!counts) {
    counts = { expected: 0, received: 0 };
    for (const unitId of scope.units) {
      const groups = (inputs.coverageByUnit.get(unitId) ?? []).filter(scope.matches).map((g) => g.starts);
      const cursors = groups.map(() => 0);
      for (const at of expectedOf(ctx, inputs, sla, unitId, bounds)) {
        counts.expected += 1;
        let isReceived = false;
        for (let g = 0; g < groups.length; g++) {
          const starts = groups[g]!;
          let i = cursors[g]!;
          while (i < starts.length && starts[i]! < at) i++;
          cursors[g] = i;
          if (starts[i] === at) isReceived = true;
        }
        if (isReceived) counts.received += 1;
      }
    }
    inputs.coverageCache.set(key, counts);
  }
  return counts;
}

/** Expected intervals of the month before and after `now`, over the SLA's scope (the forecast's pace). */
function splitExpected(ctx: ContractContext, inputs: Inputs, sla: SlaTermsDto, bounds: { start: Date; end: Date }, now: Date): { elapsed: number; remaining: number } {
  let elapsed = 0;
  let remaining = 0;
  for (const unitId of scopeOf(ctx, sla).units) {
    for (const at of expectedOf(ctx, inputs, sla, unitId, bounds)) {
      if (at < now.getTime()) elapsed += 1;
      else remaining += 1;
    }
  }
  return { elapsed, remaining };
}

function resultRow(
  ctx: ContractContext,
  versionId: string,
  sla: SlaTermsDto,
  month: string,
  period: PlannedPeriod,
  r: SlaResult & { excludedRows?: number },
  runAt: Date,
  frozen: { isFrozen: boolean; monthCloseId: string | null },
): ResultRow {
  return {
    clientOrgId: ctx.clientOrgId,
    contractId: ctx.contractId,
    vendorOrgId: ctx.vendorOrgId,
    contractVersionId: versionId,
    contractSlaId: sla.id,
    slaKey: keyOfSla(sla),
    month,
    grain: period.grain,
    periodKey: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    unitId: sla.scopeUnitId,
    queueId: sla.scopeQueueId,
    channel: sla.scopeChannel,
    kpi: sla.kpi,
    comparator: sla.comparator,
    target: sla.target,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    volume: r.volume,
    minimumVolume: sla.minimumVolume,
    status: r.status,
    outcome: r.outcome,
    reason: r.reason,
    warnings: r.warnings,
    expectedIntervals: r.coverage.expectedIntervals,
    receivedIntervals: r.coverage.receivedIntervals,
    excludedRows: r.excludedRows ?? 0,
    computedAt: runAt,
    ...frozen,
  };
}
