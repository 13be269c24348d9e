import { submitVendorInvoice } from '../../../app/services/billing/vendor-invoices.server';
import { createContract } from '../../../app/services/contracts.server';
import { createProgram } from '../../../app/services/programs.server';
import { addUnit } from '../../../app/services/units.server';
import { acceptVendorInvitation, inviteVendorToUnit } from '../../../app/services/vendor-invitations.server';
import type { TestDatabase } from '../../support/db';
import type { SeededTenants } from '../../support/tenants';
import { API_GET_ONLY, NO_SUCH_ID, shareAuthzBlobStore } from './objects';
import type { RouteRule } from './rules';

export const MINIMAL_PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/**
 * A vendor invoice of vendor1 on a fresh bank1 contract, with a PDF: both its client and its vendor see
 * it; bank2 and vendor2 must get 404.
 */
export async function bank1VendorInvoice(seeded: SeededTenants, handle: TestDatabase) {
  shareAuthzBlobStore();
  const pm = seeded.ctx('bank1', 'program_manager');
  const program = await createProgram(pm, { name: `Invoices ${crypto.randomUUID()}`, lineOfBusiness: 'Cards', channels: ['voice'], timeZone: 'Asia/Taipei', currency: 'TWD' });
  const unit = await addUnit(pm, program.id, { kind: 'vendor', name: 'Vendor floor' });
  const invitation = await inviteVendorToUnit(pm, unit.id, { email: 'ops@vendor1.test' });
  await acceptVendorInvitation(handle.db, { mode: 'link', token: invitation.token, userId: seeded.userOf('vendor1', 'vendor_admin').id, vendorOrgId: seeded.orgs.vendor1.id });
  const contract = await createContract(pm, {
    name: `bank1 × vendor1 ${crypto.randomUUID()}`,
    vendorOrgId: seeded.orgs.vendor1.id,
    unitIds: [unit.id],
    firstVersion: { effectiveFrom: '2025-01-01', reason: 'Initial terms', currency: 'TWD', taxRatePct: 5, atRiskPct: 0, poolPct: 100, earnBackMonths: 0, rateLines: [{ pricingModel: 'per_handled_contact', rate: '45.00' }], slas: [] },
  });
  const invoice = await submitVendorInvoice(seeded.ctx('vendor1', 'vendor_admin'), {
    contractId: contract.id,
    month: '2026-03',
    invoiceNumber: 'INV-AUTHZ',
    currency: 'TWD',
    totalMinor: 10500n,
    pdf: { fileName: 'invoice.pdf', bytes: MINIMAL_PDF },
  });
  return { vendorInvoiceId: invoice.id, contractId: contract.id };
}

const objects = { ownedBy: ['bank1', 'vendor1'] as ['bank1', 'vendor1'], create: bank1VendorInvoice };

/** Route rules of the vendor invoices (issue 7); merged into ROUTE_RULES. */
export const RECONCILIATION_RULES: Record<string, RouteRule> = {
  'app.vendor-invoices._index.tsx': { read: { path: '/app/vendor-invoices', access: 'read:contracts' } },
  'app.vendor-invoices.new.tsx': {
    read: { path: '/app/vendor-invoices/new', access: 'submit:invoices' },
    // Not a multipart body: the form is invalid for every vendor admin.
    write: { path: '/app/vendor-invoices/new', access: 'submit:invoices', ok: 422, form: {} },
  },
  'app.vendor-invoices.$vendorInvoiceId.tsx': {
    read: { path: '/app/vendor-invoices/:vendorInvoiceId', access: 'read:contracts' },
    // A dispute without a message is invalid; another org's invoice is a 404 before the form is read.
    write: { path: '/app/vendor-invoices/:vendorInvoiceId', access: 'run:billing', ok: 422, form: { decision: 'dispute', message: '' } },
    objects,
  },
  'app.vendor-invoices.$vendorInvoiceId_.pdf.tsx': { read: { path: '/app/vendor-invoices/:vendorInvoiceId/pdf', access: 'read:contracts' }, objects },
  'api.v1.vendor-invoices.ts': {
    read: { path: '/api/v1/vendor-invoices?month=2026-03', access: { api: 'read:contracts' } },
    // An empty body is invalid for every key allowed to submit.
    write: { path: '/api/v1/vendor-invoices', access: { api: 'submit:invoices' }, ok: 422, json: {} },
  },
  'api.v1.vendor-invoices.$vendorInvoiceId.ts': {
    read: { path: '/api/v1/vendor-invoices/:vendorInvoiceId', access: { api: 'read:contracts' } },
    write: API_GET_ONLY(`/api/v1/vendor-invoices/${NO_SUCH_ID}`),
    objects,
  },
};
