import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orgs } from '../../db/schema/index';
import { unsafeWithoutTenant } from '../../db/tenant';
import type { OrgKind, Role } from '../../app/domain/permissions';
import type { ServiceCtx } from '../../app/services/context';
import { unsafeAddMember, unsafeCreateOrg } from '../../app/services/orgs.server';

export const TEST_PASSWORD = 'correct horse battery';

/** Two client orgs and two vendors, one member per role, so every rule can be tried across tenants. */
export const TEST_TENANTS = {
  bank1: { kind: 'client', roles: ['owner', 'program_manager', 'finance', 'viewer'] },
  bank2: { kind: 'client', roles: ['owner', 'program_manager', 'finance', 'viewer'] },
  vendor1: { kind: 'vendor', roles: ['vendor_admin', 'vendor_reporter'] },
  vendor2: { kind: 'vendor', roles: ['vendor_admin', 'vendor_reporter'] },
} as const satisfies Record<string, { kind: OrgKind; roles: readonly Role[] }>;

export type TenantName = keyof typeof TEST_TENANTS;

export interface SeededTenants {
  orgs: Record<TenantName, { id: string; slug: string; kind: OrgKind }>;
  users: Record<string, { id: string; email: string }>;
  /** A ServiceCtx acting as `role` in `tenant`. */
  ctx(tenant: TenantName, role: Role): ServiceCtx;
  userOf(tenant: TenantName, role: Role): { id: string; email: string };
}

export const emailOf = (tenant: TenantName, role: Role) => `${role}@${tenant}.test`;

export async function seedTenants(db: Database): Promise<SeededTenants> {
  const seededOrgs = {} as SeededTenants['orgs'];
  const seededUsers: SeededTenants['users'] = {};
  await unsafeWithoutTenant(db, async (tx) => {
    for (const [name, spec] of Object.entries(TEST_TENANTS) as [TenantName, (typeof TEST_TENANTS)[TenantName]][]) {
      const [existing] = await tx.select().from(orgs).where(eq(orgs.slug, name));
      const org = existing ?? (await unsafeCreateOrg(tx, { slug: name, name: `Org ${name}`, kind: spec.kind }));
      seededOrgs[name] = { id: org.id, slug: org.slug, kind: org.kind };
      for (const role of spec.roles) {
        const email = emailOf(name, role);
        const user = await unsafeAddMember(tx, { orgId: org.id, orgKind: org.kind, email, name: `${role} of ${name}`, role, password: TEST_PASSWORD });
        seededUsers[email] = { id: user.id, email };
      }
    }
  });
  const userOf = (tenant: TenantName, role: Role) => {
    const user = seededUsers[emailOf(tenant, role)];
    if (!user) throw new Error(`no ${role} in ${tenant}`);
    return user;
  };
  return {
    orgs: seededOrgs,
    users: seededUsers,
    userOf,
    ctx: (tenant, role) => ({
      db,
      orgId: seededOrgs[tenant].id,
      orgKind: seededOrgs[tenant].kind,
      role,
      actor: { userId: userOf(tenant, role).id, label: emailOf(tenant, role) },
      ip: '127.0.0.1',
      requestId: 'test',
    }),
  };
}
