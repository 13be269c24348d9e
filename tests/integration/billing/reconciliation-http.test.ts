import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../app/domain/permissions';
import { createApiKey } from '../../../app/services/api-keys.server';
import { getVendorInvoice } from '../../../app/services/billing/reconciliation.server';
import { listVendorInvoices } from '../../../app/services/billing/vendor-invoices.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import type { TenantName } from '../../support/tenants';
import { createReconWorld, engine, PDF, putComputedInvoice, usageLines, type ReconWorld } from './reconciliation-support';

let w: ReconWorld;
let app: TestApp;
const computed = usageLines(4);

beforeAll(async () => {
  w = await createReconWorld();
  app = await createTestApp(w.handle);
  await putComputedInvoice(w, 'vendor1', '2026-03', computed);
  // A fresh database, seeded world and server: slow on a shared, loaded machine.
}, 180_000);
afterAll(() => w?.close());

const cookieOf = (tenant: TenantName, role: Role) => sessionCookieFor(w.handle.db, w.seeded.userOf(tenant, role).id);
async function get(tenant: TenantName, role: Role, path: string) {
  const response = await app.request(path, { cookie: await cookieOf(tenant, role) });
  return { status: response.status, headers: response.headers, html: await response.text() };
}
async function postForm(tenant: TenantName, role: Role, path: string, form: Record<string, string>) {
  const response = await app.request(path, { method: 'POST', cookie: await cookieOf(tenant, role), form });
  return { status: response.status, html: await response.text() };
}

/** The submission form as the browser posts it: multipart, the PDF last. */
async function submitForm(fields: Record<string, string>, pdf: { name: string; bytes: Uint8Array; type?: string } | null) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (pdf) body.append('pdf', new Blob([new Uint8Array(pdf.bytes)], { type: pdf.type ?? 'application/pdf' }), pdf.name);
  const response = await app.request('/app/vendor-invoices/new', { method: 'POST', cookie: await cookieOf('vendor1', 'vendor_admin'), body, headers: { origin: app.origin } });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

// Amounts typed in TWD major units: 1000 contacts × 45.00 = 45000.00.
const FORM = {
  contractId: '',
  month: '2026-03',
  invoiceNumber: 'V1-MAR',
  currency: 'TWD',
  total: '',
  'lines[0].lineKey': 'usage:per_handled_contact:voice:q1',
  'lines[0].description': 'Handled contacts, queue 1',
  'lines[0].quantity': '1000',
  'lines[0].rate': '45',
  'lines[0].amount': '45,000.00',
  'lines[1].lineKey': 'usage:per_handled_contact:voice:q2',
  'lines[1].description': 'Handled contacts, queue 2',
  'lines[1].amount': '45045.00',
  'lines[2].lineKey': '',
  'lines[2].description': '',
  'lines[2].amount': '',
  'lines[3].lineKey': 'usage:per_handled_contact:voice:q3',
  'lines[3].description': 'Handled contacts, queue 3',
  'lines[3].amount': '45200.00',
  'lines[4].lineKey': 'usage:per_handled_contact:voice:q4',
  'lines[4].description': 'Handled contacts, queue 4',
  'lines[4].amount': '45135.00',
};

describe(`vendor invoice pages (${engine})`, () => {
  let invoiceId = '';

  it('the vendor submits through the form (typed lines, PDF); a wrong line is flagged on both sides', async () => {
    const fields = { ...FORM, contractId: w.world.contractIds.vendor1!, total: '180380.00' };
    const posted = await submitForm(fields, { name: 'march.pdf', bytes: PDF });
    expect(posted.status, posted.html.slice(0, 500)).toBe(302);
    invoiceId = /\/app\/vendor-invoices\/([0-9a-f-]{36})\?submitted=1$/.exec(posted.location ?? '')![1]!;
    const stored = await getVendorInvoice(w.seeded.ctx('bank1', 'finance'), invoiceId);
    expect(stored.totalMinor).toBe('18038000');
    expect(stored.lines.map((l) => l.amountMinor)).toEqual(['4500000', '4504500', '4520000', '4513500']);
    expect(stored.pdf?.fileName).toBe('march.pdf');

    for (const [tenant, role] of [
      ['vendor1', 'vendor_admin'],
      ['bank1', 'finance'],
    ] as const) {
      const page = await get(tenant, role, `/app/vendor-invoices/${invoiceId}`);
      expect(page.status).toBe(200);
      const flagged = [...page.html.matchAll(/<tr data-flagged="true" data-status="([a-z_]+)" data-line-key="([^"]*)"/g)].map((m) => m[2]);
      // Queue 3 is 45200.00 against 45090.00 computed: the only flagged line (the total too).
      expect(flagged).toEqual(['usage:per_handled_contact:voice:q3']);
      expect(page.html).toContain('Flagged');
      expect(page.html).toContain(`href="/app/vendor-invoices/${invoiceId}/pdf"`);
      expect(page.html).toMatch(/data-testid="total" data-flagged="true"/);
    }
  });

  it('the form rejects a non-PDF and a foreign currency with clear messages, storing nothing', async () => {
    const before = (await listVendorInvoices(w.seeded.ctx('vendor1', 'vendor_admin'))).length;
    const fields = { ...FORM, contractId: w.world.contractIds.vendor1!, total: '1.00' };
    const notPdf = await submitForm(fields, { name: 'invoice.pdf', bytes: new TextEncoder().encode('PK\u0003\u0004 zip'), type: 'application/pdf' });
    expect(notPdf.status).toBe(422);
    expect(notPdf.html).toContain('The file is not a PDF.');
    const usd = await submitForm({ ...fields, currency: 'USD' }, { name: 'invoice.pdf', bytes: PDF });
    expect(usd.status).toBe(422);
    expect(usd.html).toContain('The currency must be the contract&#x27;s currency for that month.');
    const noPdf = await submitForm(fields, null);
    expect(noPdf.status).toBe(422);
    expect(noPdf.html).toContain('Attach the invoice PDF.');
    expect((await listVendorInvoices(w.seeded.ctx('vendor1', 'vendor_admin'))).length).toBe(before);
  });

  it('a CSV of lines with a bad cell is refused naming its row and column', async () => {
    const body = new FormData();
    for (const [k, v] of Object.entries({ contractId: w.world.contractIds.vendor1!, month: '2026-03', invoiceNumber: 'CSV-1', currency: 'TWD', total: '10.00' })) body.append(k, v);
    body.append('linesCsv', new Blob(['description,amount\nFee,10.00\nOther,ten\n'], { type: 'text/csv' }), 'lines.csv');
    body.append('pdf', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'x.pdf');
    const response = await app.request('/app/vendor-invoices/new', { method: 'POST', cookie: await cookieOf('vendor1', 'vendor_admin'), body, headers: { origin: app.origin } });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Row 3, column amount:');
    expect(html).toContain('Enter an amount such as 1234.50.');
  });

  it('serves the PDF as an attachment to both sides, and to no one else', async () => {
    for (const [tenant, role] of [
      ['bank1', 'finance'],
      ['vendor1', 'vendor_reporter'],
    ] as const) {
      const response = await app.request(`/app/vendor-invoices/${invoiceId}/pdf`, { cookie: await cookieOf(tenant, role) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="march\.pdf"/);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);
    }
    expect((await get('vendor2', 'vendor_admin', `/app/vendor-invoices/${invoiceId}/pdf`)).status).toBe(404);
    expect((await get('bank2', 'finance', `/app/vendor-invoices/${invoiceId}/pdf`)).status).toBe(404);
  });

  it('the vendor cannot decide (403); another vendor and another client get 404', async () => {
    expect((await postForm('vendor1', 'vendor_admin', `/app/vendor-invoices/${invoiceId}`, { decision: 'accept' })).status).toBe(403);
    expect((await get('vendor2', 'vendor_admin', `/app/vendor-invoices/${invoiceId}`)).status).toBe(404);
    expect((await get('bank2', 'finance', `/app/vendor-invoices/${invoiceId}`)).status).toBe(404);
    expect((await postForm('bank2', 'finance', `/app/vendor-invoices/${invoiceId}`, { decision: 'accept' })).status).toBe(404);
  });

  it("finance disputes with a message; the vendor's page shows it", async () => {
    const empty = await postForm('bank1', 'finance', `/app/vendor-invoices/${invoiceId}`, { decision: 'dispute', message: '' });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('Required.');
    const done = await postForm('bank1', 'finance', `/app/vendor-invoices/${invoiceId}`, { decision: 'dispute', message: 'Queue 3 counts 1002 contacts, not 1004.' });
    expect(done.status).toBe(200);
    const vendorPage = await get('vendor1', 'vendor_admin', `/app/vendor-invoices/${invoiceId}`);
    expect(vendorPage.html).toContain('data-testid="decision-message"');
    expect(vendorPage.html).toContain('Queue 3 counts 1002 contacts, not 1004.');
    expect(vendorPage.html).toContain('Disputed');
    expect(vendorPage.html).toContain('Submit a corrected invoice for this month');
    // The lists: the vendor's grid and the client's month list.
    const vendorList = await get('vendor1', 'vendor_admin', '/app/vendor-invoices');
    expect(vendorList.html).toContain('data-testid="vendor-invoice-grid"');
    const clientList = await get('bank1', 'finance', '/app/vendor-invoices?month=2026-03');
    expect(clientList.html).toContain(`data-vendor-invoice="${invoiceId}"`);
  });

  it('finance accepts with an adjustment through the form', async () => {
    const fields = { ...FORM, contractId: w.world.contractIds.vendor1!, invoiceNumber: 'V1-MAR-B', total: '180270.00', 'lines[3].amount': '45090.00' };
    const posted = await submitForm(fields, { name: 'march-b.pdf', bytes: PDF });
    expect(posted.status).toBe(302);
    const id = /([0-9a-f-]{36})/.exec(posted.location!)![1]!;
    const bad = await postForm('bank1', 'finance', `/app/vendor-invoices/${id}`, { decision: 'accept_with_adjustment', adjustment: '-1.234', reason: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('The currency has fewer decimals than that.');
    const ok = await postForm('bank1', 'finance', `/app/vendor-invoices/${id}`, { decision: 'accept_with_adjustment', adjustment: '-90.00', reason: 'Rounding of handled contacts' });
    expect(ok.status).toBe(200);
    const after = await getVendorInvoice(w.seeded.ctx('vendor1', 'vendor_admin'), id);
    expect(after).toMatchObject({ status: 'accepted_with_adjustment', adjustmentMinor: '-9000' });
  });
});

describe(`vendor invoices API (${engine})`, () => {
  it('a vendor key submits JSON; the month list and the reconciliation come back; others get 404', async () => {
    const vendorKey = (await createApiKey(w.seeded.ctx('vendor2', 'vendor_admin'), { name: 'erp', role: 'vendor_admin' })).secret;
    const clientKey = (await createApiKey(w.seeded.ctx('bank1', 'owner'), { name: 'erp', role: 'finance' })).secret;
    const otherKey = (await createApiKey(w.seeded.ctx('vendor1', 'vendor_admin'), { name: 'erp', role: 'vendor_admin' })).secret;
    const auth = (key: string) => ({ authorization: `Bearer ${key}` });
    await putComputedInvoice(w, 'vendor2', '2026-04', usageLines(2));
    const body = { contractId: w.world.contractIds.vendor2!, month: '2026-04', invoiceNumber: 'API-1', currency: 'TWD', totalMinor: '9004500', lines: [{ lineKey: 'usage:per_handled_contact:voice:q1', description: 'Q1', amountMinor: '4500000' }, { description: 'Handled contacts, queue 2', amountMinor: 4504500 }] };

    const usd = await app.request('/api/v1/vendor-invoices', { method: 'POST', headers: auth(vendorKey), json: { ...body, currency: 'USD' } });
    expect(usd.status).toBe(422);
    const usdBody = (await usd.json()) as { error: { code: string; message: string; details: { issues: { path: string[] }[] } } };
    expect(usdBody.error.message).toBe("The invoice currency USD is not the contract's currency TWD");
    expect(usdBody.error.details.issues[0]!.path).toEqual(['currency']);

    const created = await app.request('/api/v1/vendor-invoices', { method: 'POST', headers: auth(vendorKey), json: body });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const list = (await (await app.request('/api/v1/vendor-invoices?month=2026-04', { headers: auth(clientKey) })).json()) as { vendorInvoices: { id: string; pdf: unknown }[] };
    expect(list.vendorInvoices.map((i) => i.id)).toEqual([id]);
    expect(list.vendorInvoices[0]!.pdf).toBeNull();

    const detail = (await (await app.request(`/api/v1/vendor-invoices/${id}`, { headers: auth(clientKey) })).json()) as { reconciliation: { mode: string; isClean: boolean; rows: { matchedBy: string; isFlagged: boolean }[] } };
    expect(detail.reconciliation).toMatchObject({ mode: 'lines', isClean: true });
    expect(detail.reconciliation.rows.map((r) => r.matchedBy)).toEqual(['line_key', 'description']);

    expect((await app.request(`/api/v1/vendor-invoices/${id}`, { headers: auth(otherKey) })).status).toBe(404);
    expect((await app.request('/api/v1/vendor-invoices', { method: 'POST', headers: auth(clientKey), json: body })).status).toBe(403);
  });
});
