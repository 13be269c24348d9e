/**
 * The one role → permission map. Server guards (`requirePermission`) and the UI (navigation, buttons)
 * both read it, so what a person sees is what they may do.
 */
export const CLIENT_ROLES = ['owner', 'program_manager', 'finance', 'viewer'] as const;
export const VENDOR_ROLES = ['vendor_admin', 'vendor_reporter'] as const;
export const ROLES = [...CLIENT_ROLES, ...VENDOR_ROLES] as const;
export type ClientRole = (typeof CLIENT_ROLES)[number];
export type VendorRole = (typeof VENDOR_ROLES)[number];
export type Role = ClientRole | VendorRole;
export type OrgKind = 'client' | 'vendor';

export const PERMISSIONS = [
  'read:org',
  'manage:members',
  'manage:api-keys',
  'read:audit',
  'read:outbox',
  'manage:subscription',
  'read:programs',
  'write:programs',
  'read:contracts',
  'write:contracts',
  'read:kpis',
  'upload:feeds',
  'raise:disputes',
  'decide:disputes',
  'close:months',
  'run:billing',
  'read:costs',
  'write:costs',
  'submit:invoices',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CLIENT_READ: Permission[] = ['read:org', 'read:programs', 'read:contracts', 'read:kpis'];

export const ROLE_PERMISSIONS = {
  owner: [
    ...CLIENT_READ,
    'manage:members',
    'manage:api-keys',
    'read:audit',
    'read:outbox',
    'manage:subscription',
    'write:programs',
    'write:contracts',
    'decide:disputes',
    'close:months',
    'run:billing',
    'read:costs',
    'write:costs',
    'upload:feeds',
  ],
  program_manager: [...CLIENT_READ, 'write:programs', 'write:contracts', 'decide:disputes', 'close:months', 'read:costs', 'write:costs', 'upload:feeds'],
  finance: [...CLIENT_READ, 'close:months', 'run:billing', 'read:costs', 'write:costs'],
  viewer: [...CLIENT_READ],
  vendor_admin: ['read:org', 'manage:members', 'manage:api-keys', 'read:audit', 'read:outbox', 'read:programs', 'read:contracts', 'read:kpis', 'upload:feeds', 'raise:disputes', 'submit:invoices'],
  vendor_reporter: ['read:org', 'read:programs', 'read:contracts', 'read:kpis', 'upload:feeds', 'raise:disputes'],
} as const satisfies Record<Role, readonly Permission[]>;

export function can(role: Role, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission);
}

export function rolesForKind(kind: OrgKind): readonly Role[] {
  return kind === 'client' ? CLIENT_ROLES : VENDOR_ROLES;
}

export function isRoleOfKind(role: Role, kind: OrgKind): boolean {
  return rolesForKind(kind).includes(role);
}
