import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { billingAdjustments, invoiceLines, invoices } from '../../../db/schema/index';
import { withTenant } from '../../../db/tenant';
import { createApiKey } from '../../../app/services/api-keys.server';
import { addAdjustment } from '../../../app/services/billing/adjustments.server';
import { approveInvoice, getInvoice, runBilling, type InvoiceDto } from '../../../app/services/billing/invoices.server';
import { updateBillingSettings } from '../../../app/services/billing/settings.server';
import { closeMonth } from '../../../app/services/sla/close.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { createSlaWorld, engine, makeContractUnit, type ContractUnit, type SlaWorld } from '../sla/support';
import { billingCsv, uploadMonth } from './support';

let world: SlaWorld;
let unit: ContractUnit;
let app: TestApp;
let april: InvoiceDto;
const finance = () => world.seeded.ctx('bank1', 'finance');
const AFTER_MAY = new Date('2026-06-10T00:00:00Z');

beforeAll(async () => {
  world = await createSlaWorld();
  // 45.00 per handled contact, tax 5 %, no SLA.
  unit = await makeContractUnit(world, { terms: { slas: [] } });
  await uploadMonth(world, unit, 'vendor1', billingCsv('2026-04', { offered: 10, handled: 9, answered_within_threshold: 8, abandoned: 1, wait_s: 90, talk_s: 1800, hold_s: 0, wrap_s: 0, staffed_s: 0 }));
  await updateBillingSettings(finance(), unit.contractId, { roundingMode: 'half_up', vendorTaxId: '=cmd|calc', glAccount: '6100', costCenter: '+CC-1', tolerance: '1' });
  await closeMonth(finance(), { contractId: unit.contractId, month: '2026-04', now: new Date('2026-05-05T00:00:00Z') });
  april = await runBilling(finance(), { contractId: unit.contractId, month: '2026-04' });
  april = await approveInvoice(finance(), { invoiceId: april.id });
  app = await createTestApp(world.handle);
}, 120_000);
afterAll(() => world?.close());

describe(`the month lock (${engine})`, () => {
  it('has the hand-computed approved totals', () => {
    // 120 intervals × 9 handled = 1,080 × 45.00 = 48,600.00; tax 5 % = 2,430.00; total 51,030.00
    expect(april).toMatchObject({ status: 'approved', subtotalMinor: '4860000', taxMinor: '243000', totalMinor: '5103000' });
  });

  it('the service refuses every edit of an approved month with 409, touching nothing', async () => {
    await expect(runBilling(finance(), { contractId: unit.contractId, month: '2026-04' })).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    await expect(approveInvoice(finance(), { invoiceId: april.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(addAdjustment(finance(), { contractId: unit.contractId, month: '2026-04', kind: 'adjustment', description: 'Late fix', reason: 'oops', amount: '-10' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await getInvoice(finance(), april.id)).totalMinor).toBe('5103000');
  });

  it('the database refuses them too, for the tenant role (row-level security)', async () => {
    const asTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(world.db, { orgId: unit.clientOrgId }, fn);
    // drizzle wraps the driver's error ("Failed query: …"); the database's reason is its cause.
    const rlsRefusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: { message?: string; cause?: { message?: string } }) => `${e.cause?.message ?? ''} ${e.message ?? ''}`);
    // UPDATE: the restrictive policy hides the approved row, so nothing is updated.
    const updated = await asTenant((tx) => tx.update(invoices).set({ totalMinor: 0n }).where(eq(invoices.id, april.id)).returning({ id: invoices.id }));
    expect(updated).toEqual([]);
    const deleted = await asTenant((tx) => tx.delete(invoices).where(eq(invoices.id, april.id)).returning({ id: invoices.id }));
    expect(deleted).toEqual([]);
    expect(
      await rlsRefusal(
        asTenant((tx) =>
          tx.insert(invoiceLines).values({ clientOrgId: unit.clientOrgId, invoiceId: april.id, position: 99, vendorOrgId: unit.vendorOrgId, kind: 'adjustment', lineKey: 'x', description: 'x', quantity: '1', quantityUnit: 'items', amountMinor: 1n, taxMinor: 0n, source: { kind: 'adjustment' } }),
        ),
      ),
    ).toMatch(/row-level security/);
    expect(
      await rlsRefusal(
        asTenant((tx) => tx.insert(billingAdjustments).values({ clientOrgId: unit.clientOrgId, contractId: unit.contractId, vendorOrgId: unit.vendorOrgId, month: '2026-04', kind: 'adjustment', description: 'x', reason: 'x', amountMinor: 1n, createdByLabel: 'x' })),
      ),
    ).toMatch(/row-level security/);
    const lineUpdate = await asTenant((tx) => tx.update(invoiceLines).set({ amountMinor: 0n }).where(eq(invoiceLines.invoiceId, april.id)).returning({ p: invoiceLines.position }));
    expect(lineUpdate).toEqual([]);
    const [row] = await asTenant((tx) => tx.execute(sql`select total_minor::text as t from invoices where id = ${april.id}`).then((r) => ((r as unknown as { rows?: unknown[] }).rows ?? r) as { t: string }[]));
    expect(row!.t).toBe('5103000');
  });

  it('a correction is a credit note in a later open month, shown as its own line', async () => {
    const { invoiceId } = await addAdjustment(finance(), { contractId: unit.contractId, month: '2026-05', kind: 'credit_note', correctsMonth: '2026-04', description: '=HYPERLINK("http://evil")', reason: 'April overbilled by 20 contacts', amount: '-900' }, AFTER_MAY);
    const may = await getInvoice(finance(), invoiceId);
    const note = may.lines.find((l) => l.kind === 'credit_note')!;
    // -900.00, tax 5 % = -45.00
    expect(note).toMatchObject({ amountMinor: '-90000', taxMinor: '-4500', source: { kind: 'adjustment', month: '2026-04', note: 'April overbilled by 20 contacts' } });
    expect(note.description).toContain('(corrects 2026-04)');
    await expect(addAdjustment(finance(), { contractId: unit.contractId, month: '2026-05', kind: 'credit_note', correctsMonth: '2026-05', description: 'x', reason: 'x', amount: '-1' }, AFTER_MAY)).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
  });

  it('the page shows the lock without edit buttons, and its form posts answer 409', async () => {
    const cookie = await sessionCookieFor(world.db, world.seeded.userOf('bank1', 'finance').id);
    const page = await app.request(`/app/billing/invoices/${april.id}`, { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="locked-banner"');
    expect(html).not.toContain('name="intent" value="approve"');
    expect(html).not.toContain('value="adjust"');
    const forms: Record<string, string>[] = [{ intent: 'rerun' }, { intent: 'approve' }, { intent: 'adjust', kind: 'adjustment', description: 'x', reason: 'y', amount: '5' }];
    for (const form of forms) {
      const posted = await app.request(`/app/billing/invoices/${april.id}`, { method: 'POST', cookie, form });
      expect(posted.status, JSON.stringify(form)).toBe(409);
    }
    const list = await app.request('/app/billing?index', { method: 'POST', cookie, form: { contractId: unit.contractId, month: '2026-04' } });
    expect(list.status).toBe(409);
  });

  it('the API returns the page’s data; a vendor of another contract gets 404', async () => {
    const key = await createApiKey(world.seeded.ctx('bank1', 'owner'), { name: 'erp', role: 'finance' });
    const res = await app.request(`/api/v1/invoices/${april.id}`, { headers: { authorization: `Bearer ${key.secret}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; totalMinor: string; lines: unknown[] };
    expect(body).toMatchObject({ status: 'approved', totalMinor: '5103000' });
    expect(body.lines).toHaveLength(1);
    const list = (await (await app.request('/api/v1/invoices?month=2026-04', { headers: { authorization: `Bearer ${key.secret}` } })).json()) as { contracts: { invoice: { id: string } | null }[] };
    expect(list.contracts.some((c) => c.invoice?.id === april.id)).toBe(true);
    const mine = await createApiKey(world.seeded.ctx('vendor1', 'vendor_admin'), { name: 'v1', role: 'vendor_reporter' });
    expect((await app.request(`/api/v1/invoices/${april.id}`, { headers: { authorization: `Bearer ${mine.secret}` } })).status).toBe(200);
    const other = await createApiKey(world.seeded.ctx('vendor2', 'vendor_admin'), { name: 'v2', role: 'vendor_admin' });
    expect((await app.request(`/api/v1/invoices/${april.id}`, { headers: { authorization: `Bearer ${other.secret}` } })).status).toBe(404);
    expect((await app.request(`/api/v1/invoices/${april.id}/export.csv`, { headers: { authorization: `Bearer ${other.secret}` } })).status).toBe(404);
    const vendor2Cookie = await sessionCookieFor(world.db, world.seeded.userOf('vendor2', 'vendor_admin').id);
    expect((await app.request(`/app/billing/invoices/${april.id}`, { cookie: vendor2Cookie })).status).toBe(404);
  });
});

describe(`ERP exports (${engine})`, () => {
  const EXPECTED_HEADER = 'Vendor,Vendor tax ID,Contract,Period,GL account,Cost center,Invoice status,Line,Line kind,Description,Quantity,Unit,Rate,Amount,Tax,Currency';

  it('the month CSV: BOM, CRLF, ERP columns, formula injection neutralised, approved invoices only', async () => {
    const cookie = await sessionCookieFor(world.db, world.seeded.userOf('bank1', 'finance').id);
    const res = await app.request('/app/billing/exports/2026-04.csv', { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text.slice(1).split('\r\n');
    expect(rows[0]).toBe(EXPECTED_HEADER);
    expect(rows.at(-1)).toBe('');
    expect(rows).toHaveLength(3); // header, one line, the final CRLF
    // The tax id '=cmd|calc' and the cost center '+CC-1' are text a spreadsheet must not evaluate.
    expect(rows[1]).toContain(",'=cmd|calc,");
    expect(rows[1]).toContain(",6100,'+CC-1,approved,1,usage,");
    // 1,080 × 45 = 48,600; tax 2,430
    expect(rows[1]!.endsWith(',1080,contacts,45,48600,2430,TWD')).toBe(true);
    // May is a draft: not in May's export.
    const may = new TextDecoder().decode(await (await app.request('/app/billing/exports/2026-05.csv', { cookie })).arrayBuffer());
    expect(may.split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it('one invoice’s CSV escapes a formula in a line description', async () => {
    const key = await createApiKey(world.seeded.ctx('bank1', 'owner'), { name: 'erp2', role: 'finance' });
    const listed = (await (await app.request('/api/v1/invoices?month=2026-05', { headers: { authorization: `Bearer ${key.secret}` } })).json()) as { contracts: { contractId: string; invoice: { id: string } | null }[] };
    const mayId = listed.contracts.find((c) => c.contractId === unit.contractId)!.invoice!.id;
    const csv = await (await app.request(`/api/v1/invoices/${mayId}/export.csv`, { headers: { authorization: `Bearer ${key.secret}` } })).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"") (corrects 2026-04)"`);
    expect(csv).toContain(',-900,-45,TWD');
  });

  it('the invoice page offers its own CSV and XLSX (a draft too) to finance; a vendor gets a 403, another bank and a malformed name a 404', async () => {
    const key = await createApiKey(world.seeded.ctx('bank1', 'owner'), { name: 'erp3', role: 'finance' });
    const listed = (await (await app.request('/api/v1/invoices?month=2026-05', { headers: { authorization: `Bearer ${key.secret}` } })).json()) as { contracts: { contractId: string; invoice: { id: string } | null }[] };
    const mayId = listed.contracts.find((c) => c.contractId === unit.contractId)!.invoice!.id;
    const cookie = await sessionCookieFor(world.db, world.seeded.userOf('bank1', 'finance').id);
    const page = await (await app.request(`/app/billing/invoices/${mayId}`, { cookie })).text();
    expect(page).toContain(`href="/app/billing/exports/invoice-${mayId}.csv"`);
    expect(page).toContain(`href="/app/billing/exports/invoice-${mayId}.xlsx"`);
    const csv = await app.request(`/app/billing/exports/invoice-${mayId}.csv`, { cookie });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain(`invoice-${mayId}.csv`);
    // The same file as the API's export of that invoice.
    const viaApi = await (await app.request(`/api/v1/invoices/${mayId}/export.csv`, { headers: { authorization: `Bearer ${key.secret}` } })).text();
    expect(await csv.text()).toBe(viaApi);
    const xlsx = await app.request(`/app/billing/exports/invoice-${mayId}.xlsx`, { cookie });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets[0]!.rowCount).toBe(viaApi.split('\r\n').filter(Boolean).length);
    const vendorCookie = await sessionCookieFor(world.db, world.seeded.userOf('vendor1', 'vendor_admin').id);
    expect((await app.request(`/app/billing/exports/invoice-${mayId}.csv`, { cookie: vendorCookie })).status).toBe(403);
    const otherBank = await sessionCookieFor(world.db, world.seeded.userOf('bank2', 'finance').id);
    expect((await app.request(`/app/billing/exports/invoice-${mayId}.csv`, { cookie: otherBank })).status).toBe(404);
    expect((await app.request('/app/billing/exports/invoice-nope.csv', { cookie })).status).toBe(404);
  });

  it('the month XLSX holds the same columns and its amounts add up to the page’s total', async () => {
    const cookie = await sessionCookieFor(world.db, world.seeded.userOf('bank1', 'finance').id);
    const res = await app.request('/app/billing/exports/2026-04.xlsx', { cookie });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1).join(',')).toBe(EXPECTED_HEADER);
    let amount = 0;
    let tax = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      amount += Number(row.getCell(14).value);
      tax += Number(row.getCell(15).value);
    });
    // 48,600.00 + 2,430.00 = 51,030.00 = the invoice total
    expect(amount + tax).toBe(51_030);
    expect(Math.round((amount + tax) * 100)).toBe(Number(april.totalMinor));
    expect(sheet.getRow(2).getCell(2).value).toBe('=cmd|calc'); // a string cell, never a formula
  });
});
