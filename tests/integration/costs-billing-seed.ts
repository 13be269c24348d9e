import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  billingAdjustments,
  contractBillingSettings,
  contractVersions,
  inHouseCosts,
  invoiceLines,
  invoices,
  orgSubscriptions,
  transitionCosts,
  vendorInvoiceLines,
  vendorInvoices,
  vendorOversightCosts,
} from '../../db/schema/index';
import { withTenant } from '../../db/tenant';
import type { SeededTenants, TenantName } from '../support/tenants';
import type { ClientWorld } from './programs/seed';

/**
 * Rows in the cost (issue 6) and billing (issue 7) tables for one client world, written as each side
 * would write them: the client its costs, settings, invoice and adjustment; each vendor its invoice.
 * Raw inserts on purpose: the isolation test checks the tables, whatever service writes them.
 */
export async function seedCostsAndBilling(db: Database, seeded: SeededTenants, client: TenantName, world: ClientWorld) {
  const clientOrgId = seeded.orgs[client].id;
  const who = { updatedByLabel: 'seed', createdByLabel: 'seed' };
  await withTenant(db, { orgId: clientOrgId }, async (tx) => {
    await tx.insert(inHouseCosts).values({ clientOrgId, unitId: world.inHouseUnitId, month: '2026-03', currency: 'TWD', agentFte: '10', productiveHours: '1200', loadedCostPerFteMinor: 6000000n, updatedByLabel: who.updatedByLabel });
    for (const [vendor, contractId] of Object.entries(world.contractIds) as Array<[TenantName, string]>) {
      const vendorOrgId = seeded.orgs[vendor].id;
      const unitId = world.vendorUnitIds[vendor]!;
      const [version] = await tx.select({ id: contractVersions.id }).from(contractVersions).where(eq(contractVersions.contractId, contractId)).limit(1);
      await tx.insert(vendorOversightCosts).values({ clientOrgId, unitId, month: '2026-03', currency: 'TWD', amountMinor: 100000n, updatedByLabel: who.updatedByLabel });
      await tx.insert(transitionCosts).values({ clientOrgId, unitId, description: 'Knowledge transfer', currency: 'TWD', amountMinor: 1200000n, startMonth: '2026-01', amortisationMonths: 12, createdByLabel: who.createdByLabel });
      await tx.insert(contractBillingSettings).values({ clientOrgId, contractId, vendorOrgId, glAccount: '6100', costCenter: 'CC-1' });
      const [invoice] = await tx
        .insert(invoices)
        .values({ clientOrgId, contractId, vendorOrgId, month: '2026-03', contractVersionId: version!.id, currency: 'TWD', minorDigits: 0, roundingMode: 'half_up', subtotalMinor: 100n, creditsMinor: 0n, adjustmentsMinor: 0n, taxMinor: 5n, totalMinor: 105n, inputs: { monthCloseId: null, contractVersionId: version!.id, uploadIds: [], serviceCreditMonth: null }, computedByLabel: 'seed' })
        .returning({ id: invoices.id });
      await tx.insert(invoiceLines).values({ clientOrgId, invoiceId: invoice!.id, position: 1, vendorOrgId, kind: 'usage', lineKey: 'usage:test', description: 'Handled contacts', quantity: '10', quantityUnit: 'contacts', rate: '10', amountMinor: 100n, taxMinor: 5n, source: { kind: 'kpi', month: '2026-03' } });
      await tx.insert(billingAdjustments).values({ clientOrgId, contractId, vendorOrgId, month: '2026-04', kind: 'adjustment', description: 'Goodwill', reason: 'seed', amountMinor: -10n, createdByLabel: 'seed' });
    }
  });
  for (const [vendor, contractId] of Object.entries(world.contractIds) as Array<[TenantName, string]>) {
    const vendorOrgId = seeded.orgs[vendor].id;
    await withTenant(db, { orgId: vendorOrgId }, async (tx) => {
      const [submitted] = await tx
        .insert(vendorInvoices)
        .values({ clientOrgId, contractId, vendorOrgId, month: '2026-03', invoiceNumber: `INV-${vendor}`, currency: 'TWD', totalMinor: 105n, submittedByLabel: 'seed' })
        .returning({ id: vendorInvoices.id });
      await tx.insert(vendorInvoiceLines).values({ clientOrgId, vendorInvoiceId: submitted!.id, position: 1, vendorOrgId, description: 'Handled contacts', amountMinor: 100n });
    });
  }
  // The platform writes subscriptions (checkout, webhook): no tenant transaction.
  await db.insert(orgSubscriptions).values({ orgId: clientOrgId, plan: 'starter', status: 'active', unitLimit: 10 }).onConflictDoNothing();
}
