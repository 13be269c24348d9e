import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractVersions, inHouseCosts, invoices } from '../../../db/schema/index';
import { withTenant } from '../../../db/tenant';
import { eq } from 'drizzle-orm';
import { evaluateAgents } from '../../../app/domain/staffing/erlang-c';
import { loadCounterfactual } from '../../../app/services/costs/counterfactual.server';
import { evaluateContractMonth } from '../../../app/services/sla/evaluate.server';
import { seedFeeds } from '../feeds/seed';
import { createFeedWorld, type FeedWorld } from '../feeds/support';

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
let world: FeedWorld;

/**
 * The feeds seed gives every unit 2026-03-02 08:00–12:00 in quarter-hours: offered 10 + hour, handled two
 * fewer, talk 180 s per handled contact (AHT 180 s), T = 20 s; plus a contacts file on 08:00 that the
 * authoritative interval source keeps out of the day.
 */
const QUARTERS = { 8: 18, 9: 19, 10: 20, 11: 21 } as const;
/** Erlang C at 80/20 with A = offered × 180 / 900: 3.6 and 3.8 Erlangs need 6 agents, 4.0 and 4.2 need 7. */
const AGENTS = { 8: 6, 9: 6, 10: 7, 11: 7 } as const;
/** 4 quarters × 15 min × (6 + 6 + 7 + 7) = 1,560 agent-minutes = 26 agent-hours. */
const AGENT_HOURS = 26;

beforeAll(async () => {
  world = await createFeedWorld();
  const { db } = world.handle;
  await seedFeeds(db, world.seeded, 'bank1', world.bank1);
  const clientOrgId = world.seeded.orgs.bank1.id;
  await withTenant(db, { orgId: clientOrgId }, async (tx) => {
    // 10 FTE × 50,000.00 + supervision 10,000.00 = 510,000.00 TWD; 1,176 of 1,680 paid hours productive (30 % shrinkage).
    await tx.insert(inHouseCosts).values({ clientOrgId, unitId: world.bank1.inHouseUnitId, month: '2026-03', currency: 'TWD', agentFte: '10', productiveHours: '1176', loadedCostPerFteMinor: 5_000_000n, supervisionMinor: 1_000_000n, updatedByLabel: 'test' });
    const contractId = world.bank1.contractIds.vendor2!;
    const [version] = await tx.select({ id: contractVersions.id }).from(contractVersions).where(eq(contractVersions.contractId, contractId));
    await tx.insert(invoices).values({
      clientOrgId,
      contractId,
      vendorOrgId: world.seeded.orgs.vendor2.id,
      month: '2026-03',
      contractVersionId: version!.id,
      currency: 'TWD',
      minorDigits: 2,
      roundingMode: 'half_up',
      subtotalMinor: 1_200_000n,
      creditsMinor: 0n,
      adjustmentsMinor: 0n,
      taxMinor: 60_000n,
      totalMinor: 1_260_000n + 7n,
      inputs: { monthCloseId: null, contractVersionId: version!.id, uploadIds: [], serviceCreditMonth: null },
      computedByLabel: 'test',
    });
  });
  await evaluateContractMonth(world.seeded.ctx('bank1', 'finance'), { contractId: world.bank1.contractIds.vendor1!, month: '2026-03', now: new Date('2026-04-15T00:00:00Z') });
}, 120_000);
afterAll(() => world?.close());

describe(`loadCounterfactual (${engine})`, () => {
  it('the agents per interval agree with Erlang C evaluated directly (the smallest N reaching 80 % in 20 s)', () => {
    for (const [hour, offered] of Object.entries(QUARTERS)) {
      const n = AGENTS[Number(hour) as keyof typeof AGENTS];
      const at = (agents: number) => evaluateAgents({ calls: offered, intervalSeconds: 900, ahtSeconds: 180, thresholdSeconds: 20, agents }).serviceLevel;
      expect(at(n)).toBeGreaterThanOrEqual(0.8);
      expect(at(n - 1)).toBeLessThan(0.8);
    }
  });

  it('prices the vendor volume in-house: 26 agent-hours / 0.7 × 510,000.00 / 1,680 h = 11,275.51 TWD', async () => {
    const result = await loadCounterfactual(world.seeded.ctx('bank1', 'finance'), { programId: world.bank1.programId, from: '2026-02', to: '2026-03' });
    expect(result).toMatchObject({ currency: 'TWD', minorDigits: 2, months: ['2026-02', '2026-03'], method: { hoursPerFteMonth: 168, defaultShrinkage: 0.3 } });
    const vendor1 = result.forward.find((f) => f.unitId === world.bank1.vendorUnitIds.vendor1)!;
    const [february, march] = vendor1.months;
    expect(february).toMatchObject({ intervals: 0, agentHours: 0, inHouseCostMinor: null, vendorCostMinor: null, shrinkageSource: 'default' });
    expect(march).toMatchObject({
      target: { serviceLevel: 0.8, thresholdSeconds: 20, source: 'contract' },
      intervals: 16,
      skippedRows: 0,
      offered: 4 * (18 + 19 + 20 + 21),
      handled: 280,
      agentHours: AGENT_HOURS,
      shrinkageSource: 'in_house_costs',
      // 51,000,000 minor / 1,680 paid hours = 30,357.14…
      loadedHourlyCostMinor: '30357',
      // 26 × 51,000,000 / 1,176 = 1,127,551.02 → one rounding.
      inHouseCostMinor: '1127551',
      // No invoice yet: the SLA evaluation's basis, 280 handled × 45.00.
      vendorCostMinor: '1260000',
      vendorCostSource: 'service_credits',
    });
    expect(march!.shrinkage).toBeCloseTo(0.3, 12);
    expect(march!.paidHours).toBeCloseTo(AGENT_HOURS / 0.7, 9);
  });

  it('uses the computed invoice over the SLA basis when the billing run has one', async () => {
    const result = await loadCounterfactual(world.seeded.ctx('bank1', 'program_manager'), { programId: world.bank1.programId, from: '2026-03', to: '2026-03' });
    const vendor2 = result.forward.find((f) => f.unitId === world.bank1.vendorUnitIds.vendor2)!;
    expect(vendor2.months[0]).toMatchObject({ agentHours: AGENT_HOURS, vendorCostMinor: '1260007', vendorCostSource: 'invoice_draft' });
  });

  it('prices the in-house volume at each vendor rate card: 280 handled × 45.00, telecom pass-through unpriced', async () => {
    const result = await loadCounterfactual(world.seeded.ctx('bank1', 'finance'), { programId: world.bank1.programId, from: '2026-03', to: '2026-03' });
    expect(result.reverse).toHaveLength(2);
    for (const contract of result.reverse) {
      expect(contract.months[0]).toEqual({ month: '2026-03', handled: 280, inHouseActualCostMinor: '51000000', atVendorRateMinor: '1260000', unpricedModels: ['pass_through'] });
    }
  });

  it('an override of shrinkage re-prices the paid hours: 26 / 0.8 × 30,357.14… = 986,607.14 → 986,607', async () => {
    const result = await loadCounterfactual(world.seeded.ctx('bank1', 'finance'), { programId: world.bank1.programId, from: '2026-03', to: '2026-03', shrinkage: 0.2 });
    expect(result.forward[0]!.months[0]).toMatchObject({ shrinkage: 0.2, shrinkageSource: 'default', inHouseCostMinor: '986607' });
  });

  it('refuses vendors and viewers, hides another client’s program, and rejects a bad range', async () => {
    const input = { programId: world.bank1.programId, from: '2026-03', to: '2026-03' };
    await expect(loadCounterfactual(world.seeded.ctx('vendor1', 'vendor_admin'), input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(loadCounterfactual(world.seeded.ctx('bank1', 'viewer'), input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(loadCounterfactual(world.seeded.ctx('bank2', 'finance'), input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadCounterfactual(world.seeded.ctx('bank1', 'finance'), { ...input, from: '2026-04' })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(loadCounterfactual(world.seeded.ctx('bank1', 'finance'), { ...input, to: '2026-13' })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
  });
});
