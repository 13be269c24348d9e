/**
 * evaluateContractMonth: every SLA of the contract version in force, over the month (and its days or
 * weeks for a finer SLA), from the month's CURRENT facts in the program's time zone with approved
 * exclusions left out; then the month's service credits and the contract's earn-back ledger.
 *
 * Rules decided here (DOMAIN.md and issue 5 are silent):
 *  - The version in force on the month's first local day governs the whole month (credits are monthly and
 *    a month has one invoice); a contract starting mid-month uses its first version in force that month.
 *  - Coverage: the expected intervals are those of the program's opening hours (a program without hours
 *    is open around the clock), of the unit's interval length (its current facts', else 15 min); an
 *    interval counts as received when any current row of the SLA's scope arrived for it. Intervals an
 *    approved exclusion covers for the whole scope are not expected (an exclusion never makes data missing).
 *  - A period still running is provisional (warning period_open): coverage is counted up to now and only
 *    "no feed at all" is missing data; later periods of the month are not evaluated yet.
 *  - A day or week SLA's month row carries the month's Σ/Σ value and monthlyOutcome of its periods.
 *  - A closed month is frozen: evaluation changes nothing until it is reopened.
 */
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '#db/client';
import { monthCloses, serviceCredits, slaResults } from '#db/schema/index';
import { withTenant } from '#db/tenant';
import { versionInForce } from '#app/domain/contracts/version';
import { periodBounds, periodKey } from '#app/domain/kpi/aggregate';
import { addComponents, emptyComponents, type Components } from '#app/domain/kpi/components';
import { computeMonthCredits } from '#app/domain/sla/credits';
import { evaluateSla, monthlyOutcome, type SlaResult } from '#app/domain/sla/evaluate';
import { isExcluded, sumExcluding, type ExclusionSpan } from '#app/domain/sla/exclusions';
import { forbidden } from '#app/lib/errors';
import { logger } from '#app/lib/logger.server';
import { assertCan, type ServiceCtx } from '../context';
import { feedChannelOf } from '../feeds/unit-context.server';
import { raiseSlaAlerts, type SlaAlert } from './alerts.server';
import { computeInvoiceBasis, minorDigitsOf } from './basis.server';
import {
  dayInPeriod,
  daysTouched,
  expectedStarts,
  keyOfSla,
  loadContractContext,
  loadCoverage,
  loadExclusions,
  loadFacts,
  loadRollups,
  periodsOfMonth,
  type ContractContext,
  type CoverageRow,
  type FactRow,
  type PlannedPeriod,
  type RollupRow,
  type SlaTermsDto,
} from './inputs.server';
import { rebuildEarnBackLedger } from './ledger.server';
import { forecastAlerts } from './forecast.server';

export interface ContractMonthEvaluation {
  contractId: string;
  month: string;
  status: 'evaluated' | 'frozen' | 'no_version' | 'not_started';
  contractVersionId: string | null;
  resultCount: number;
  creditTotalMinor: bigint | null;
  alerts: SlaAlert[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** For a client member: evaluates (or re-evaluates) one contract month. Vendors read the results. */
export async function evaluateContractMonth(ctx: ServiceCtx, input: { contractId: string; month: string; now?: Date }): Promise<ContractMonthEvaluation> {
  assertCan(ctx, 'read:kpis');
  if (ctx.orgKind !== 'client') throw forbidden('Results are evaluated for the client');
  return evaluateForClient(ctx.db, ctx.orgId, input.contractId, input.month, input.now ?? new Date());
}

/**
 * Platform entry (ingest, dispute decisions, month close): runs in the tenant transaction of the
 * contract's client org, since the results are the client's rows; alerts go out after it commits.
 */
export async function evaluateForClient(db: Database, clientOrgId: string, contractId: string, month: string, now: Date): Promise<ContractMonthEvaluation> {
  if (!MONTH.test(month)) throw new RangeError(`Not a month: ${month}`);
  const evaluation = await withTenant(db, { orgId: clientOrgId }, (tx) => evaluateInTx(tx, contractId, month, now));
  if (evaluation.alerts.length) await raiseSlaAlerts(db, evaluation.alerts, now);
  return evaluation;
}

/** Re-evaluates the open months an accepted upload touched, for every contract covering the unit. */
export async function recomputeAfterUpload(db: Database, input: { clientOrgId: string; unitId: string; periodStart: Date | null; periodEnd: Date | null; now?: Date }): Promise<ContractMonthEvaluation[]> {
  if (!input.periodStart || !input.periodEnd) return [];
  const { periodStart, periodEnd } = input;
  const targets = await withTenant(db, { orgId: input.clientOrgId }, (tx) =>
    queryRows<{ contract_id: string; time_zone: string }>(
      tx,
      sql`select cu.contract_id, p.time_zone from contract_units cu
          join delivery_units u on u.client_org_id = cu.client_org_id and u.id = cu.unit_id
          join programs p on p.client_org_id = u.client_org_id and p.id = u.program_id
          where cu.client_org_id = ${input.clientOrgId} and cu.unit_id = ${input.unitId}`,
    ),
  );
  const out: ContractMonthEvaluation[] = [];
  for (const target of targets) {
    const months = new Set([periodKey(periodStart, 'month', target.time_zone), periodKey(new Date(periodEnd.getTime() - 1), 'month', target.time_zone)]);
    for (const month of [...months].sort()) out.push(await evaluateForClient(db, input.clientOrgId, target.contract_id, month, input.now ?? new Date()));
  }
  return out;
}

/** Never lets a failed recompute fail the write that caused it; the next evaluation catches up. */
export async function recomputeQuietly(run: () => Promise<unknown>, what: Record<string, unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    logger.warn({ err: error, ...what }, 'SLA recompute failed');
  }
}

export async function isMonthClosed(tx: Tx, contractId: string, month: string): Promise<boolean> {
  const [close] = await tx.select({ id: monthCloses.id }).from(monthCloses).where(and(eq(monthCloses.contractId, contractId), eq(monthCloses.month, month), isNull(monthCloses.reopenedAt)));
  return close !== undefined;
}

type ResultRow = typeof slaResults.$inferInsert;

interface Inputs {
  rollups: RollupRow[];
  coverage: CoverageRow[];
  facts: FactRow[];
  exclusions: ExclusionSpan[];
  /** Exclusion spans per local day they touch. */
  touched: Map<string, ExclusionSpan[]>;
  unitMinutes: Map<string, number>;
  /** expectedStarts by interval length and bounds (the contract's hours and zone are fixed). */
  expectedCache: Map<string, number[]>;
  coverageByUnit: Map<string, CoverageRow[]>;
  /** Arrived starts by unit, queue and channel scope. */
  arrivedCache: Map<string, Set<number>>;
}

export async function evaluateInTx(tx: Tx, contractId: string, month: string, now: Date): Promise<ContractMonthEvaluation> {
  const base = { contractId, month, contractVersionId: null, resultCount: 0, creditTotalMinor: null, alerts: [] };
  const ctx = await loadContractContext(tx, contractId);
  if (await isMonthClosed(tx, contractId, month)) return { ...base, status: 'frozen' };
  const monthBounds = periodBounds(month, 'month', ctx.timeZone);
  if (monthBounds.start.getTime() > now.getTime()) return { ...base, status: 'not_started' };
  const firstDay = `${month}-01`;
  const lastDay = periodKey(new Date(monthBounds.end.getTime() - 1), 'day', ctx.timeZone);
  const version = versionInForce(ctx.versions, firstDay) ?? ctx.versions.find((v) => v.effectiveFrom <= lastDay && (v.effectiveUntil === null || v.effectiveUntil >= firstDay));
  if (!version) return { ...base, status: 'no_version' };

  const plans = version.slas.map((sla) => ({ sla, periods: periodsOfMonth(month, sla.period, ctx.timeZone).filter((p) => p.start.getTime() < now.getTime()) }));
  const windowStart = new Date(Math.min(monthBounds.start.getTime(), ...plans.flatMap((p) => p.periods.map((x) => x.start.getTime()))));
  const windowEnd = new Date(Math.max(monthBounds.end.getTime(), ...plans.flatMap((p) => p.periods.map((x) => x.end.getTime()))));
  const inputs = await loadInputs(tx, ctx, windowStart, windowEnd);

  const runAt = now;
  const rows: ResultRow[] = [];
  const monthResults = new Map<string, { sla: SlaTermsDto; result: SlaResult }>();
  for (const { sla, periods } of plans) {
    const monthPeriod: PlannedPeriod = { grain: 'month', key: month, ...monthBounds };
    const monthResult = evaluatePeriod(ctx, inputs, sla, monthPeriod, now);
    if (sla.period !== 'month') {
      const subResults = periods.map((period) => evaluatePeriod(ctx, inputs, sla, period, now));
      subResults.forEach((r, i) => rows.push(resultRow(ctx, version.id, sla, month, periods[i]!, r, runAt)));
      const outcome = monthlyOutcome(subResults.map((r) => r.outcome));
      monthResult.outcome = outcome;
      monthResult.status = outcome;
      monthResult.reason = `worst_of_${sla.period}s` as SlaResult['reason'];
    }
    rows.push(resultRow(ctx, version.id, sla, month, monthPeriod, monthResult, runAt));
    monthResults.set(sla.id, { sla, result: monthResult });
  }
  await upsertResults(tx, ctx, month, rows, runAt);

  const digits = minorDigitsOf(version.currency);
  const volumes = inputs.rollups.filter((r) => r.day.startsWith(month)).map((r) => ({ queueId: r.queueId, channel: r.channel, components: r.components }));
  const basis = computeInvoiceBasis(version, volumes, digits);
  const credits = computeMonthCredits({
    invoiceAmountMinor: basis.amountMinor,
    atRiskBp: version.atRiskBp,
    poolBp: version.poolBp,
    slas: version.slas.map((sla) => ({ slaId: sla.id, isCritical: sla.isCritical, allocationBp: sla.allocationBp, outcome: monthResults.get(sla.id)?.result.outcome ?? 'not_measured' })),
  });
  const creditRow = {
    clientOrgId: ctx.clientOrgId,
    contractId,
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
    isFrozen: false,
    monthCloseId: null,
  };
  const { clientOrgId: _c, contractId: _k, month: _m, ...update } = creditRow;
  await tx.insert(serviceCredits).values(creditRow).onConflictDoUpdate({ target: [serviceCredits.clientOrgId, serviceCredits.contractId, serviceCredits.month], set: update });
  await rebuildEarnBackLedger(tx, ctx, ctx.versions);

  const monthEnded = monthBounds.end.getTime() <= now.getTime();
  const alerts = forecastAlerts({ ctx, month, monthEnded, now, monthResults: [...monthResults.values()], expectedFor: (sla) => splitExpected(ctx, inputs, sla, monthBounds, now) });
  return { contractId, month, status: 'evaluated', contractVersionId: version.id, resultCount: rows.length, creditTotalMinor: credits.totalMinor, alerts };
}

async function loadInputs(tx: Tx, ctx: ContractContext, start: Date, end: Date): Promise<Inputs> {
  const tz = ctx.timeZone;
  const firstDay = periodKey(start, 'day', tz);
  const lastDay = periodKey(new Date(end.getTime() - 1), 'day', tz);
  const [rollups, coverage, exclusions] = [
    await loadRollups(tx, ctx.clientOrgId, ctx.unitIds, firstDay, lastDay),
    await loadCoverage(tx, ctx.clientOrgId, ctx.unitIds, start, end),
    await loadExclusions(tx, ctx.clientOrgId, ctx.contractId, start, end),
  ];
  const touched = new Map<string, ExclusionSpan[]>();
  for (const span of exclusions) {
    const from = new Date(Math.max(span.start.getTime(), start.getTime()));
    const to = new Date(Math.min(span.end.getTime(), end.getTime()));
    if (from >= to) continue;
    for (const day of daysTouched(from, to, tz)) touched.set(day, [...(touched.get(day) ?? []), span]);
  }
  let facts: FactRow[] = [];
  if (touched.size) {
    const days = [...touched.keys()].sort();
    facts = await loadFacts(tx, ctx.clientOrgId, ctx.unitIds, periodBounds(days[0]!, 'day', tz).start, periodBounds(days.at(-1)!, 'day', tz).end);
  }
  const unitMinutes = new Map<string, number>();
  const coverageByUnit = new Map<string, CoverageRow[]>();
  for (const row of coverage) {
    unitMinutes.set(row.unitId, Math.min(unitMinutes.get(row.unitId) ?? row.intervalMinutes, row.intervalMinutes));
    const list = coverageByUnit.get(row.unitId);
    if (list) list.push(row);
    else coverageByUnit.set(row.unitId, [row]);
  }
  return { rollups, coverage, facts, exclusions, touched, unitMinutes, expectedCache: new Map(), coverageByUnit, arrivedCache: new Map() };
}

function scopeOf(ctx: ContractContext, sla: SlaTermsDto) {
  const units = sla.scopeUnitId ? ctx.unitIds.filter((u) => u === sla.scopeUnitId) : ctx.unitIds;
  const channel = sla.scopeChannel ? feedChannelOf(sla.scopeChannel) : null;
  const matches = (s: { unitId: string; queueId: string; channel: string }) =>
    units.includes(s.unitId) && (!sla.scopeQueueId || s.queueId === sla.scopeQueueId) && (channel === null || s.channel === channel);
  return { units, channel, matches };
}

/** The interval starts of a unit that had a row in the SLA's queue and channel scope (once per evaluation). */
function arrivedOf(inputs: Inputs, sla: SlaTermsDto, unitId: string, matches: (s: CoverageRow) => boolean): Set<number> {
  const key = `${unitId}|${sla.scopeQueueId ?? ''}|${sla.scopeChannel ?? ''}`;
  let arrived = inputs.arrivedCache.get(key);
  if (!arrived) {
    arrived = new Set((inputs.coverageByUnit.get(unitId) ?? []).filter(matches).map((c) => c.start));
    inputs.arrivedCache.set(key, arrived);
  }
  return arrived;
}

/** Expected interval starts of one unit in [start, end), with whole-scope exclusions taken out. */
function expectedOf(ctx: ContractContext, inputs: Inputs, sla: SlaTermsDto, unitId: string, bounds: { start: Date; end: Date }): number[] {
  const minutes = inputs.unitMinutes.get(unitId) ?? 15;
  // Every SLA of the unit expects the same starts over the same bounds: computed once per evaluation.
  const key = `${minutes}|${bounds.start.getTime()}|${bounds.end.getTime()}`;
  let starts = inputs.expectedCache.get(key);
  if (!starts) inputs.expectedCache.set(key, (starts = expectedStarts(bounds, minutes, ctx.timeZone, ctx.hours, ctx.holidays)));
  if (inputs.exclusions.length === 0) return starts;
  const channel = sla.scopeChannel ? feedChannelOf(sla.scopeChannel) : undefined;
  return starts.filter((at) => !isExcluded({ start: new Date(at), unitId, queueId: sla.scopeQueueId ?? undefined, channel }, inputs.exclusions));
}

function evaluatePeriod(ctx: ContractContext, inputs: Inputs, sla: SlaTermsDto, period: PlannedPeriod, now: Date): SlaResult & { excludedRows: number } {
  const scope = scopeOf(ctx, sla);
  let components: Components = emptyComponents();
  let excludedRows = 0;
  let hasThresholdMismatch = false;
  for (const rollup of inputs.rollups) {
    if (!scope.matches(rollup) || !dayInPeriod(rollup.day, period)) continue;
    if (sla.kpi === 'service_level' && sla.thresholdS !== null && (rollup.isThresholdMixed || (rollup.thresholdS !== null && rollup.thresholdS !== sla.thresholdS))) hasThresholdMismatch = true;
    const spans = inputs.touched.get(rollup.day);
    if (!spans) {
      components = addComponents(components, rollup.components);
      continue;
    }
    const rows = inputs.facts.filter(
      (f) => f.unitId === rollup.unitId && f.queueId === rollup.queueId && f.channel === rollup.channel && f.source === rollup.source && periodKey(f.start, 'day', ctx.timeZone) === rollup.day,
    );
    const summed = sumExcluding(rows, spans);
    excludedRows += summed.excludedRows;
    components = addComponents(components, summed.components);
  }
  const isOpen = period.end.getTime() > now.getTime();
  const bounds = { start: period.start, end: isOpen ? new Date(Math.min(period.end.getTime(), now.getTime())) : period.end };
  let expected = 0;
  let received = 0;
  for (const unitId of scope.units) {
    const arrived = arrivedOf(inputs, sla, unitId, scope.matches);
    for (const at of expectedOf(ctx, inputs, sla, unitId, bounds)) {
      expected += 1;
      if (arrived.has(at)) received += 1;
    }
  }
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

function resultRow(ctx: ContractContext, versionId: string, sla: SlaTermsDto, month: string, period: PlannedPeriod, r: SlaResult & { excludedRows?: number }, runAt: Date): ResultRow {
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
    isFrozen: false,
    monthCloseId: null,
  };
}

async function upsertResults(tx: Tx, ctx: ContractContext, month: string, rows: ResultRow[], runAt: Date): Promise<void> {
  if (rows.length) {
    const set = Object.fromEntries(
      Object.entries(slaResults)
        .filter(([name, column]) => typeof column === 'object' && column !== null && 'name' in column && !['clientOrgId', 'id', 'contractId', 'contractSlaId', 'grain', 'periodKey'].includes(name))
        .map(([name, column]) => [name, sql.raw(`excluded."${(column as { name: string }).name}"`)]),
    );
    await tx
      .insert(slaResults)
      .values(rows)
      .onConflictDoUpdate({ target: [slaResults.clientOrgId, slaResults.contractId, slaResults.contractSlaId, slaResults.grain, slaResults.periodKey], set });
  }
  // Rows of SLAs (or periods) this run no longer produced, e.g. after a version change.
  await tx.delete(slaResults).where(and(eq(slaResults.clientOrgId, ctx.clientOrgId), eq(slaResults.contractId, ctx.contractId), eq(slaResults.month, month), eq(slaResults.isFrozen, false), ne(slaResults.computedAt, runAt)));
}
