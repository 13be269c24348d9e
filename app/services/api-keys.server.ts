import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '#db/client';
import { apiKeys, orgs } from '#db/schema/index';
import { unsafeReadWithoutTenant, unsafeWithoutTenant } from '#db/tenant';
import { isRoleOfKind, ROLE_PERMISSIONS, type OrgKind, type Permission, type Role } from '#app/domain/permissions';
import { AppError, notFound } from '#app/lib/errors';
import { randomToken, safeEqual, sha256 } from '#app/lib/tokens.server';
import { recordAudit } from './audit.server';
import { assertCan, inTenant, type ServiceCtx } from './context';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const API_KEY_NAME_MAX = 100;
const KEY_PATTERN = /^op_([A-Za-z0-9]{10})_([A-Za-z0-9_-]{30,})$/;

export interface AuthenticatedKey {
  id: string;
  orgId: string;
  orgKind: OrgKind;
  role: Role;
  name: string;
  prefix: string;
}

/** How stale "last used" may be: a key in steady use records it once a minute, not on every request. */
export const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Looks a presented key up by its visible prefix, then compares hashes in constant time. A read, outside a
 * transaction, on every API request; "last used" is written only when it is a minute old, so a busy
 * integration does not queue every request behind one row's lock and a commit.
 */
export async function authenticateApiKey(db: Database, presented: string, now = new Date()): Promise<AuthenticatedKey | undefined> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return undefined;
  const prefix = `op_${match[1]}`;
  // Platform lookup: the key itself decides which tenant the request acts for.
  const rows = await unsafeReadWithoutTenant(db, (db) =>
    db
      .select({ key: apiKeys, orgKind: orgs.kind })
      .from(apiKeys)
      .innerJoin(orgs, eq(orgs.id, apiKeys.orgId))
      .where(and(eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt))),
  );
  const hash = sha256(presented);
  const found = rows.find((r) => safeEqual(r.key.keyHash, hash));
  if (!found) return undefined;
  const { key } = found;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    // Platform write on the key just proven; the tenant is not set up yet (this decides it).
    await unsafeWithoutTenant(db, (tx) => tx.update(apiKeys).set({ lastUsedAt: now }).where(and(eq(apiKeys.orgId, key.orgId), eq(apiKeys.id, key.id))));
  }
  return { id: key.id, orgId: key.orgId, orgKind: found.orgKind, role: key.role, name: key.name, prefix: key.prefix };
}

export interface CreatedApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  /** The whole key: shown once, never stored. */
  secret: string;
}

export async function createApiKey(ctx: ServiceCtx, input: { name: string; role: Role }): Promise<CreatedApiKey> {
  assertCan(ctx, 'manage:api-keys');
  const name = input.name.trim();
  if (!name || name.length > API_KEY_NAME_MAX) {
    throw new AppError('UNPROCESSABLE', `A key needs a name of 1 to ${API_KEY_NAME_MAX} characters`, { field: 'name' });
  }
  if (!isRoleOfKind(input.role, ctx.orgKind)) {
    throw new AppError('UNPROCESSABLE', `Role ${input.role} does not exist in a ${ctx.orgKind} organisation`, { field: 'role' });
  }
  const prefix = `op_${randomToken(16).replace(/[^A-Za-z0-9]/g, '').slice(0, 10).padEnd(10, '0')}`;
  const secret = `${prefix}_${randomToken(32)}`;
  return inTenant(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ orgId: ctx.orgId, name, role: input.role, prefix, keyHash: sha256(secret), createdBy: ctx.actor.userId ?? null })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, ctx, { action: 'api_key.create', objectType: 'api_key', objectId: row.id, details: { name, role: input.role, prefix } });
    return { id: row.id, name: row.name, role: row.role, prefix, secret };
  });
}

export async function listApiKeys(ctx: ServiceCtx) {
  assertCan(ctx, 'manage:api-keys');
  return inTenant(ctx, (tx) =>
    tx
      .select({ id: apiKeys.id, name: apiKeys.name, role: apiKeys.role, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .orderBy(desc(apiKeys.createdAt)),
  );
}

/** Revokes an active key of the acting org; an unknown, malformed, revoked or foreign id is NOT_FOUND. */
export async function revokeApiKey(ctx: ServiceCtx, id: string, now = new Date()): Promise<void> {
  assertCan(ctx, 'manage:api-keys');
  // Postgres rejects a malformed uuid with an error (a 500); to the caller it simply names no key.
  if (!UUID_PATTERN.test(id)) throw notFound('API key not found');
  await inTenant(ctx, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, prefix: apiKeys.prefix });
    if (!row) throw notFound('API key not found');
    await recordAudit(tx, ctx, { action: 'api_key.revoke', objectType: 'api_key', objectId: id, details: { prefix: row.prefix } });
  });
}

export interface ApiCaller {
  org: { id: string; slug: string; name: string; kind: OrgKind };
  role: Role;
  permissions: Permission[];
  apiKey: { id: string; name: string; prefix: string };
}

/** Who an API request acts as: its org, the key's role and what that role may do. */
export async function describeApiCaller(ctx: ServiceCtx): Promise<ApiCaller> {
  if (!ctx.actor.apiKeyId) throw new AppError('UNAUTHENTICATED', 'Only an API key can ask who it is');
  const apiKeyId = ctx.actor.apiKeyId;
  return inTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({ org: { id: orgs.id, slug: orgs.slug, name: orgs.name, kind: orgs.kind }, key: { id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix } })
      .from(apiKeys)
      .innerJoin(orgs, eq(orgs.id, apiKeys.orgId))
      .where(eq(apiKeys.id, apiKeyId));
    if (!row) throw new AppError('UNAUTHENTICATED', 'Unknown or revoked API key');
    return { org: row.org, role: ctx.role, permissions: [...ROLE_PERMISSIONS[ctx.role]], apiKey: row.key };
  });
}
