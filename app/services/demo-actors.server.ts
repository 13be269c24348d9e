/**
 * Seed-time lookups shared by the demo's story seeds (demo-sla, demo-billing): the demo orgs by slug and
 * their people by e-mail, and service contexts acting as those people, so every seeded step goes through
 * the services and is audited under its author.
 */
import { inArray } from 'drizzle-orm';
import type { Database, Tx } from '#db/client';
import { orgs, users } from '#db/schema/index';
import type { OrgKind, Role } from '#app/domain/permissions';
import type { ServiceCtx } from './context';

export interface DemoDirectory {
  orgIds: Map<string, string>;
  userIds: Map<string, string>;
}

/** Platform work inside unsafeWithoutTenant: reads across the demo tenants. */
export async function loadDemoDirectory(tx: Tx, slugs: string[], emails: string[]): Promise<DemoDirectory> {
  const orgRows = await tx.select({ id: orgs.id, slug: orgs.slug }).from(orgs).where(inArray(orgs.slug, slugs));
  const people = await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  return { orgIds: new Map(orgRows.map((o) => [o.slug, o.id])), userIds: new Map(people.map((p) => [p.email, p.id])) };
}

/** A service context acting as a demo person (the seed's request id marks it in the audit log). */
export function demoActor(db: Database, orgId: string, orgKind: OrgKind, role: Role, email: string, userIds: Map<string, string>): ServiceCtx {
  return { db, orgId, orgKind, role, actor: { userId: userIds.get(email), label: email }, requestId: 'demo-seed' };
}
