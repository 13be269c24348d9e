import { and, desc, eq, gte, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { auditEvents } from '#db/schema/index';
import type { ServiceCtx } from './context';
import { assertCan, inTenant } from './context';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | null;
  details?: Record<string, unknown>;
}

/** Records a write in the acting org's audit log, inside the same transaction as the write itself. */
export async function recordAudit(tx: Tx, ctx: ServiceCtx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    orgId: ctx.orgId,
    actorUserId: ctx.actor.userId ?? null,
    actorApiKeyId: ctx.actor.apiKeyId ?? null,
    actorLabel: ctx.actor.label,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId ?? null,
    ip: ctx.ip ?? null,
    requestId: ctx.requestId ?? null,
    details: entry.details ?? null,
  });
}

export interface AuditFilter {
  action?: string;
  objectType?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export async function listAuditEvents(ctx: ServiceCtx, filter: AuditFilter) {
  assertCan(ctx, 'read:audit');
  const where: SQL[] = [];
  if (filter.action) where.push(ilike(auditEvents.action, `%${filter.action}%`));
  if (filter.objectType) where.push(eq(auditEvents.objectType, filter.objectType));
  if (filter.actor) where.push(or(ilike(auditEvents.actorLabel, `%${filter.actor}%`))!);
  if (filter.from) where.push(gte(auditEvents.at, filter.from));
  if (filter.to) where.push(lt(auditEvents.at, filter.to));
  return inTenant(ctx, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(auditEvents.at))
      .limit(Math.min(filter.limit ?? 50, 500))
      .offset(filter.offset ?? 0),
  );
}
