import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { contractBillingSettings, contractVersions, invoiceLines, invoices } from '../../../db/schema/index';
import { withTenant } from '../../../db/tenant';
import { FileBlobStore, setBlobStore } from '../../../app/lib/blob-store.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedTenants, type SeededTenants, type TenantName } from '../../support/tenants';
import { seedClientWorld, type ClientWorld } from '../programs/seed';

export const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
export const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<<>>\n%%EOF\n');

export interface ReconWorld {
  handle: TestDatabase;
  seeded: SeededTenants;
  world: ClientWorld;
  blobDir: string;
  close(): Promise<void>;
}

/** bank1 with contracts for vendor1 and vendor2 (TWD, 2 minor digits), bank2 with one for vendor1. */
export async function createReconWorld(): Promise<ReconWorld> {
  const handle = await createTestDatabase();
  const seeded = await seedTenants(handle.db);
  const world = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1', 'vendor2']);
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-recon-'));
  setBlobStore(new FileBlobStore(blobDir));
  return {
    handle,
    seeded,
    world,
    blobDir,
    close: async () => {
      setBlobStore(undefined);
      fs.rmSync(blobDir, { recursive: true, force: true });
      await handle.close();
    },
  };
}

export interface ComputedLineSpec {
  lineKey: string;
  description: string;
  quantity: string;
  rate: string | null;
  amountMinor: bigint;
}

/** n usage lines of distinct queues, 1000+i contacts at 45.00 each (minor units: cents). */
export function usageLines(n: number): ComputedLineSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    lineKey: `usage:per_handled_contact:voice:q${i + 1}`,
    description: `Handled contacts, queue ${i + 1}`,
    quantity: `${1000 + i}.0000`,
    rate: '45.000000',
    amountMinor: BigInt((1000 + i) * 4500),
  }));
}

/**
 * The computed invoice of a contract month, written as the billing run would (as the client, in its
 * tenant): the reconciliation reads these tables.
 */
export async function putComputedInvoice(w: ReconWorld, vendor: TenantName, month: string, lines: ComputedLineSpec[], options: { taxMinor?: bigint; status?: 'draft' | 'approved' } = {}) {
  const clientOrgId = w.seeded.orgs.bank1.id;
  const contractId = w.world.contractIds[vendor]!;
  const vendorOrgId = w.seeded.orgs[vendor].id;
  const subtotal = lines.reduce((s, l) => s + l.amountMinor, 0n);
  const tax = options.taxMinor ?? 0n;
  return withTenant(w.handle.db, { orgId: clientOrgId }, async (tx) => {
    const [version] = await tx.select({ id: contractVersions.id }).from(contractVersions).where(eq(contractVersions.contractId, contractId)).limit(1);
    const [invoice] = await tx
      .insert(invoices)
      .values({ clientOrgId, contractId, vendorOrgId, month, contractVersionId: version!.id, currency: 'TWD', minorDigits: 2, roundingMode: 'half_up', subtotalMinor: subtotal, creditsMinor: 0n, adjustmentsMinor: 0n, taxMinor: tax, totalMinor: subtotal + tax, inputs: { monthCloseId: null, contractVersionId: version!.id, uploadIds: [], serviceCreditMonth: null }, computedByLabel: 'test' })
      .returning({ id: invoices.id });
    if (lines.length) {
      await tx.insert(invoiceLines).values(
        lines.map((l, i) => ({ clientOrgId, invoiceId: invoice!.id, position: i + 1, vendorOrgId, kind: 'usage' as const, lineKey: l.lineKey, description: l.description, quantity: l.quantity, quantityUnit: 'contacts', rate: l.rate, amountMinor: l.amountMinor, taxMinor: 0n, source: { kind: 'kpi' as const, month } })),
      );
    }
    // Approval last: the lock refuses lines added to an approved invoice.
    if (options.status === 'approved') await tx.update(invoices).set({ status: 'approved' }).where(eq(invoices.id, invoice!.id));
    return invoice!.id;
  });
}

export async function setTolerance(w: ReconWorld, vendor: TenantName, toleranceMinor: bigint) {
  const clientOrgId = w.seeded.orgs.bank1.id;
  await withTenant(w.handle.db, { orgId: clientOrgId }, (tx) =>
    tx
      .insert(contractBillingSettings)
      .values({ clientOrgId, contractId: w.world.contractIds[vendor]!, vendorOrgId: w.seeded.orgs[vendor].id, toleranceMinor })
      .onConflictDoUpdate({ target: [contractBillingSettings.clientOrgId, contractBillingSettings.contractId], set: { toleranceMinor } }),
  );
}

/** The vendor's copy of computed lines, as submit input. */
export const asVendorLines = (lines: ComputedLineSpec[]) => lines.map((l) => ({ lineKey: l.lineKey, description: l.description, quantity: l.quantity, rate: l.rate, amountMinor: l.amountMinor }));
export const sum = (lines: { amountMinor: bigint }[]) => lines.reduce((s, l) => s + l.amountMinor, 0n);
