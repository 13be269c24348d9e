import type { Database } from '#db/client';
import { unsafeWithoutTenant } from '#db/tenant';
import type { OrgKind, Role } from '#app/domain/permissions';
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

/** Seeds the demo tenants once; a second run finds demo-bank and does nothing. Returns whether it seeded. */
export async function seedDemo(db: Database): Promise<boolean> {
  // Platform work: seeding creates tenants.
  return unsafeWithoutTenant(db, async (tx) => {
    if (await unsafeFindOrgBySlug(tx, 'demo-bank')) return false;
    for (const demo of DEMO_ORGS) {
      const org = await unsafeCreateOrg(tx, { slug: demo.slug, name: demo.name, kind: demo.kind });
      for (const person of demo.people) {
        await unsafeAddMember(tx, { orgId: org.id, orgKind: org.kind, ...person, password: DEMO_PASSWORD });
      }
    }
    return true;
  });
}
