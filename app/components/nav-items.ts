import type { MessageKey } from '#app/i18n/index';
import { can, type OrgKind, type Permission, type Role } from '#app/domain/permissions';

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Shown only to roles holding this permission (the same map the server guards use). */
  permission?: Permission;
  orgKinds?: OrgKind[];
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/app', label: 'nav.home' },
  { to: '/app/programs', label: 'nav.programs', permission: 'read:programs' },
  { to: '/app/contracts', label: 'nav.contracts', permission: 'read:contracts' },
  { to: '/app/feeds', label: 'nav.feeds', permission: 'read:kpis' },
  { to: '/app/disputes', label: 'nav.disputes', permission: 'read:kpis' },
  { to: '/app/vendor-invoices', label: 'nav.vendorInvoices', permission: 'submit:invoices', orgKinds: ['vendor'] },
  { to: '/app/vendor-invoices', label: 'nav.vendorInvoices', permission: 'run:billing', orgKinds: ['client'] },
  { to: '/app/portfolio', label: 'nav.portfolio', permission: 'read:programs', orgKinds: ['client'] },
  { to: '/app/billing', label: 'billing.nav', permission: 'read:contracts' },
  { to: '/app/members', label: 'nav.members', permission: 'manage:members' },
  { to: '/app/api-keys', label: 'nav.apiKeys', permission: 'manage:api-keys' },
  { to: '/app/webhooks', label: 'nav.webhooks', permission: 'manage:api-keys' },
  { to: '/app/subscription', label: 'subscriptions.nav', permission: 'manage:subscription', orgKinds: ['client'] },
  { to: '/app/audit', label: 'nav.audit', permission: 'read:audit' },
  { to: '/app/outbox', label: 'nav.outbox', permission: 'read:outbox' },
  { to: '/app/tools/erlang-c', label: 'tools.nav.erlangC' },
  { to: '/app/settings', label: 'nav.settings' },
];

export function navItemsFor(role: Role, orgKind: OrgKind): NavItem[] {
  return NAV_ITEMS.filter((item) => (!item.permission || can(role, item.permission)) && (!item.orgKinds || item.orgKinds.includes(orgKind)));
}
