import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../db/schema/index';
import { changeMemberRole, listMembers, removeMember } from '../../../app/services/members.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

const roleOf = async (tenant: 'bank1' | 'vendor1', userId: string) =>
  (await listMembers(seeded.ctx(tenant, tenant === 'bank1' ? 'owner' : 'vendor_admin'))).find((m) => m.userId === userId)?.role;

describe('members', () => {
  it('an owner changes a member role on the page; the change is audited', async () => {
    const cookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
    const finance = seeded.userOf('bank1', 'finance');
    const page = await app.request('/app/members', { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(finance.email);
    const response = await app.request('/app/members', { method: 'POST', cookie, form: { intent: 'change-role', userId: finance.id, role: 'viewer' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Role changed.');
    expect(await roleOf('bank1', finance.id)).toBe('viewer');
    const audit = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, seeded.orgs.bank1.id), eq(auditEvents.action, 'member.role_change'), eq(auditEvents.objectId, finance.id)));
    expect(audit[0]?.details).toEqual({ from: 'finance', to: 'viewer' });
    const wrongKind = await app.request('/app/members', { method: 'POST', cookie, form: { intent: 'change-role', userId: finance.id, role: 'vendor_reporter' } });
    expect(wrongKind.status).toBe(422);
  });

  it('the last owner can be neither demoted nor removed', async () => {
    const owner = seeded.userOf('bank1', 'owner');
    const cookie = await sessionCookieFor(handle.db, owner.id);
    const demote = await app.request('/app/members', { method: 'POST', cookie, form: { intent: 'change-role', userId: owner.id, role: 'viewer' } });
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain('The organisation must keep at least one member who can manage members.');
    await expect(removeMember(seeded.ctx('bank1', 'owner'), owner.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await roleOf('bank1', owner.id)).toBe('owner');

    // With a second owner, the first may step down.
    const pm = seeded.userOf('bank1', 'program_manager');
    await changeMemberRole(seeded.ctx('bank1', 'owner'), { userId: pm.id, role: 'owner' });
    await changeMemberRole(seeded.ctx('bank1', 'owner'), { userId: owner.id, role: 'finance' });
    expect(await roleOf('bank1', owner.id)).toBe('finance');
  });

  it('the last vendor admin cannot be removed; another member can', async () => {
    const admin = seeded.userOf('vendor1', 'vendor_admin');
    await expect(removeMember(seeded.ctx('vendor1', 'vendor_admin'), admin.id)).rejects.toMatchObject({ details: { reason: 'last_admin' } });
    const reporter = seeded.userOf('vendor1', 'vendor_reporter');
    const cookie = await sessionCookieFor(handle.db, admin.id);
    const response = await app.request('/app/members', { method: 'POST', cookie, form: { intent: 'remove', userId: reporter.id } });
    expect(response.status).toBe(200);
    expect(await roleOf('vendor1', reporter.id)).toBeUndefined();
  });

  it("another org's member or a malformed id is not found", async () => {
    const cookie = await sessionCookieFor(handle.db, seeded.userOf('bank2', 'owner').id);
    const foreign = seeded.userOf('bank1', 'viewer');
    const response = await app.request('/app/members', { method: 'POST', cookie, form: { intent: 'remove', userId: foreign.id } });
    expect(response.status).toBe(404);
    const malformed = await app.request('/app/members', { method: 'POST', cookie, form: { intent: 'change-role', userId: '123', role: 'viewer' } });
    expect(malformed.status).toBe(404);
    expect(await roleOf('bank1', foreign.id)).toBe('viewer');
  });
});
