import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEmails } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { requestPasswordReset } from '../../../app/services/auth/password-reset.server';
import { createInvitation } from '../../../app/services/invitations.server';
import { deliverPendingEmails, enqueueEmail, listOutbox } from '../../../app/services/mail.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { emailOf, seedTenants, type SeededTenants } from '../../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

describe('outbox', () => {
  it("shows only the org's own mail, newest first, with the body to expand", async () => {
    await createInvitation(seeded.ctx('bank1', 'owner'), { email: 'first@bank1-guest.test', role: 'viewer', origin: app.origin });
    await createInvitation(seeded.ctx('bank1', 'owner'), { email: 'second@bank1-guest.test', role: 'finance', origin: app.origin });
    await createInvitation(seeded.ctx('bank2', 'owner'), { email: 'someone@bank2-guest.test', role: 'viewer', origin: app.origin });
    await requestPasswordReset(handle.db, { email: emailOf('bank1', 'viewer'), ip: '192.0.2.1', origin: app.origin });

    const rows = await listOutbox(seeded.ctx('bank1', 'owner'));
    expect(rows.map((r) => r.to)).toEqual(['second@bank1-guest.test', 'first@bank1-guest.test']);
    expect(rows.every((r) => r.status === 'pending')).toBe(true);

    const cookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
    const response = await app.request('/app/outbox', { cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('first@bank1-guest.test');
    expect(html).toContain('<details>');
    expect(html).toMatch(/\/invitations\/[A-Za-z0-9_-]+/);
    expect(html).not.toContain('someone@bank2-guest.test');
    expect(html).not.toContain(emailOf('bank1', 'viewer')); // platform mail (reset) belongs to no tenant
    expect(html.indexOf('second@bank1-guest.test')).toBeLessThan(html.indexOf('first@bank1-guest.test'));
  });

  it('is closed to roles without read:outbox', async () => {
    const cookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'finance').id);
    expect((await app.request('/app/outbox', { cookie })).status).toBe(403);
  });

  it('the mailer records sent_at on success and last_error on failure', async () => {
    const [ok, bad] = await unsafeWithoutTenant(handle.db, async (tx) => [
      await enqueueEmail(tx, { orgId: seeded.orgs.vendor1.id, to: 'ok@example.test', subject: 'Works', text: 'hello' }),
      await enqueueEmail(tx, { orgId: seeded.orgs.vendor1.id, to: 'bad@example.test', subject: 'Fails', text: 'hello' }),
    ]);
    const sent: string[] = [];
    const transport = {
      async sendMail(message: { to: string }) {
        if (message.to === 'bad@example.test') throw new Error('550 mailbox unavailable');
        sent.push(message.to);
      },
    };
    const result = await deliverPendingEmails(handle.db, { ids: [ok!, bad!], transport });
    expect(result).toMatchObject({ sent: 1, failed: 1 });
    expect(sent).toEqual(['ok@example.test']);
    const [okRow] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.id, ok!));
    const [badRow] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.id, bad!));
    expect(okRow?.sentAt).toBeInstanceOf(Date);
    expect(badRow?.sentAt).toBeNull();
    expect(badRow?.lastError).toContain('550');
    const statuses = Object.fromEntries((await listOutbox(seeded.ctx('vendor1', 'vendor_admin'))).map((r) => [r.to, r.status]));
    expect(statuses).toEqual({ 'ok@example.test': 'sent', 'bad@example.test': 'error' });
  });
});
