import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, orgs, outboxEmails } from '../../../db/schema/index';
import { withTenant } from '../../../db/tenant';
import { AppError } from '../../../app/lib/errors';
import { addContractVersion, getContract, listContracts } from '../../../app/services/contracts.server';
import { createProgram, getProgram, getSourcingAssessment, listPrograms, listSourcingPortfolio, updateProgram } from '../../../app/services/programs.server';
import { addUnit, getUnit, listUnits } from '../../../app/services/units.server';
import { acceptVendorInvitation, inviteVendorToUnit, previewVendorInvitation } from '../../../app/services/vendor-invitations.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { expectDbError } from '../../support/errors';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { raiseServiceLevel, seedClientWorld, versionTerms, type ClientWorld } from './seed';

let handle: TestDatabase;
let seeded: SeededTenants;
let bank1: ClientWorld;
let bank2: ClientWorld;

async function expectAppError(promise: Promise<unknown>, code: AppError['code'], message?: string) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect(JSON.stringify((error as AppError).details ?? (error as AppError).message)).toContain(message);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  bank1 = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1', 'vendor2']);
  bank2 = await seedClientWorld(handle.db, seeded, 'bank2', ['vendor1']);
});
afterAll(() => handle?.close());

describe(`programs, units and contracts (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('the client sees its program with every unit, and only its own programs', async () => {
    const programs = await listPrograms(seeded.ctx('bank1', 'viewer'));
    expect(programs.map((p) => p.id)).toEqual([bank1.programId]);
    const detail = await getProgram(seeded.ctx('bank1', 'viewer'), bank1.programId);
    expect(detail.units.map((u) => u.name).sort()).toEqual(['Taipei in-house', 'vendor1 site', 'vendor2 site']);
    expect(detail.units.find((u) => u.kind === 'vendor' && u.vendorOrgId === seeded.orgs.vendor1.id)?.vendorName).toBe('Org vendor1');
    expect(detail.contracts).toHaveLength(2);
    expect(detail.contracts[0]!.currentVersion?.slas).toHaveLength(5);
  });

  it("vendor1 sees only its units, queues, contracts and SLAs: not vendor2's, not in-house units", async () => {
    const ctx = seeded.ctx('vendor1', 'vendor_reporter');
    const programs = await listPrograms(ctx);
    expect(programs.map((p) => p.id).sort()).toEqual([bank1.programId, bank2.programId].sort());
    expect(programs.find((p) => p.id === bank1.programId)).toMatchObject({ unitCount: 1, clientName: 'Org bank1' });
    const detail = await getProgram(ctx, bank1.programId);
    expect(detail.units.map((u) => u.id)).toEqual([bank1.vendorUnitIds.vendor1]);
    expect(detail.units[0]!.queues.map((q) => q.name)).toEqual(['VIP line']);
    expect(detail.contracts.map((c) => c.id)).toEqual([bank1.contractIds.vendor1]);
    expect(detail.contracts[0]!.currentVersion?.rateLines[0]?.rate).toBe('45.0000');
    const units = await listUnits(ctx);
    expect(units.map((u) => u.id).sort()).toEqual([bank1.vendorUnitIds.vendor1, bank2.vendorUnitIds.vendor1].sort());
    expect((await listContracts(ctx)).map((c) => c.id).sort()).toEqual([bank1.contractIds.vendor1, bank2.contractIds.vendor1].sort());
    await expectAppError(getUnit(ctx, bank1.inHouseUnitId), 'NOT_FOUND');
    await expectAppError(getUnit(ctx, bank1.vendorUnitIds.vendor2!), 'NOT_FOUND');
    await expectAppError(getContract(ctx, bank1.contractIds.vendor2!), 'NOT_FOUND');
    // The client's sourcing assessment is internal.
    await expectAppError(getSourcingAssessment(ctx, bank1.programId), 'NOT_FOUND');
  });

  it('vendor2 does not see vendor1-only programs', async () => {
    const programs = await listPrograms(seeded.ctx('vendor2', 'vendor_admin'));
    expect(programs.map((p) => p.id)).toEqual([bank1.programId]);
    await expectAppError(getProgram(seeded.ctx('vendor2', 'vendor_admin'), bank2.programId), 'NOT_FOUND');
  });

  it("bank2 cannot see or change bank1's objects: NOT_FOUND", async () => {
    const ctx = seeded.ctx('bank2', 'owner');
    await expectAppError(getProgram(ctx, bank1.programId), 'NOT_FOUND');
    await expectAppError(getUnit(ctx, bank1.inHouseUnitId), 'NOT_FOUND');
    await expectAppError(getContract(ctx, bank1.contractIds.vendor1!), 'NOT_FOUND');
    await expectAppError(addUnit(ctx, bank1.programId, { kind: 'in_house', name: 'Intruder' }), 'NOT_FOUND');
    await expectAppError(addContractVersion(ctx, bank1.contractIds.vendor1!, versionTerms({ effectiveFrom: '2026-01-01' })), 'NOT_FOUND');
    await expectAppError(updateProgram(ctx, bank1.programId, { name: 'x', lineOfBusiness: 'x', channels: ['voice'], timeZone: 'UTC', currency: 'USD' }), 'NOT_FOUND');
  });

  it('vendors and read-only client roles cannot write programs or contracts; RLS refuses vendor writes too', async () => {
    const vendor = seeded.ctx('vendor1', 'vendor_admin');
    await expectAppError(createProgram(vendor, { name: 'x', lineOfBusiness: 'x', channels: ['voice'], timeZone: 'UTC', currency: 'USD' }), 'FORBIDDEN');
    await expectAppError(addContractVersion(vendor, bank1.contractIds.vendor1!, versionTerms({ effectiveFrom: '2026-01-01' })), 'FORBIDDEN');
    await expectAppError(addUnit(seeded.ctx('bank1', 'viewer'), bank1.programId, { kind: 'in_house', name: 'x' }), 'FORBIDDEN');
    const { programs, deliveryUnits } = await import('../../../db/schema/index');
    await withTenant(handle.db, { orgId: seeded.orgs.vendor1.id }, async (tx) => {
      const updated = await tx.update(deliveryUnits).set({ name: 'hijacked' }).returning();
      expect(updated).toEqual([]);
    });
    await expectDbError(
      withTenant(handle.db, { orgId: seeded.orgs.vendor1.id }, (tx) => tx.insert(programs).values({ clientOrgId: seeded.orgs.bank1.id, name: 'x', lineOfBusiness: 'x', channels: ['voice'], timeZone: 'UTC', currency: 'USD', hoursOfOperation: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } })),
      /row-level security/,
    );
  });

  it('a contract change is a new version with who/why, and the history shows the diff', async () => {
    const v2 = await raiseServiceLevel(seeded, 'bank1', bank1.contractIds.vendor1!);
    expect(v2).toMatchObject({ versionNo: 2, effectiveFrom: '2025-02-01', reason: 'Peak season: stricter service level', createdByLabel: 'program_manager@bank1.test' });
    const contract = await getContract(seeded.ctx('bank1', 'finance'), bank1.contractIds.vendor1!, new Date('2025-01-15T00:00:00Z'));
    expect(contract.versions.map((v) => [v.versionNo, v.effectiveFrom, v.effectiveUntil])).toEqual([
      [1, '2025-01-01', '2025-01-31'],
      [2, '2025-02-01', null],
    ]);
    expect(contract.currentVersion?.versionNo).toBe(1);
    expect(contract.history).toEqual([{ fromVersionNo: 1, toVersionNo: 2, changes: expect.any(Array) }]);
    expect(contract.history[0]!.changes.map((c) => c.text)).toEqual(['effective from 2025-01-01 → 2025-02-01', 'SLA service_level target 80% → 85%']);
    // The vendor sees the same history of its own contract.
    const seenByVendor = await getContract(seeded.ctx('vendor1', 'vendor_reporter'), bank1.contractIds.vendor1!);
    expect(seenByVendor.history[0]!.changes).toEqual(contract.history[0]!.changes);
    const audit = await withTenant(handle.db, { orgId: seeded.orgs.bank1.id }, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'contract.version.create')));
    expect(audit.find((a) => (a.details as { versionNo?: number }).versionNo === 2)).toMatchObject({ actorLabel: 'program_manager@bank1.test', details: { reason: 'Peak season: stricter service level' } });
  });

  it('overlapping versions are refused, and versions are immutable in the database', async () => {
    const pm = seeded.ctx('bank1', 'program_manager');
    await expectAppError(addContractVersion(pm, bank1.contractIds.vendor2!, versionTerms({ effectiveFrom: '2025-01-01' })), 'UNPROCESSABLE', 'programs.error.versionOverlaps');
    await expectAppError(addContractVersion(pm, bank1.contractIds.vendor2!, versionTerms({ effectiveFrom: '2024-06-01' })), 'UNPROCESSABLE', 'programs.error.versionOverlaps');
    await expectAppError(addContractVersion(pm, bank1.contractIds.vendor2!, versionTerms({ effectiveFrom: '2025-03-01', poolPct: 50 })), 'UNPROCESSABLE', 'programs.error.allocationsExceedPool');
    const { contractVersions } = await import('../../../db/schema/index');
    await expectDbError(withTenant(handle.db, { orgId: seeded.orgs.bank1.id }, (tx) => tx.update(contractVersions).set({ reason: 'rewritten' })), /permission denied/);
  });

  it('SLA scopes must be units of the contract', async () => {
    const terms = versionTerms({ effectiveFrom: '2025-04-01' });
    terms.slas![0] = { ...terms.slas![0]!, scopeUnitId: bank1.inHouseUnitId };
    await expectAppError(addContractVersion(seeded.ctx('bank1', 'program_manager'), bank1.contractIds.vendor2!, terms), 'UNPROCESSABLE', 'programs.error.scopeNotInContract');
  });

  it('in-house units carry internal targets; the sourcing portfolio places programs on the grid', async () => {
    const unit = await getUnit(seeded.ctx('bank1', 'viewer'), bank1.inHouseUnitId);
    expect(unit.internalTargets[0]).toMatchObject({ effectiveFrom: '2025-01-01', targets: [expect.objectContaining({ kpi: 'asa', target: 25, isCritical: false })] });
    const portfolio = await listSourcingPortfolio(seeded.ctx('bank1', 'program_manager'));
    expect(portfolio.map((p) => [p.programId, p.assessment.quadrant, p.assessment.recommendation])).toEqual([[bank1.programId, 'factory', 'outsource']]);
  });

  it('unit volume shares may not exceed 100 %', async () => {
    await expectAppError(addUnit(seeded.ctx('bank1', 'program_manager'), bank1.programId, { kind: 'vendor', name: 'Overflow', volumeSharePct: 30 }), 'UNPROCESSABLE', 'programs.error.volumeSharesExceed');
  });

  it('the client sees its linked vendors’ names; a vendor sees its clients’ names, not other vendors', async () => {
    const seenByBank1 = await withTenant(handle.db, { orgId: seeded.orgs.bank1.id }, (tx) => tx.select({ slug: orgs.slug }).from(orgs));
    expect(seenByBank1.map((o) => o.slug).sort()).toEqual(['bank1', 'vendor1', 'vendor2']);
    const seenByVendor2 = await withTenant(handle.db, { orgId: seeded.orgs.vendor2.id }, (tx) => tx.select({ slug: orgs.slug }).from(orgs));
    expect(seenByVendor2.map((o) => o.slug).sort()).toEqual(['bank1', 'vendor2']);
  });
});

describe('vendor invitations', () => {
  it('accepting creates a new vendor org with the invitee as vendor_admin, writes e-mail, and expires after 7 days', async () => {
    const pm = seeded.ctx('bank2', 'program_manager');
    const unit = await addUnit(pm, bank2.programId, { kind: 'vendor', name: 'New BPO site', volumeSharePct: 10 });
    const invitation = await inviteVendorToUnit(pm, unit.id, { email: 'Boss@NewBpo.test', vendorName: 'New BPO' });
    const mail = await withTenant(handle.db, { orgId: seeded.orgs.bank2.id }, (tx) => tx.select().from(outboxEmails).where(eq(outboxEmails.toAddress, 'boss@newbpo.test')));
    expect(mail[0]?.bodyText).toContain(invitation.token);
    expect(await previewVendorInvitation(handle.db, invitation.token)).toMatchObject({ clientName: 'Org bank2', unitName: 'New BPO site', hasAccount: false });
    await expectAppError(previewVendorInvitation(handle.db, invitation.token, new Date(Date.now() + 8 * 86_400_000)), 'UNPROCESSABLE');
    const accepted = await acceptVendorInvitation(handle.db, { mode: 'new', token: invitation.token, adminName: 'Boss', password: 'a long enough password' });
    expect(accepted.createdOrg).toBe(true);
    const ctx = { ...seeded.ctx('vendor1', 'vendor_admin'), orgId: accepted.vendorOrgId, actor: { userId: accepted.userId, label: 'boss@newbpo.test' } };
    expect((await listUnits(ctx)).map((u) => u.id)).toEqual([unit.id]);
    expect((await getUnit(pm, unit.id)).vendorName).toBe('New BPO');
    await expectAppError(acceptVendorInvitation(handle.db, { mode: 'new', token: invitation.token, adminName: 'Again', password: 'x' }), 'CONFLICT');
    await expectAppError(previewVendorInvitation(handle.db, 'not-a-token'), 'NOT_FOUND');
  });

  it('accepting can link an existing vendor org, only by one of its admins', async () => {
    const pm = seeded.ctx('bank2', 'program_manager');
    const unit = await addUnit(pm, bank2.programId, { kind: 'vendor', name: 'Second vendor2 site', volumeSharePct: 5 });
    const invitation = await inviteVendorToUnit(pm, unit.id, { email: 'ops@vendor2.test' });
    await expectAppError(acceptVendorInvitation(handle.db, { mode: 'link', token: invitation.token, userId: seeded.userOf('vendor2', 'vendor_reporter').id, vendorOrgId: seeded.orgs.vendor2.id }), 'FORBIDDEN');
    const result = await acceptVendorInvitation(handle.db, { mode: 'link', token: invitation.token, userId: seeded.userOf('vendor2', 'vendor_admin').id, vendorOrgId: seeded.orgs.vendor2.id });
    expect(result).toMatchObject({ createdOrg: false, vendorOrgId: seeded.orgs.vendor2.id });
    expect((await listUnits(seeded.ctx('vendor2', 'vendor_reporter'))).map((u) => u.id)).toContain(unit.id);
    await expectAppError(inviteVendorToUnit(pm, unit.id, { email: 'x@y.test' }), 'CONFLICT');
    await expectAppError(inviteVendorToUnit(pm, bank2.inHouseUnitId, { email: 'x@y.test' }), 'UNPROCESSABLE');
  });
});
