import { runBilling } from '../../../app/services/billing/invoices.server';
import type { TestDatabase } from '../../support/db';
import type { SeededTenants } from '../../support/tenants';
import { bank1VendorInvoice } from './rules-reconciliation';
import { API_GET_ONLY, NO_SUCH_ID } from './objects';
import type { RouteRule } from './rules';

/** A draft computed invoice of vendor1 on a fresh bank1 contract: bank1 and vendor1 see it, bank2 and vendor2 get 404. */
async function bank1Invoice(seeded: SeededTenants, handle: TestDatabase) {
  const { contractId } = await bank1VendorInvoice(seeded, handle);
  const invoice = await runBilling(seeded.ctx('bank1', 'finance'), { contractId, month: '2026-03' });
  return { invoiceId: invoice.id, contractId };
}

const invoiceObjects = { ownedBy: ['bank1', 'vendor1'] as ['bank1', 'vendor1'], create: bank1Invoice };
const contractObjects = { create: bank1Invoice };

/**
 * Route rules of the billing runs, invoices and exports (issue 7); merged into ROUTE_RULES. Reading a
 * computed invoice needs read:contracts (a vendor only its own contracts); running, adjusting, approving,
 * exports, accruals and settings need run:billing (client finance and owners).
 */
export const BILLING_RULES: Record<string, RouteRule> = {
  'app.billing._index.tsx': {
    read: { path: '/app/billing?month=2026-03', access: 'read:contracts' },
    // An empty form is invalid for every member allowed to run.
    write: { path: '/app/billing?index', access: 'run:billing', ok: 422 },
  },
  'app.billing.invoices.$invoiceId.tsx': {
    read: { path: '/app/billing/invoices/:invoiceId', access: 'read:contracts' },
    // No intent: invalid (422) after the invoice was looked up; another org's invoice is a 404 first.
    write: { path: '/app/billing/invoices/:invoiceId', access: 'run:billing', ok: 422, form: { intent: 'nothing' } },
    objects: invoiceObjects,
  },
  'app.billing.invoices.$invoiceId_.print.tsx': { read: { path: '/app/billing/invoices/:invoiceId/print', access: 'read:contracts' }, objects: invoiceObjects },
  'app.billing.accruals.tsx': { read: { path: '/app/billing/accruals?month=2026-03', access: 'run:billing', orgKind: { only: 'client', otherwise: 403 } } },
  'app.billing.exports.$file.tsx': { read: { path: '/app/billing/exports/2026-03.csv', access: 'run:billing', orgKind: { only: 'client', otherwise: 403 } } },
  'app.contracts.$contractId_.billing-settings.tsx': {
    read: { path: '/app/contracts/:contractId/billing-settings', access: 'run:billing' },
    write: { path: '/app/contracts/:contractId/billing-settings', access: 'run:billing', ok: 422, form: { roundingMode: 'sideways' } },
    objects: contractObjects,
  },
  'api.v1.invoices.ts': { read: { path: '/api/v1/invoices?month=2026-03', access: { api: 'read:contracts' } }, write: API_GET_ONLY('/api/v1/invoices') },
  'api.v1.invoices.$invoiceId.ts': {
    read: { path: '/api/v1/invoices/:invoiceId', access: { api: 'read:contracts' } },
    write: API_GET_ONLY(`/api/v1/invoices/${NO_SUCH_ID}`),
    objects: invoiceObjects,
  },
  'api.v1.invoices.$invoiceId.export[.]csv.ts': {
    read: { path: '/api/v1/invoices/:invoiceId/export.csv', access: { api: 'read:contracts' } },
    write: API_GET_ONLY(`/api/v1/invoices/${NO_SUCH_ID}/export.csv`),
    objects: invoiceObjects,
  },
  'api.v1.invoices.$invoiceId.export[.]xlsx.ts': {
    read: { path: '/api/v1/invoices/:invoiceId/export.xlsx', access: { api: 'read:contracts' } },
    write: API_GET_ONLY(`/api/v1/invoices/${NO_SUCH_ID}/export.xlsx`),
    objects: invoiceObjects,
  },
};
