import { unsafeWithoutTenant } from '#db/tenant';
import { ROLES, type Role } from '#app/domain/permissions';
import { getEnv } from '#app/lib/env.server';
import { AppError } from '#app/lib/errors';
import type { ServiceCtx } from '#app/services/context';
import { createInvitation } from '#app/services/invitations.server';
import { settleBackgroundDeliveries } from '#app/services/mail.server';
import { unsafeFindOrgBySlug } from '#app/services/orgs.server';
import type { CliCommand } from './types';

export const invitationCreateCommand: CliCommand = {
  name: ['invitation', 'create'],
  summary: 'Invite an e-mail address to an organisation; prints the link',
  usage: 'npm run cli -- invitation create --org <slug> --email <email> --role <role>',
  options: { org: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } },
  async run({ db, values, io }) {
    const { org: slug, email, role } = values;
    if (typeof slug !== 'string' || typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
      io.err(`--org and --email are required.\n${invitationCreateCommand.usage}`);
      return 2;
    }
    if (!(ROLES as readonly string[]).includes(String(role))) {
      io.err(`--role must be one of: ${ROLES.join(', ')}`);
      return 2;
    }
    // Operators act across tenants: find the org by slug, then act in it like one of its administrators.
    const org = await unsafeWithoutTenant(db, (tx) => unsafeFindOrgBySlug(tx, slug));
    if (!org) throw new AppError('NOT_FOUND', `No organisation with slug "${slug}"`);
    const ctx: ServiceCtx = {
      db,
      orgId: org.id,
      orgKind: org.kind,
      role: org.kind === 'client' ? 'owner' : 'vendor_admin',
      actor: { label: 'cli:operator' },
    };
    const env = getEnv();
    const invitation = await createInvitation(ctx, { email, role: role as Role, origin: env.APP_URL ?? `http://localhost:${env.PORT}` });
    await settleBackgroundDeliveries(); // the caller closes the database right after
    io.out(`Invited ${invitation.email} to ${org.slug} as ${invitation.role}; expires ${invitation.expiresAt.toISOString()}`);
    io.out(invitation.link);
    return 0;
  },
};
