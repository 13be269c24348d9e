import { and, desc, eq, gte, ilike, lt, type SQL } from 'drizzle-orm';
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
  await recordAudits(tx, ctx, [entry]);
}

/** Many entries, one statement per thousand (a batch that changes many objects audits each one). */
export async function recordAudits(tx: Tx, ctx: ServiceCtx, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) {
    await tx.insert(auditEvents).values(
      entries.slice(i, i + 1000).map((entry) => ({
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
      })),
    );
  }
}

export interface AuditFilter {
  /** Part of the action name, case-insensitive ("api_key" finds api_key.create and api_key.revoke). */
  action?: string;
  /** Exact object type, e.g. "api_key". */
  objectType?: string;
  /** Part of the actor's label (an e-mail, or "api-key:op_…"), case-insensitive. */
  actor?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  limit?: number;
  offset?: number;
}

export interface AuditEventView {
  id: string;
  at: Date;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export const MAX_AUDIT_PAGE_SIZE = 500;

/** User text goes into ILIKE literally: its % and _ must not act as wildcards. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The acting org's audit events, newest first (row-level security keeps other orgs' events out). */
export async function listAuditEvents(ctx: ServiceCtx, filter: AuditFilter): Promise<AuditEventView[]> {
  assertCan(ctx, 'read:audit');
  const where: SQL[] = [];
  if (filter.action) where.push(ilike(auditEvents.action, containing(filter.action)));
  if (filter.objectType) where.push(eq(auditEvents.objectType, filter.objectType));
  if (filter.actor) where.push(ilike(auditEvents.actorLabel, containing(filter.actor)));
  if (filter.from) where.push(gte(auditEvents.at, filter.from));
  if (filter.to) where.push(lt(auditEvents.at, filter.to));
  return inTenant(ctx, (tx) =>
    tx
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        actorLabel: auditEvents.actorLabel,
        action: auditEvents.action,
        objectType: auditEvents.objectType,
        objectId: auditEvents.objectId,
        ip: auditEvents.ip,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(Math.min(Math.max(filter.limit ?? 50, 1), MAX_AUDIT_PAGE_SIZE))
      .offset(Math.max(filter.offset ?? 0, 0)),
  );
}

/** One page (1-based) of events, and whether another page follows (one extra row is read to know). */
export async function pageAuditEvents(ctx: ServiceCtx, filter: Omit<AuditFilter, 'limit' | 'offset'>, page: number, pageSize = 50) {
  const rows = await listAuditEvents(ctx, { ...filter, limit: pageSize + 1, offset: (page - 1) * pageSize });
  return { events: rows.slice(0, pageSize), page, hasNext: rows.length > pageSize };
}
