import type { Role } from '../../../app/domain/permissions';
import { createApiKey } from '../../../app/services/api-keys.server';
import type { SeededTenants, TenantName } from '../../support/tenants';

/** Creates an API key with `role` in `tenant`, as the org's administrator would; returns the secret. */
export async function apiKeyFor(seeded: SeededTenants, tenant: TenantName, role: Role, name = `${role} key`): Promise<string> {
  const admin = seeded.ctx(tenant, seeded.orgs[tenant].kind === 'client' ? 'owner' : 'vendor_admin');
  return (await createApiKey(admin, { name, role })).secret;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

export function secretInHtml(html: string): string | undefined {
  return /value="(op_[A-Za-z0-9]{10}_[A-Za-z0-9_-]{30,})"/.exec(html)?.[1];
}
