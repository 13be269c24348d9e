/**
 * The demo's SLA story, seeded right after its intervals (demo-seed.server.ts): every demo month of every
 * demo contract is evaluated (results, credits, earn-back ledger), the months before the last complete one
 * are closed by the bank's program manager (as in real use, a few days after each month ends), and Vendor
 * A's analyst disputes the client's IVR outage (DEMO_OUTAGE). The dispute stays open, for the program
 * manager to decide: approving it flips Vendor A's September 2026 service level from missed to met.
 *
 * Rule decided here: the outage month and the months after it stay open even when older than the last
 * complete month, since a decision on a closed month would change nothing until it is reopened.
 */
import { and, eq, min } from 'drizzle-orm';
import type { Database } from '#db/client';
import { contracts, contractVersions, deliveryUnits } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { periodKey, startOfLocalDate } from '#app/domain/kpi/aggregate';
import type { OrgKind, Role } from '#app/domain/permissions';
import type { ServiceCtx } from './context';
import { demoActor, loadDemoDirectory } from './demo-actors.server';
import { demoIntervalSpan } from './demo-intervals-generator';
import { DEMO_OUTAGE, DEMO_TIME_ZONE } from './demo-story';
import { closeMonth } from './sla/close.server';
import { raiseDispute } from './sla/disputes.server';
import { evaluateForClient } from './sla/evaluate.server';

export interface SeedDemoSlaOptions {
  months?: number;
  endMonth?: string;
  /** "Now" (tests): the months that have ended, and the open months' evaluation time. */
  now?: Date;
}

export interface SeedDemoSlaResult {
  months: string[];
  evaluated: number;
  closed: number;
  disputeId: string | null;
  ms: number;
}

/** "YYYY-MM" months from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let key = from.slice(0, 7); key <= to.slice(0, 7); key = `${y}-${String(m).padStart(2, '0')}`) {
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The month after "YYYY-MM". */
const nextMonth = (month: string) => monthsBetween(month, `${Number(month.slice(0, 4)) + 1}-12`)[1]!;

/** When the demo closes `month`: the 5th of the next month, 10:00 in the demo's time zone. */
function closedAt(month: string): Date {
  const [y, m] = nextMonth(month).split('-').map(Number) as [number, number];
  return new Date(startOfLocalDate({ year: y, month: m, day: 5 }, DEMO_TIME_ZONE).getTime() + 10 * 3_600_000);
}

interface Parties {
  bankId: string;
  vendorAId: string;
  /** Each demo contract with the month of its first version (earlier months have nothing to evaluate). */
  contracts: { id: string; firstMonth: string }[];
  outageUnitId: string | null;
  people: Map<string, string>;
}

/** The demo orgs, people and contracts. Platform work: reads across the demo tenants. */
async function loadParties(db: Database): Promise<Parties | null> {
  return unsafeWithoutTenant(db, async (tx) => {
    const { orgIds, userIds } = await loadDemoDirectory(tx, ['demo-bank', 'vendor-a'], [PM, ANALYST]);
    const bankId = orgIds.get('demo-bank');
    const vendorAId = orgIds.get('vendor-a');
    if (!bankId || !vendorAId) return null;
    const contractRows = await tx
      .select({ id: contracts.id, firstDay: min(contractVersions.effectiveFrom) })
      .from(contracts)
      .innerJoin(contractVersions, and(eq(contractVersions.clientOrgId, contracts.clientOrgId), eq(contractVersions.contractId, contracts.id)))
      .where(eq(contracts.clientOrgId, bankId))
      .groupBy(contracts.id, contracts.name)
      .orderBy(contracts.name);
    const [unit] = await tx.select({ id: deliveryUnits.id }).from(deliveryUnits).where(and(eq(deliveryUnits.clientOrgId, bankId), eq(deliveryUnits.name, DEMO_OUTAGE.unitName)));
    return {
      bankId,
      vendorAId,
      contracts: contractRows.map((c) => ({ id: c.id, firstMonth: (c.firstDay ?? '9999-12').slice(0, 7) })),
      outageUnitId: unit?.id ?? null,
      people: userIds,
    };
  });
}

const PM = 'pm@demo-bank.test';
const ANALYST = 'analyst@vendor-a.test';

function actorCtx(db: Database, orgId: string, orgKind: OrgKind, role: Role, email: string, parties: Parties): ServiceCtx {
  return demoActor(db, orgId, orgKind, role, email, parties.people);
}

/**
 * Evaluates and closes the demo months and raises the outage dispute. Call it once, after seedDemoIntervals
 * with the same options; returns null when there is no demo bank.
 */
export async function seedDemoSla(db: Database, options: SeedDemoSlaOptions = {}): Promise<SeedDemoSlaResult | null> {
  const started = performance.now();
  const parties = await loadParties(db);
  if (!parties) return null;
  const now = options.now ?? new Date();
  const months = monthsBetween(demoIntervalSpan(options).from, demoIntervalSpan(options).to);
  const lastComplete = previousMonth(periodKey(now, 'month', DEMO_TIME_ZONE));
  const outageMonth = periodKey(DEMO_OUTAGE.startsAt, 'month', DEMO_TIME_ZONE);
  const pm = actorCtx(db, parties.bankId, 'client', 'program_manager', PM, parties);

  let evaluated = 0;
  let closed = 0;
  // Month by month, so each month's earn-back ledger is built on the months before it.
  for (const month of months) {
    for (const contract of parties.contracts) {
      if (month < contract.firstMonth) continue;
      const closeAt = closedAt(month);
      if (month < lastComplete && month < outageMonth && closeAt.getTime() <= now.getTime()) {
        // Evaluates one last time and freezes, as the program manager would on the 5th of the next month.
        await closeMonth(pm, { contractId: contract.id, month, now: closeAt });
        closed += 1;
      } else {
        await evaluateForClient(db, parties.bankId, contract.id, month, now);
      }
      evaluated += 1;
    }
  }

  let disputeId: string | null = null;
  // The analyst files it the next morning.
  const raisedAt = new Date(DEMO_OUTAGE.endsAt.getTime() + 17 * 3_600_000);
  if (parties.outageUnitId && months.includes(outageMonth) && raisedAt.getTime() <= now.getTime()) {
    const analyst = actorCtx(db, parties.vendorAId, 'vendor', 'vendor_reporter', ANALYST, parties);
    const dispute = await raiseDispute(analyst, { unitId: parties.outageUnitId, spanStart: DEMO_OUTAGE.startsAt, spanEnd: DEMO_OUTAGE.endsAt, reason: DEMO_OUTAGE.reason, now: raisedAt });
    disputeId = dispute.id;
  }
  return { months, evaluated, closed, disputeId, ms: Math.round(performance.now() - started) };
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
