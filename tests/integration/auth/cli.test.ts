import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, memberships } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { verifyLogin } from '../../../app/services/auth/login.server';
import { readInvitationByToken } from '../../../app/services/invitations.server';
import { unsafeFindOrgBySlug, unsafeFindUserByEmail } from '../../../app/services/orgs.server';
import { invitationCreateCommand } from '../../../scripts/commands/invitation-create';
import { orgCreateCommand } from '../../../scripts/commands/org-create';
import type { CliCommand } from '../../../scripts/commands/types';
import { userCreateCommand } from '../../../scripts/commands/user-create';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let handle: TestDatabase;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

async function run(command: CliCommand, values: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command.run({ db: handle.db, values, io: { out: (l) => out.push(l), err: (l) => err.push(l) } });
  return { code, out, err };
}

describe('operator CLI', () => {
  it('org create makes a tenant, and refuses a bad kind or a taken slug', async () => {
    const created = await run(orgCreateCommand, { slug: 'cli-bank', name: 'CLI Bank', kind: 'client' });
    expect(created.code).toBe(0);
    expect(created.out.join('\n')).toContain('cli-bank');
    const org = await unsafeWithoutTenant(handle.db, (tx) => unsafeFindOrgBySlug(tx, 'cli-bank'));
    expect(org?.kind).toBe('client');
    expect((await run(orgCreateCommand, { slug: 'cli-x', name: 'X', kind: 'bank' })).code).toBe(2);
    await expect(run(orgCreateCommand, { slug: 'cli-bank', name: 'Again', kind: 'client' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('user create makes a user who can sign in, with or without a membership', async () => {
    const member = await run(userCreateCommand, { email: 'boss@cli-bank.test', name: 'Boss', password: 'long enough pass', org: 'cli-bank', role: 'owner' });
    expect(member.code).toBe(0);
    const loner = await run(userCreateCommand, { email: 'loner@cli.test', name: 'Loner', password: 'long enough pass' });
    expect(loner.code).toBe(0);
    await expect(verifyLogin(handle.db, { email: 'boss@cli-bank.test', password: 'long enough pass', ip: '10.1.1.1' })).resolves.toHaveProperty('userId');
    const boss = await unsafeWithoutTenant(handle.db, (tx) => unsafeFindUserByEmail(tx, 'boss@cli-bank.test'));
    const rows = await handle.db.select().from(memberships).where(eq(memberships.userId, boss!.id));
    expect(rows.map((r) => r.role)).toEqual(['owner']);
    expect((await run(userCreateCommand, { email: 'short@cli.test', name: 'S', password: 'short' })).code).toBe(2);
    expect((await run(userCreateCommand, { email: 'half@cli.test', name: 'H', password: 'long enough pass', org: 'cli-bank' })).code).toBe(2);
    await expect(
      run(userCreateCommand, { email: 'v@cli.test', name: 'V', password: 'long enough pass', org: 'cli-bank', role: 'vendor_admin' }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
  });

  it('invitation create prints a working link on its last line, and is audited', async () => {
    const result = await run(invitationCreateCommand, { org: 'cli-bank', email: 'guest@cli.test', role: 'finance' });
    expect(result.code).toBe(0);
    const link = result.out.at(-1)!;
    expect(link).toMatch(/^https?:\/\/[^\s]+\/invitations\/[A-Za-z0-9_-]+$/);
    const invitation = await readInvitationByToken(handle.db, link.split('/invitations/')[1]!);
    expect(invitation).toMatchObject({ state: 'pending', email: 'guest@cli.test', role: 'finance', orgName: 'CLI Bank', hasAccount: false });
    const org = await unsafeWithoutTenant(handle.db, (tx) => unsafeFindOrgBySlug(tx, 'cli-bank'));
    const audit = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org!.id), eq(auditEvents.action, 'invitation.create')));
    expect(audit[0]?.actorLabel).toBe('cli:operator');
    await expect(run(invitationCreateCommand, { org: 'cli-bank', email: 'g2@cli.test', role: 'vendor_admin' })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(run(invitationCreateCommand, { org: 'nope', email: 'g3@cli.test', role: 'finance' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
