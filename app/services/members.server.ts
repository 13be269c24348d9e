import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { memberships, users } from '#db/schema/index';
import { can, isRoleOfKind, type Role } from '#app/domain/permissions';
import { AppError, notFound } from '#app/lib/errors';
import { recordAudit } from './audit.server';
import { assertCan, inTenant, type ServiceCtx } from './context';

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

/** Owners (clients) and vendor admins: the roles that can manage members, so an org must keep one. */
const isAdminRole = (role: Role) => can(role, 'manage:members');

export async function listMembers(ctx: ServiceCtx): Promise<MemberView[]> {
  assertCan(ctx, 'manage:members');
  return inTenant(ctx, (tx) =>
    tx
      .select({ userId: memberships.userId, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .orderBy(asc(users.name)),
  );
}

/**
 * Locks the org's memberships (so two admins demoting each other at once cannot both succeed) and
 * returns the target; refuses a change that would leave the org without anyone able to manage members.
 */
async function lockTarget(tx: Tx, userId: string, nextRole: Role | null) {
  const all = await tx.select().from(memberships).for('update');
  const target = all.find((m) => m.userId === userId);
  if (!target) throw notFound('Member not found');
  const losesAdmin = isAdminRole(target.role) && (nextRole === null || !isAdminRole(nextRole));
  if (losesAdmin && all.filter((m) => isAdminRole(m.role)).length <= 1) {
    throw new AppError('CONFLICT', 'An organisation needs at least one administrator', { reason: 'last_admin' });
  }
  return target;
}

export async function changeMemberRole(ctx: ServiceCtx, input: { userId: string; role: Role }): Promise<void> {
  assertCan(ctx, 'manage:members');
  if (!isRoleOfKind(input.role, ctx.orgKind)) {
    throw new AppError('UNPROCESSABLE', `Role ${input.role} does not exist in a ${ctx.orgKind} organisation`, { field: 'role' });
  }
  await inTenant(ctx, async (tx) => {
    const target = await lockTarget(tx, input.userId, input.role);
    if (target.role === input.role) return;
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.userId, input.userId)));
    await recordAudit(tx, ctx, { action: 'member.role_change', objectType: 'membership', objectId: input.userId, details: { from: target.role, to: input.role } });
  });
}

export async function removeMember(ctx: ServiceCtx, userId: string): Promise<void> {
  assertCan(ctx, 'manage:members');
  await inTenant(ctx, async (tx) => {
    const target = await lockTarget(tx, userId, null);
    await tx.delete(memberships).where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.userId, userId)));
    await recordAudit(tx, ctx, { action: 'member.remove', objectType: 'membership', objectId: userId, details: { role: target.role } });
  });
}
