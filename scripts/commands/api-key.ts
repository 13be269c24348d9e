import type { Database } from '#db/client';
import { unsafeWithoutTenant } from '#db/tenant';
import { ROLES, type Role } from '#app/domain/permissions';
import { AppError } from '#app/lib/errors';
import { createApiKey, listApiKeys, revokeApiKey } from '#app/services/api-keys.server';
import type { ServiceCtx } from '#app/services/context';
import { unsafeFindOrgBySlug } from '#app/services/orgs.server';
import type { CliCommand } from './types';

/**
 * An operator acts for the org named on the command line. The org is looked up across tenants (there is
 * no tenant yet: the slug is what chooses it), then every change goes through the normal services in a
 * tenant transaction for that org, so row-level security and the audit log apply as for a person.
 */
async function operatorCtx(db: Database, slug: unknown): Promise<ServiceCtx> {
  if (typeof slug !== 'string' || !slug) throw new AppError('BAD_REQUEST', 'Name the organisation: --org <slug>');
  // Platform lookup by slug across tenants: the operator picks the tenant, so none is set yet.
  const org = await unsafeWithoutTenant(db, (tx) => unsafeFindOrgBySlug(tx, slug));
  if (!org) throw new AppError('NOT_FOUND', `No organisation with slug "${slug}"`);
  return {
    db,
    orgId: org.id,
    orgKind: org.kind,
    // The operator has the powers of the org's administrator, never more.
    role: org.kind === 'client' ? 'owner' : 'vendor_admin',
    actor: { label: 'cli' },
  };
}

function requireString(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value.trim()) throw new AppError('BAD_REQUEST', `--${name} is required`);
  return value.trim();
}

export const apiKeyCreateCommand: CliCommand = {
  name: ['api-key', 'create'],
  summary: 'Create an API key for an org; prints the key (once) on the last line',
  usage: `npm run cli -- api-key create --org <slug> --role <${ROLES.join('|')}> --name <label>`,
  options: { org: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  async run({ db, values, io }) {
    const ctx = await operatorCtx(db, values.org);
    const role = requireString(values, 'role');
    if (!(ROLES as readonly string[]).includes(role)) throw new AppError('BAD_REQUEST', `Unknown role "${role}"; one of ${ROLES.join(', ')}`);
    const created = await createApiKey(ctx, { name: requireString(values, 'name'), role: role as Role });
    io.out(`Created API key "${created.name}" (${created.role}) for ${String(values.org)}, prefix ${created.prefix}, id ${created.id}.`);
    io.out('Store it now; it cannot be shown again. Key:');
    io.out(created.secret);
    return 0;
  },
};

export const apiKeyRevokeCommand: CliCommand = {
  name: ['api-key', 'revoke'],
  summary: 'Revoke an org’s active API key by its prefix (op_…)',
  usage: 'npm run cli -- api-key revoke --org <slug> --prefix <op_xxxxxxxxxx>',
  options: { org: { type: 'string' }, prefix: { type: 'string' } },
  async run({ db, values, io }) {
    const ctx = await operatorCtx(db, values.org);
    const prefix = requireString(values, 'prefix');
    const matches = (await listApiKeys(ctx)).filter((k) => k.prefix === prefix && !k.revokedAt);
    if (matches.length === 0) {
      io.err(`No active API key with prefix ${prefix} in ${String(values.org)}.`);
      return 1;
    }
    if (matches.length > 1) {
      io.err(`${matches.length} active keys share prefix ${prefix}; revoke them on the API keys page.`);
      return 1;
    }
    await revokeApiKey(ctx, matches[0]!.id);
    io.out(`Revoked API key ${prefix} ("${matches[0]!.name}").`);
    return 0;
  },
};

export const apiKeyListCommand: CliCommand = {
  name: ['api-key', 'list'],
  summary: 'List an org’s API keys (never the keys themselves)',
  usage: 'npm run cli -- api-key list --org <slug>',
  options: { org: { type: 'string' } },
  async run({ db, values, io }) {
    const ctx = await operatorCtx(db, values.org);
    const keys = await listApiKeys(ctx);
    if (keys.length === 0) {
      io.out(`No API keys in ${String(values.org)}.`);
      return 0;
    }
    io.out(['prefix', 'role', 'status', 'created', 'last used', 'name'].join('\t'));
    for (const key of keys) {
      const status = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
      io.out([key.prefix, key.role, status, key.createdAt.toISOString(), key.lastUsedAt?.toISOString() ?? 'never', key.name].join('\t'));
    }
    return 0;
  },
};

export const apiKeyCommands: CliCommand[] = [apiKeyCreateCommand, apiKeyRevokeCommand, apiKeyListCommand];
