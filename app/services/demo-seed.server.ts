import type { Database } from '#db/client';
import { unsafeWithoutTenant } from '#db/tenant';
import type { OrgKind, Role } from '#app/domain/permissions';
import { seedDemoBilling } from './demo-billing.server';
import { seedDemoIntervals, type SeedDemoIntervalsOptions } from './demo-intervals.server';
import { seedDemoCosts } from './demo-costs.server';
import { seedDemoPrograms } from './demo-programs.server';
import { seedDemoSla } from './demo-sla.server';
import { unsafeAddMember, unsafeCreateOrg, unsafeFindOrgBySlug } from './orgs.server';

export const DEMO_PASSWORD = 'outpost-demo';

interface DemoOrg {
  slug: string;
  name: string;
  kind: OrgKind;
  people: { email: string; name: string; role: Role }[];
}

export const DEMO_ORGS: DemoOrg[] = [
  {
    slug: 'demo-bank',
    name: 'Demo Bank',
    kind: 'client',
    people: [
      { email: 'admin@demo-bank.test', name: 'Alice Admin', role: 'owner' },
      { email: 'pm@demo-bank.test', name: 'Peter Program', role: 'program_manager' },
      { email: 'finance@demo-bank.test', name: 'Fiona Finance', role: 'finance' },
      { email: 'viewer@demo-bank.test', name: 'Victor Viewer', role: 'viewer' },
    ],
  },
  {
    slug: 'vendor-a',
    name: 'Vendor A Contact Services',
    kind: 'vendor',
    people: [
      { email: 'admin@vendor-a.test', name: 'Andy Admin', role: 'vendor_admin' },
      { email: 'analyst@vendor-a.test', name: 'Amy Analyst', role: 'vendor_reporter' },
    ],
  },
  {
    slug: 'vendor-b',
    name: 'Vendor B BPO',
    kind: 'vendor',
    people: [
      { email: 'admin@vendor-b.test', name: 'Bob Admin', role: 'vendor_admin' },
      { email: 'analyst@vendor-b.test', name: 'Bea Analyst', role: 'vendor_reporter' },
    ],
  },
];

/**
 * Seeds the demo tenants once, then the demo bank's programs, units and contracts (through the services,
 * as the bank's owner, so they are audited), then their generated 15-minute intervals (demo-intervals.server.ts;
 * `intervals: false` skips them); a second run finds demo-bank and does nothing. Returns whether it seeded.
 */
export async function seedDemo(db: Database, options: { intervals?: SeedDemoIntervalsOptions | false } = {}): Promise<boolean> {
  // Platform work: seeding creates tenants.
  const created = await unsafeWithoutTenant(db, async (tx) => {
    if (await unsafeFindOrgBySlug(tx, 'demo-bank')) return null;
    const orgIds: Record<string, string> = {};
    const userIds: Record<string, string> = {};
    for (const demo of DEMO_ORGS) {
      const org = await unsafeCreateOrg(tx, { slug: demo.slug, name: demo.name, kind: demo.kind });
      orgIds[demo.slug] = org.id;
      for (const person of demo.people) {
        const user = await unsafeAddMember(tx, { orgId: org.id, orgKind: org.kind, ...person, password: DEMO_PASSWORD });
        userIds[person.email] = user.id;
      }
    }
    return { orgIds, userIds };
  });
  if (!created) return false;
  const { orgIds, userIds } = created;
  const vendor = (slug: string, adminEmail: string) => ({ orgId: orgIds[slug]!, adminUserId: userIds[adminEmail]!, adminEmail });
  await seedDemoPrograms(db, {
    bankOwner: { db, orgId: orgIds['demo-bank']!, orgKind: 'client', role: 'owner', actor: { userId: userIds['admin@demo-bank.test'], label: 'admin@demo-bank.test' }, requestId: 'demo-seed' },
    vendorA: vendor('vendor-a', 'admin@vendor-a.test'),
    vendorB: vendor('vendor-b', 'admin@vendor-b.test'),
  });
  if (options.intervals !== false) await seedDemoIntervals(db, options.intervals ?? {});
  await seedDemoCosts(db, { orgId: orgIds['demo-bank']!, financeUserId: userIds['finance@demo-bank.test']! }, options.intervals === false ? {} : (options.intervals ?? {}));
  if (options.intervals !== false) await seedDemoSla(db, options.intervals ?? {});
  if (options.intervals !== false) await seedDemoBilling(db, options.intervals ?? {});
  return true;
}
