import type { Database, Tx } from '#db/client';
import { withTenant } from '#db/tenant';
import type { OrgKind, Permission, Role } from '#app/domain/permissions';
import { can } from '#app/domain/permissions';
import { forbidden } from '#app/lib/errors';

export interface Actor {
  userId?: string;
  apiKeyId?: string;
  /** Human-readable, kept in the audit log even if the user or key is later removed. */
  label: string;
}

/** Everything a use case needs to know about who is acting, for which org. No Request, no Response. */
export interface ServiceCtx {
  db: Database;
  orgId: string;
  orgKind: OrgKind;
  role: Role;
  actor: Actor;
  ip?: string;
  requestId?: string;
}

export function inTenant<T>(ctx: ServiceCtx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTenant(ctx.db, { orgId: ctx.orgId }, fn);
}

export function assertCan(ctx: ServiceCtx, permission: Permission): void {
  if (!can(ctx.role, permission)) throw forbidden();
}
