import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, invitations, memberships } from '../../../db/schema/index';
import { createInvitation, INVITATION_TTL_MS, readInvitationByToken, revokeInvitation } from '../../../app/services/invitations.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { emailOf, seedTenants, type SeededTenants } from '../../support/tenants';
import { latestMailTo } from './outbox-links';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let ownerCookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
  ownerCookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
});
afterAll(() => handle?.close());

const PASSWORD = 'welcome aboard 2025';
const tokenOf = (link: string) => link.split('/invitations/')[1]!;

describe('invitations', () => {
  it('a new person accepts: the account and membership are created and they are signed in', async () => {
    const email = 'newcomer@example.test';
    const invited = await app.request('/app/members', { method: 'POST', cookie: ownerCookie, form: { intent: 'invite', email, role: 'finance' } });
    expect(invited.status).toBe(200);
    expect(await invited.text()).toContain(`Invitation sent to ${email}`);
    const { token, mail } = await latestMailTo(handle.db, email, '/invitations/');
    expect(mail.orgId).toBe(seeded.orgs.bank1.id);

    const page = await app.request(`/invitations/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Org bank1');
    expect(html).toContain('Finance');
    expect(html).toContain('Create account and join');

    const accepted = await app.request(`/invitations/${token}`, { method: 'POST', form: { intent: 'create-account', name: 'Nina Newcomer', password: PASSWORD, confirm: PASSWORD } });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe('/app');
    const cookie = (accepted.headers.get('set-cookie') ?? '').split(';')[0]!;
    const home = await app.request('/app', { cookie });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Org bank1');

    const again = await app.request(`/invitations/${token}`);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This invitation has already been used.');
    const audit = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, seeded.orgs.bank1.id), eq(auditEvents.action, 'invitation.accept')));
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('an existing user signs in and accepts; the invited org becomes the active one', async () => {
    const email = emailOf('bank2', 'viewer');
    const user = seeded.userOf('bank2', 'viewer');
    const { link } = await createInvitation(seeded.ctx('bank1', 'owner'), { email, role: 'viewer', origin: app.origin });
    const token = tokenOf(link);

    const anonymous = await app.request(`/invitations/${token}`);
    expect(await anonymous.text()).toContain('You already have an account. Sign in to accept the invitation.');
    const refusedNewAccount = await app.request(`/invitations/${token}`, { method: 'POST', form: { intent: 'create-account', name: 'X', password: PASSWORD, confirm: PASSWORD } });
    expect(refusedNewAccount.status).toBe(409);

    const stranger = await sessionCookieFor(handle.db, seeded.userOf('bank2', 'finance').id);
    const wrongUser = await app.request(`/invitations/${token}`, { method: 'POST', cookie: stranger, form: { intent: 'accept' } });
    expect(wrongUser.status).toBe(403);

    const cookie = await sessionCookieFor(handle.db, user.id);
    expect(await (await app.request(`/invitations/${token}`, { cookie })).text()).toContain('Accept and join Org bank1');
    const accepted = await app.request(`/invitations/${token}`, { method: 'POST', cookie, form: { intent: 'accept' } });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe('/app');
    const [membership] = await handle.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, seeded.orgs.bank1.id), eq(memberships.userId, user.id)));
    expect(membership?.role).toBe('viewer');
    const home = await (await app.request('/app', { cookie })).text();
    expect(home).toMatch(/data-testid="active-org"><strong>Org bank1/);
  });

  it('an expired invitation is refused', async () => {
    const { link } = await createInvitation(seeded.ctx('bank1', 'owner'), {
      email: 'late@example.test',
      role: 'viewer',
      origin: app.origin,
      now: new Date(Date.now() - INVITATION_TTL_MS - 60_000),
    });
    const token = tokenOf(link);
    const page = await app.request(`/invitations/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This invitation has expired.');
    const post = await app.request(`/invitations/${token}`, { method: 'POST', form: { intent: 'create-account', name: 'Late', password: PASSWORD, confirm: PASSWORD } });
    expect(post.status).toBe(410);
    expect((await readInvitationByToken(handle.db, token))?.state).toBe('expired');
  });

  it('a revoked invitation is refused', async () => {
    const created = await createInvitation(seeded.ctx('bank1', 'owner'), { email: 'withdrawn@example.test', role: 'viewer', origin: app.origin });
    const revoked = await app.request('/app/members', { method: 'POST', cookie: ownerCookie, form: { intent: 'revoke', invitationId: created.id } });
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain('Invitation revoked.');
    const token = tokenOf(created.link);
    const page = await app.request(`/invitations/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This invitation was withdrawn by the organisation.');
    const post = await app.request(`/invitations/${token}`, { method: 'POST', form: { intent: 'create-account', name: 'W', password: PASSWORD, confirm: PASSWORD } });
    expect(post.status).toBe(410);
  });

  it('a role of the other org kind is refused', async () => {
    const response = await app.request('/app/members', { method: 'POST', cookie: ownerCookie, form: { intent: 'invite', email: 'x@example.test', role: 'vendor_admin' } });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Choose a role that exists in this organisation.');
    await expect(createInvitation(seeded.ctx('vendor1', 'vendor_admin'), { email: 'y@example.test', role: 'owner', origin: app.origin })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
  });

  it("another org's invitation cannot be revoked (404), nor can a malformed id", async () => {
    const foreign = await createInvitation(seeded.ctx('bank2', 'owner'), { email: 'theirs@example.test', role: 'viewer', origin: app.origin });
    const response = await app.request('/app/members', { method: 'POST', cookie: ownerCookie, form: { intent: 'revoke', invitationId: foreign.id } });
    expect(response.status).toBe(404);
    await expect(revokeInvitation(seeded.ctx('bank1', 'owner'), foreign.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await app.request('/app/members', { method: 'POST', cookie: ownerCookie, form: { intent: 'revoke', invitationId: 'not-a-uuid' } });
    expect(malformed.status).toBe(404);
    const [row] = await handle.db.select().from(invitations).where(eq(invitations.id, foreign.id));
    expect(row?.revokedAt).toBeNull();
  });

  it('the members page lists pending invitations and is closed to roles without manage:members', async () => {
    const html = await (await app.request('/app/members', { cookie: ownerCookie })).text();
    expect(html).toContain('late@example.test'); // expired, still listed (flagged)
    expect(html).not.toContain('theirs@example.test');
    const viewer = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'viewer').id);
    expect((await app.request('/app/members', { cookie: viewer })).status).toBe(403);
  });
});
