import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '#db/client';
import { memberships, orgs, sessions, users } from '#db/schema/index';
import { unsafeReadWithoutTenant, unsafeWithoutTenant } from '#db/tenant';
import type { OrgKind, Role } from '#app/domain/permissions';
import { randomToken, sha256 } from '#app/lib/tokens.server';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export interface MembershipView {
  orgId: string;
  orgSlug: string;
  orgName: string;
  orgKind: OrgKind;
  role: Role;
}

export interface SessionView {
  sessionId: string;
  user: { id: string; email: string; name: string; locale: string | null };
  memberships: MembershipView[];
  /** The membership the user acts in now; undefined when the user belongs to no org. */
  active: MembershipView | undefined;
  expiresAt: Date;
}

/** Starts a new session (a fresh token every login: no session fixation). Returns the cookie token. */
export async function createSession(
  db: Database,
  input: { userId: string; ip?: string; userAgent?: string; now?: Date },
): Promise<string> {
  const token = randomToken();
  const now = input.now ?? new Date();
  // Platform table: no tenant exists before a session does.
  await unsafeWithoutTenant(db, (tx) =>
    tx.insert(sessions).values({
      id: sha256(token),
      userId: input.userId,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    }),
  );
  return token;
}

/** Resolves a cookie token to its live session, user and memberships; undefined if unknown or expired. */
export async function readSession(db: Database, token: string, now = new Date()): Promise<SessionView | undefined> {
  // Platform lookup: the session decides which tenant the request acts for. Every page view makes it, so
  // it is one statement (the session, its user and each membership as a row), outside a transaction.
  const rows = await unsafeReadWithoutTenant(db, (db) =>
    db
      .select({
        session: { id: sessions.id, activeOrgId: sessions.activeOrgId, expiresAt: sessions.expiresAt },
        user: { id: users.id, email: users.email, name: users.name, locale: users.locale },
        orgId: orgs.id,
        orgSlug: orgs.slug,
        orgName: orgs.name,
        orgKind: orgs.kind,
        role: memberships.role,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .leftJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(and(eq(sessions.id, sha256(token)), gt(sessions.expiresAt, now)))
      .orderBy(asc(orgs.name)),
  );
  const first = rows[0];
  if (!first) return undefined;
  const memberOf = rows.flatMap(({ orgId, orgSlug, orgName, orgKind, role }): MembershipView[] =>
    orgId && orgSlug && orgName && orgKind && role ? [{ orgId, orgSlug, orgName, orgKind, role }] : [],
  );
  return {
    sessionId: first.session.id,
    user: first.user,
    memberships: memberOf,
    active: memberOf.find((m) => m.orgId === first.session.activeOrgId) ?? memberOf[0],
    expiresAt: first.session.expiresAt,
  };
}

export async function setActiveOrg(db: Database, sessionId: string, orgId: string): Promise<void> {
  await unsafeWithoutTenant(db, (tx) => tx.update(sessions).set({ activeOrgId: orgId }).where(eq(sessions.id, sessionId)));
}

export async function destroySession(db: Database, token: string): Promise<void> {
  await unsafeWithoutTenant(db, (tx) => tx.delete(sessions).where(eq(sessions.id, sha256(token))));
}

/** "Log out everywhere": ends every session of the user. */
export async function destroyAllSessions(db: Database, userId: string): Promise<number> {
  const deleted = await unsafeWithoutTenant(db, (tx) =>
    tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id }),
  );
  return deleted.length;
}
