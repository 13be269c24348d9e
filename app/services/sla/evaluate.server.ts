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
 *
 * One code path for one contract or many (evaluateContractsInTx): the inputs of every contract are read in
 * a handful of set-based queries (contexts, daily rollups, fact coverage, exclusions, interval rows of the
 * days an exclusion cuts into), each contract is evaluated in memory (evaluate-contract.server.ts), and the
 * results, credits and earn-back ledgers are written with multi-row statements. A single evaluation is a
 * batch of one.
 */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '#db/client';
import { monthCloses, serviceCredits, slaResults } from '#db/schema/index';
import { withTenant } from '#db/tenant';
import { versionInForce } from '#app/domain/contracts/version';
import { periodBounds, periodKey } from '#app/domain/kpi/aggregate';
import { offsetAt } from '#app/domain/time/zoned';
import { forbidden } from '#app/lib/errors';
import { logger } from '#app/lib/logger.server';
import { assertCan, type ServiceCtx } from '../context';
import { raiseSlaAlerts, type SlaAlert } from './alerts.server';
import { upsertRows } from './bulk-write.server';
import { loadFactStarts, type FactStarts } from './coverage.server';
import { evaluateContract, exclusionsOf, type ContractPlan, type CreditRow, type ResultRow, type SharedInputs } from './evaluate-contract.server';
import { loadContractContext, loadExclusions, loadFacts, loadRollups, monthBoundsOf, periodsOfMonth, type ContractContext, type FactRow, type RollupRow } from './inputs.server';
import { rebuildEarnBackLedgers } from './ledger.server';

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
  return (await closedContracts(tx, [contractId], month)).has(contractId);
}

/** The contracts of `contractIds` whose month is closed (a close in force). */
export async function closedContracts(tx: Tx, contractIds: string[], month: string): Promise<Set<string>> {
  if (!contractIds.length) return new Set();
  const rows = await tx
    .select({ contractId: monthCloses.contractId })
    .from(monthCloses)
    .where(and(inArray(monthCloses.contractId, contractIds), eq(monthCloses.month, month), isNull(monthCloses.reopenedAt)));
  return new Set(rows.map((r) => r.contractId));
}

export async function evaluateInTx(tx: Tx, contractId: string, month: string, now: Date): Promise<ContractMonthEvaluation> {
  const ctx = await loadContractContext(tx, contractId);
  return (await evaluateContractsInTx(tx, [ctx], month, now)).evaluations[0]!;
}

export interface BatchEvaluation {
  /** One per context, in the order given. */
  evaluations: ContractMonthEvaluation[];
  /** Current fact starts of the units over the evaluated windows (for a close, at least the month). */
  facts: FactStarts[];
}

/**
 * Evaluates the month of every contract given (contexts of one tenant transaction). `monthCloseIds`
 * (a close) writes the results and credits of those contracts frozen to their close, and reads the
 * month's facts even of a contract with no version in force (the close records their uploads).
 */
export async function evaluateContractsInTx(tx: Tx, contexts: ContractContext[], month: string, now: Date, options: { monthCloseIds?: ReadonlyMap<string, string> } = {}): Promise<BatchEvaluation> {
  const closed = await closedContracts(tx, contexts.map((c) => c.contractId), month);
  const evaluations = new Map<string, ContractMonthEvaluation>();
  const plans: ContractPlan[] = [];
  const windows: FactWindow[] = [];
  for (const ctx of contexts) {
    const base = { contractId: ctx.contractId, month, contractVersionId: null, resultCount: 0, creditTotalMinor: null, alerts: [] };
    if (closed.has(ctx.contractId)) {
      evaluations.set(ctx.contractId, { ...base, status: 'frozen' });
      continue;
    }
    const monthBounds = monthBoundsOf(month, ctx.timeZone);
    if (monthBounds.start.getTime() > now.getTime()) {
      evaluations.set(ctx.contractId, { ...base, status: 'not_started' });
      continue;
    }
    const plan = planOf(ctx, month, monthBounds, now);
    if (!plan) {
      evaluations.set(ctx.contractId, { ...base, status: 'no_version' });
      if (options.monthCloseIds?.has(ctx.contractId)) windows.push({ ctx, ...monthBounds });
      continue;
    }
    plans.push(plan);
    windows.push({ ctx, ...plan.window });
  }

  const { shared, facts } = await loadSharedInputs(tx, plans, windows);
  const rows: ResultRow[] = [];
  const credits: CreditRow[] = [];
  for (const plan of plans) {
    const outcome = evaluateContract(plan, shared, now, options.monthCloseIds?.get(plan.ctx.contractId) ?? null);
    rows.push(...outcome.rows);
    credits.push(outcome.credit);
    evaluations.set(plan.ctx.contractId, {
      contractId: plan.ctx.contractId,
      month,
      status: 'evaluated',
      contractVersionId: plan.version.id,
      resultCount: outcome.rows.length,
      creditTotalMinor: outcome.creditTotalMinor,
      alerts: outcome.alerts,
    });
  }
  if (plans.length) {
    const evaluated = plans.map((p) => p.ctx);
    await upsertResults(tx, evaluated, month, rows, now);
    await upsertCredits(tx, credits);
    await rebuildEarnBackLedgers(tx, evaluated);
  }
  return { evaluations: contexts.map((c) => evaluations.get(c.contractId)!), facts };
}

function planOf(ctx: ContractContext, month: string, monthBounds: { start: Date; end: Date }, now: Date): ContractPlan | null {
  const firstDay = `${month}-01`;
  const lastDay = periodKey(new Date(monthBounds.end.getTime() - 1), 'day', ctx.timeZone);
  const version = versionInForce(ctx.versions, firstDay) ?? ctx.versions.find((v) => v.effectiveFrom <= lastDay && (v.effectiveUntil === null || v.effectiveUntil >= firstDay));
  if (!version) return null;
  const plans = version.slas.map((sla) => ({ sla, periods: periodsOfMonth(month, sla.period, ctx.timeZone).filter((p) => p.start.getTime() < now.getTime()) }));
  const start = new Date(Math.min(monthBounds.start.getTime(), ...plans.flatMap((p) => p.periods.map((x) => x.start.getTime()))));
  const end = new Date(Math.max(monthBounds.end.getTime(), ...plans.flatMap((p) => p.periods.map((x) => x.end.getTime()))));
  return {
    ctx,
    version,
    month,
    monthBounds,
    plans,
    window: { start, end },
    firstDay: periodKey(start, 'day', ctx.timeZone),
    lastDay: periodKey(new Date(end.getTime() - 1), 'day', ctx.timeZone),
  };
}

interface FactWindow {
  ctx: ContractContext;
  start: Date;
  end: Date;
}

const unique = (values: string[]) => [...new Set(values)];
const minDate = (dates: Date[]) => new Date(Math.min(...dates.map((d) => d.getTime())));
const maxDate = (dates: Date[]) => new Date(Math.max(...dates.map((d) => d.getTime())));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareRollups = (a: RollupRow, b: RollupRow) => byText(a.unitId, b.unitId) || byText(a.queueId, b.queueId) || byText(a.channel, b.channel) || byText(a.day, b.day) || byText(a.source, b.source);
const compareFacts = (a: FactRow, b: FactRow) =>
  byText(a.unitId, b.unitId) || byText(a.queueId, b.queueId) || byText(a.channel, b.channel) || byText(a.source, b.source) || a.start.getTime() - b.start.getTime();

function groupBy<T>(rows: T[], keyOf: (row: T) => string, into: Map<string, T[]>): void {
  for (const row of rows) {
    const key = keyOf(row);
    const list = into.get(key);
    if (list) list.push(row);
    else into.set(key, [row]);
  }
}

/** Every planned contract's inputs, a few queries per client org however many contracts there are. */
async function loadSharedInputs(tx: Tx, plans: ContractPlan[], windows: FactWindow[]): Promise<{ shared: SharedInputs; facts: FactStarts[] }> {
  const shared: SharedInputs = { rollupsByUnit: new Map(), startsByUnit: new Map(), exclusionsByContract: new Map(), factsByUnit: new Map(), expectedCache: new Map() };
  const facts: FactStarts[] = [];
  for (const clientOrgId of unique(windows.map((w) => w.ctx.clientOrgId))) {
    const own = plans.filter((p) => p.ctx.clientOrgId === clientOrgId);
    const ownWindows = windows.filter((w) => w.ctx.clientOrgId === clientOrgId);
    const units = unique(own.flatMap((p) => p.ctx.unitIds));
    const start = minDate(ownWindows.map((w) => w.start));
    // Sent together: the rollups are parsed here while the server scans the facts (one connection, in order).
    const [rollups, exclusions, starts] = await Promise.all([
      own.length ? loadRollups(tx, clientOrgId, units, own.map((p) => p.firstDay).sort()[0]!, own.map((p) => p.lastDay).sort().at(-1)!) : [],
      own.length ? loadExclusions(tx, clientOrgId, own.map((p) => p.ctx.contractId), minDate(own.map((p) => p.window.start)), maxDate(own.map((p) => p.window.end))) : [],
      loadFactStarts(tx, clientOrgId, unique(ownWindows.flatMap((w) => w.ctx.unitIds)), start, maxDate(ownWindows.map((w) => w.end)), offsetAt(start.getTime(), ownWindows[0]!.ctx.timeZone)),
    ]);
    groupBy(rollups.sort(compareRollups), (r) => r.unitId, shared.rollupsByUnit);
    for (const { contractId, ...span } of exclusions) shared.exclusionsByContract.set(contractId, [...(shared.exclusionsByContract.get(contractId) ?? []), span]);
    groupBy(starts, (s) => s.unitId, shared.startsByUnit);
    facts.push(...starts);
    // Interval rows only for the local days an approved exclusion cuts into.
    const cut = own.flatMap((plan) => {
      const days = [...exclusionsOf(plan, shared).touched.keys()].sort();
      if (!days.length) return [];
      return [{ units: plan.ctx.unitIds, start: periodBounds(days[0]!, 'day', plan.ctx.timeZone).start, end: periodBounds(days.at(-1)!, 'day', plan.ctx.timeZone).end }];
    });
    if (cut.length) {
      const rows = await loadFacts(tx, clientOrgId, unique(cut.flatMap((c) => c.units)), minDate(cut.map((c) => c.start)), maxDate(cut.map((c) => c.end)));
      groupBy(rows.sort(compareFacts), (f) => f.unitId, shared.factsByUnit);
    }
  }
  return { shared, facts };
}

async function upsertResults(tx: Tx, contexts: ContractContext[], month: string, rows: ResultRow[], runAt: Date): Promise<void> {
  await upsertRows(tx, slaResults, rows, ['clientOrgId', 'contractId', 'contractSlaId', 'grain', 'periodKey']);
  // Rows of SLAs (or periods) this run no longer produced, e.g. after a version change.
  await tx
    .delete(slaResults)
    .where(
      and(
        inArray(slaResults.clientOrgId, unique(contexts.map((c) => c.clientOrgId))),
        inArray(slaResults.contractId, contexts.map((c) => c.contractId)),
        eq(slaResults.month, month),
        eq(slaResults.isFrozen, false),
        ne(slaResults.computedAt, runAt),
      ),
    );
}

async function upsertCredits(tx: Tx, rows: CreditRow[]): Promise<void> {
  await upsertRows(tx, serviceCredits, rows, ['clientOrgId', 'contractId', 'month']);
}
