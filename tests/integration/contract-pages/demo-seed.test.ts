import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, memberships, orgs, users } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import type { Role } from '../../../app/domain/permissions';
import type { ServiceCtx } from '../../../app/services/context';
import { getContract, listContracts } from '../../../app/services/contracts.server';
import { seedDemo } from '../../../app/services/demo-seed.server';
import { getSourcingAssessment, listPrograms } from '../../../app/services/programs.server';
import { getUnit, listUnits } from '../../../app/services/units.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let handle: TestDatabase;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

/** A ServiceCtx for a demo person, looked up the way a login would. */
async function demoCtx(email: string): Promise<ServiceCtx> {
  const [row] = await unsafeWithoutTenant(handle.db, (tx) =>
    tx
      .select({ userId: users.id, orgId: orgs.id, kind: orgs.kind, role: memberships.role })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(eq(users.email, email)),
  );
  if (!row) throw new Error(`no demo user ${email}`);
  return { db: handle.db, orgId: row.orgId, orgKind: row.kind, role: row.role as Role, actor: { userId: row.userId, label: email } };
}

describe(`demo seed (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('seeds the demo bank programs, units, contracts and versions once', async () => {
    expect(await seedDemo(handle.db)).toBe(true);
    expect(await seedDemo(handle.db)).toBe(false);

    const pm = await demoCtx('pm@demo-bank.test');
    const programs = await listPrograms(pm);
    expect(programs.map((p) => p.name).sort()).toEqual(['Credit-card inbound hotline', 'E-mail and chat service desk', 'VIP securities line']);
    for (const program of programs) expect(await getSourcingAssessment(pm, program.id)).not.toBeNull();

    const units = await listUnits(pm);
    expect(units).toHaveLength(4);
    const taipei = units.find((u) => u.kind === 'in_house')!;
    expect(taipei.queues.map((q) => q.name)).toEqual(['Platinum line', 'Standard line']);
    expect((await getUnit(pm, taipei.id)).internalTargets[0]?.targets.length).toBeGreaterThanOrEqual(5);
    expect(units.filter((u) => u.kind === 'vendor').every((u) => u.vendorOrgId)).toBe(true);

    const contracts = await listContracts(pm);
    expect(contracts).toHaveLength(3);
    const models = new Set<string>();
    for (const summary of contracts) {
      const contract = await getContract(pm, summary.id);
      const version = contract.currentVersion!;
      expect(version.slas.length).toBeGreaterThanOrEqual(5);
      expect(version.slas.length).toBeLessThanOrEqual(7);
      expect(version.slas.some((s) => s.isCritical) && version.slas.some((s) => !s.isCritical)).toBe(true);
      expect(version.atRiskBp).toBeGreaterThanOrEqual(1000);
      expect(version.atRiskBp).toBeLessThanOrEqual(1200);
      expect(version.earnBackMonths).toBe(3);
      version.rateLines.forEach((l) => models.add(l.pricingModel));
    }
    expect([...models]).toEqual(expect.arrayContaining(['per_handled_contact', 'per_handled_minute', 'per_productive_hour', 'per_fte_month', 'fixed_monthly_fee']));

    const hotline = await getContract(pm, contracts.find((c) => c.name.startsWith('Credit-card hotline'))!.id);
    expect(hotline.versions).toHaveLength(2);
    expect(hotline.history[0]!.changes.map((c) => c.text)).toContain('SLA service_level target 80% → 85%');
    const vip = await getContract(pm, contracts.find((c) => c.name.startsWith('VIP'))!.id);
    expect(vip.currentVersion!.slas.find((s) => s.kpi === 'service_level')).toMatchObject({ target: 0.9, thresholdS: 10 });

    // Created as the bank's owner, through the services: every step is in the audit log.
    const owner = await demoCtx('admin@demo-bank.test');
    const audit = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.orgId, owner.orgId)));
    expect(audit.filter((a) => a.action === 'contract.create')).toHaveLength(3);
    expect(audit.filter((a) => a.action === 'contract.version.create')).toHaveLength(4);
    // The whole demo: two years of intervals, costs, every month evaluated and most closed.
  }, 180_000);

  it("Vendor A's analyst sees only Vendor A's units and contracts", async () => {
    const analyst = await demoCtx('analyst@vendor-a.test');
    const units = await listUnits(analyst);
    expect(units.map((u) => u.name).sort()).toEqual(['Vendor A Kaohsiung site', 'Vendor A digital desk']);
    const contracts = await listContracts(analyst);
    expect(contracts.map((c) => c.name).sort()).toEqual(['Credit-card hotline – Vendor A', 'E-mail and chat desk – Vendor A']);
    const vendorB = await demoCtx('analyst@vendor-b.test');
    expect((await listUnits(vendorB)).map((u) => u.name)).toEqual(['Vendor B Taichung VIP desk']);
    expect((await listContracts(vendorB)).map((c) => c.name)).toEqual(['VIP securities line – Vendor B']);
  });
});
