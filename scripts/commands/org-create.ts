import { ORG_KINDS, type OrgKind } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { unsafeCreateOrg } from '#app/services/orgs.server';
import type { CliCommand } from './types';

export const orgCreateCommand: CliCommand = {
  name: ['org', 'create'],
  summary: 'Create an organisation (a tenant)',
  usage: 'npm run cli -- org create --slug <slug> --name <name> --kind client|vendor',
  options: { slug: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } },
  async run({ db, values, io }) {
    const { slug, name, kind } = values;
    if (typeof slug !== 'string' || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug) || typeof name !== 'string' || !name.trim()) {
      io.err(`--slug (lowercase letters, digits, dashes) and --name are required.\n${orgCreateCommand.usage}`);
      return 2;
    }
    if (!(ORG_KINDS as readonly string[]).includes(String(kind))) {
      io.err(`--kind must be one of: ${ORG_KINDS.join(', ')}\n${orgCreateCommand.usage}`);
      return 2;
    }
    // Operators act across tenants: creating a tenant has no tenant to act in.
    const org = await unsafeWithoutTenant(db, (tx) => unsafeCreateOrg(tx, { slug, name: name.trim(), kind: kind as OrgKind }));
    io.out(`Created ${org.kind} organisation "${org.name}" (${org.slug}), id ${org.id}`);
    return 0;
  },
};
