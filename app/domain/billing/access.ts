/**
 * Who may see and do what in billing.
 *  - Read computed invoices: anyone who reads contracts ('read:contracts'). An invoice is the rate card
 *    applied to volumes they already see; row-level security limits a vendor to its own contracts.
 *  - Run, adjust, approve, export to the ERP, accruals and billing settings: client finance and owners
 *    ('run:billing'). A vendor never runs or approves.
 * One permission per action, so the route guards and the authz matrix state it exactly.
 */
import { can, type OrgKind, type Role } from '#app/domain/permissions';

export const BILLING_READ = 'read:contracts' as const;
export const BILLING_RUN = 'run:billing' as const;

export function canReadBilling(role: Role): boolean {
  return can(role, BILLING_READ);
}

export function canRunBilling(role: Role, orgKind: OrgKind): boolean {
  return orgKind === 'client' && can(role, BILLING_RUN);
}
