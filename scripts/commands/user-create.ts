import { users } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { ROLES, type Role } from '#app/domain/permissions';
import { AppError } from '#app/lib/errors';
import { hashPassword } from '#app/services/auth/passwords.server';
import { MIN_PASSWORD_LENGTH } from '#app/services/auth/password-reset.server';
import { unsafeAddMember, unsafeFindOrgBySlug, unsafeFindUserByEmail } from '#app/services/orgs.server';
import type { CliCommand } from './types';

export const userCreateCommand: CliCommand = {
  name: ['user', 'create'],
  summary: 'Create a user, optionally as a member of an organisation',
  usage: 'npm run cli -- user create --email <email> --name <name> --password <password> [--org <slug> --role <role>]',
  options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, org: { type: 'string' }, role: { type: 'string' } },
  async run({ db, values, io }) {
    const { email, name, password, org: slug, role } = values;
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email) || typeof name !== 'string' || !name.trim()) {
      io.err(`--email and --name are required.\n${userCreateCommand.usage}`);
      return 2;
    }
    if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
      io.err(`--password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
      return 2;
    }
    if ((slug === undefined) !== (role === undefined)) {
      io.err(`--org and --role go together.\n${userCreateCommand.usage}`);
      return 2;
    }
    if (role !== undefined && !(ROLES as readonly string[]).includes(String(role))) {
      io.err(`--role must be one of: ${ROLES.join(', ')}`);
      return 2;
    }
    // Operators act across tenants: a user is global and may be placed in any org.
    const summary = await unsafeWithoutTenant(db, async (tx) => {
      if (typeof slug !== 'string') {
        if (await unsafeFindUserByEmail(tx, email)) throw new AppError('CONFLICT', `A user with e-mail ${email} already exists`);
        const [user] = await tx.insert(users).values({ email: email.trim(), name: name.trim(), passwordHash: await hashPassword(password) }).returning();
        return `Created user ${user!.email}, id ${user!.id} (no organisation)`;
      }
      const org = await unsafeFindOrgBySlug(tx, slug);
      if (!org) throw new AppError('NOT_FOUND', `No organisation with slug "${slug}"`);
      const existed = Boolean(await unsafeFindUserByEmail(tx, email));
      const user = await unsafeAddMember(tx, { orgId: org.id, orgKind: org.kind, email, name: name.trim(), role: role as Role, password });
      const what = existed ? `Added existing user ${user.email} (password unchanged)` : `Created user ${user.email}`;
      return `${what} to ${org.slug} as ${role}, id ${user.id}`;
    });
    io.out(summary);
    return 0;
  },
};
