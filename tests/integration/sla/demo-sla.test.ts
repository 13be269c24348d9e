/**
 * The demo's SLA story as seeded (app/services/demo-sla.server.ts): every demo month evaluated, the months
 * before the last complete one closed (the outage month kept open), Vendor A's outage dispute raised by its
 * analyst and still open; the program manager's approval flips September 2026's service level to met.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, disputes, earnBackEntries, monthCloses, orgs, serviceCredits, slaResults, users } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import type { ServiceCtx } from '../../../app/services/context';
import { seedDemo } from '../../../app/services/demo-seed.server';
import { DEMO_OUTAGE } from '../../../app/services/demo-story';
import { decideDispute, listDisputes } from '../../../app/services/sla/disputes.server';
import { createSlaWorld, engine, type SlaWorld } from './support';

const NOW = new Date('2026-11-26T04:00:00Z');
const OPTIONS = { months: 9, endMonth: '2026-10', now: NOW };
const HOTLINE = 'Credit-card hotline – Vendor A';

let world: SlaWorld;
let bankId = '';
let hotlineId = '';
let seedMs = 0;

const platform = <T>(fn: Parameters<typeof unsafeWithoutTenant<T>>[1]) => unsafeWithoutTenant(world.db, fn);

async function ctxOf(email: string, orgSlug: string, orgKind: 'client' | 'vendor', role: ServiceCtx['role']): Promise<ServiceCtx> {
  const [row] = await platform((tx) => tx.select({ userId: users.id, orgId: orgs.id }).from(users).innerJoin(orgs, eq(orgs.slug, orgSlug)).where(eq(users.email, email)));
  return { db: world.db, orgId: row!.orgId, orgKind, role, actor: { userId: row!.userId, label: email } };
}

async function serviceLevelOf(month: string) {
  const rows = await platform((tx) =>
    tx.select().from(slaResults).where(and(eq(slaResults.contractId, hotlineId), eq(slaResults.month, month), eq(slaResults.kpi, 'service_level'), eq(slaResults.grain, 'month'))),
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

beforeAll(async () => {
  world = await createSlaWorld();
  const started = performance.now();
  expect(await seedDemo(world.db, { intervals: OPTIONS })).toBe(true);
  seedMs = performance.now() - started;
  console.info(`[demo-sla] ${engine}: demo seed with 9 months and their SLAs in ${Math.round(seedMs)} ms`);
  const [bank] = await platform((tx) => tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.slug, 'demo-bank')));
  bankId = bank!.id;
  const [hotline] = await platform((tx) => tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.name, HOTLINE)));
  hotlineId = hotline!.id;
}, 600_000);
afterAll(() => world?.close());

describe(`demo SLA story (${engine})`, () => {
  it('evaluates every demo month of every contract', async () => {
    const rows = await platform((tx) => tx.select({ contractId: slaResults.contractId, month: slaResults.month }).from(slaResults).where(eq(slaResults.clientOrgId, bankId)));
    const contractIds = await platform((tx) => tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.clientOrgId, bankId)));
    expect(contractIds).toHaveLength(3);
    for (const { id } of contractIds) {
      const months = [...new Set(rows.filter((r) => r.contractId === id).map((r) => r.month))].sort();
      expect(months).toEqual(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    }
    const credits = await platform((tx) => tx.select({ month: serviceCredits.month }).from(serviceCredits).where(eq(serviceCredits.contractId, hotlineId)));
    expect(credits).toHaveLength(9);
  });

  it('closes the months before the outage month and leaves September and October open', async () => {
    const closes = await platform((tx) => tx.select().from(monthCloses).where(eq(monthCloses.clientOrgId, bankId)));
    const hotlineMonths = closes.filter((c) => c.contractId === hotlineId).map((c) => c.month).sort();
    expect(hotlineMonths).toEqual(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08']);
    expect(closes).toHaveLength(3 * 7);
    expect(closes.every((c) => c.closedByLabel === 'pm@demo-bank.test' && c.reopenedAt === null)).toBe(true);
    const frozen = await platform((tx) => tx.select({ month: slaResults.month, isFrozen: slaResults.isFrozen }).from(slaResults).where(eq(slaResults.contractId, hotlineId)));
    expect(frozen.every((r) => r.isFrozen === r.month < '2026-09')).toBe(true);
  });

  it("bills Vendor A's missed March and May, and forfeits March's earn-back", async () => {
    expect((await serviceLevelOf('2026-03')).outcome).toBe('missed');
    expect((await serviceLevelOf('2026-05')).outcome).toBe('missed');
    const ledger = await platform((tx) => tx.select().from(earnBackEntries).where(and(eq(earnBackEntries.contractId, hotlineId), eq(earnBackEntries.kpi, 'service_level'))));
    const march = ledger.find((e) => e.creditMonth === '2026-03');
    expect(march?.amountMinor).toBeGreaterThan(0n);
    expect(march?.fate).toBe('forfeited');
  });

  it("seeds the outage dispute, raised by Vendor A's analyst and open; approving it flips September to met", async () => {
    const september = await serviceLevelOf('2026-09');
    expect(september.outcome).toBe('missed');
    expect(september.value).toBeLessThan(0.85);

    const pm = await ctxOf('pm@demo-bank.test', 'demo-bank', 'client', 'program_manager');
    const open = await listDisputes(pm, { status: 'open' });
    expect(open).toHaveLength(1);
    const dispute = open[0]!;
    expect(dispute).toMatchObject({ contractId: hotlineId, raisedByLabel: 'analyst@vendor-a.test', reason: DEMO_OUTAGE.reason });
    expect(dispute.spanStart.toISOString()).toBe(DEMO_OUTAGE.startsAt.toISOString());
    expect(dispute.spanEnd.toISOString()).toBe(DEMO_OUTAGE.endsAt.toISOString());
    const analyst = await ctxOf('analyst@vendor-a.test', 'vendor-a', 'vendor', 'vendor_reporter');
    expect((await listDisputes(analyst)).map((d) => d.id)).toEqual([dispute.id]);

    await decideDispute(pm, { disputeId: dispute.id, decision: 'approved', comment: 'Confirmed: our IVR failed that afternoon.', now: NOW });
    const after = await serviceLevelOf('2026-09');
    expect(after.outcome).toBe('met');
    expect(after.value).toBeGreaterThanOrEqual(0.85);
    expect(after.excludedRows).toBeGreaterThan(0);
    const [row] = await platform((tx) => tx.select({ status: disputes.status }).from(disputes).where(eq(disputes.id, dispute.id)));
    expect(row?.status).toBe('approved');
  });
});
