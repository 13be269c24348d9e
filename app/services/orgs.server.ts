import { eq, sql } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { memberships, orgs, users } from '#db/schema/index';
import { isRoleOfKind, type OrgKind, type Role } from '#app/domain/permissions';
import { AppError } from '#app/lib/errors';
import { hashPassword } from './auth/passwords.server';

/**
 * Platform operations (CLI, seeding, invitation acceptance): they create tenants, so they run in an
 * `unsafeWithoutTenant` transaction opened by the caller.
 */
export async function unsafeCreateOrg(tx: Tx, input: { slug: string; name: string; kind: OrgKind }) {
  const [existing] = await tx.select().from(orgs).where(eq(orgs.slug, input.slug));
  if (existing) throw new AppError('CONFLICT', `An organisation with slug "${input.slug}" already exists`);
  const [org] = await tx.insert(orgs).values(input).returning();
  return org!;
}

export async function unsafeFindOrgBySlug(tx: Tx, slug: string) {
  const [org] = await tx.select().from(orgs).where(eq(orgs.slug, slug));
  return org;
}

export async function unsafeFindUserByEmail(tx: Tx, email: string) {
  const [user] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return user;
}

/** Creates the user if the e-mail is new (with the password given), then adds the membership. */
export async function unsafeAddMember(
  tx: Tx,
  input: { orgId: string; orgKind: OrgKind; email: string; name: string; role: Role; password?: string },
) {
  if (!isRoleOfKind(input.role, input.orgKind)) {
    throw new AppError('UNPROCESSABLE', `Role ${input.role} does not exist in a ${input.orgKind} organisation`);
  }
  let user = await unsafeFindUserByEmail(tx, input.email);
  if (!user) {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    [user] = await tx.insert(users).values({ email: input.email.trim(), name: input.name, passwordHash }).returning();
  }
  await tx
    .insert(memberships)
    .values({ orgId: input.orgId, userId: user!.id, role: input.role })
    .onConflictDoUpdate({ target: [memberships.orgId, memberships.userId], set: { role: input.role } });
  return user!;
}
