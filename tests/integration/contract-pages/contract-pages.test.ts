import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contractVersions } from '../../../db/schema/index';
import type { Role } from '../../../app/domain/permissions';
import { getContract, listContracts } from '../../../app/services/contracts.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants, type TenantName } from '../../support/tenants';
import { seedClientWorld, type ClientWorld } from '../programs/seed';
import { fieldErrorText, formFieldsOf, inputValue, prefilledValues } from './helpers';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let bank1: ClientWorld;
let bank2: ClientWorld;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  bank1 = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1', 'vendor2']);
  bank2 = await seedClientWorld(handle.db, seeded, 'bank2', ['vendor1']);
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

const cookieOf = (tenant: TenantName, role: Role) => sessionCookieFor(handle.db, seeded.userOf(tenant, role).id);
async function page(tenant: TenantName, role: Role, path: string, headers?: Record<string, string>) {
  const response = await app.request(path, { cookie: await cookieOf(tenant, role), headers });
  return { status: response.status, html: await response.text() };
}
const versionCount = async (contractId: string) => (await handle.db.select().from(contractVersions).where(eq(contractVersions.contractId, contractId))).length;

describe(`contract pages (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('lists the contracts each org may see; only writers get "New contract"', async () => {
    const owner = await page('bank1', 'program_manager', '/app/contracts');
    expect(owner.status).toBe(200);
    expect(owner.html).toContain('bank1 × vendor1');
    expect(owner.html).toContain('bank1 × vendor2');
    expect(owner.html).not.toContain('bank2 × vendor1');
    expect(owner.html).toContain('href="/app/contracts/new"');
    expect(owner.html).toMatch(/vendor1 site \(Cards hotline of bank1\)/);

    const viewer = await page('bank1', 'viewer', '/app/contracts');
    expect(viewer.status).toBe(200);
    expect(viewer.html).toContain('bank1 × vendor2');
    expect(viewer.html).not.toContain('href="/app/contracts/new"');

    const vendor = await page('vendor1', 'vendor_reporter', '/app/contracts');
    expect(vendor.status).toBe(200);
    expect(vendor.html).toContain('bank1 × vendor1');
    expect(vendor.html).toContain('bank2 × vendor1');
    expect(vendor.html).not.toContain('bank1 × vendor2');
    expect(vendor.html).not.toContain('href="/app/contracts/new"');
  });

  it('the contract page shows the rate card, the SLAs and the versions', async () => {
    const { status, html } = await page('bank1', 'viewer', `/app/contracts/${bank1.contractIds.vendor1}`);
    expect(status).toBe(200);
    expect(html).toContain('data-testid="rate-card"');
    expect(html).toContain('Per handled contact');
    expect(html).toMatch(/NT\$45\.00/);
    expect(html).toContain('at cost');
    expect(html).toContain('Service level');
    expect(html).toMatch(/≥(<!-- -->)? (<!-- -->)?80%/);
    expect(html).toMatch(/negative|Negative/);
    expect(html).toContain('key measurement');
    expect(html).toContain('Initial terms');
    expect(html).not.toContain('/versions/new'); // a viewer may not write
    expect((html.match(/data-testid="version-row"/g) ?? []).length).toBe(1);
  });

  it('a refused version shows each error next to its field, in the user language, keeps the values and writes nothing', async () => {
    const contractId = bank1.contractIds.vendor2!;
    const values = await prefilledValues(seeded.ctx('bank1', 'program_manager'), contractId);
    values.effectiveFrom = '2025-03-01';
    values.reason = 'Bad terms';
    values.slas[1]!.target = '150'; // abandonment rate above 100 %
    const cookie = await cookieOf('bank1', 'program_manager');
    const post = (headers?: Record<string, string>) => app.request(`/app/contracts/${contractId}/versions/new`, { method: 'POST', cookie, headers, form: formFieldsOf(values) });
    const outOfRange = await post();
    expect(outOfRange.status).toBe(422);
    const html = await outOfRange.text();
    expect(fieldErrorText(html, 'f-slas-1-target')).toBe('The target is outside the range this KPI can take.');
    expect(html).toContain('href="#f-slas-1-target"');
    expect(html).toMatch(/id="f-slas-1-target"[^>]*aria-describedby="[^"]*f-slas-1-target-error/);
    expect(inputValue(html, 'slas[1].target')).toBe('150');
    expect(inputValue(html, 'reason')).toBe('Bad terms');

    values.slas[1]!.target = '5';
    values.slas[2]!.allocationPct = '50'; // 40 + 30 + 50 > the 100 % pool
    const overPool = await post();
    expect(overPool.status).toBe(422);
    expect(fieldErrorText(await overPool.text(), 'f-slas-2-allocationPct')).toBe('The allocations add up to more than the pool.');
    expect(await versionCount(contractId)).toBe(1);

    values.slas[2]!.allocationPct = '30';
    values.effectiveFrom = '2024-12-01'; // before version 1
    const overlapping = await post({ 'accept-language': 'zh-TW' });
    expect(overlapping.status).toBe(422);
    const zh = await overlapping.text();
    expect(fieldErrorText(zh, 'f-effectiveFrom')).toBe('新版本須晚於此合約所有既有版本的生效日與結束日。');
    expect(zh).toContain('請修正下列項目');
    expect(await versionCount(contractId)).toBe(1);
  });

  it('a valid new version redirects to the contract, which shows both versions and the diff', async () => {
    const contractId = bank1.contractIds.vendor1!;
    const cookie = await cookieOf('bank1', 'program_manager');
    const editor = await app.request(`/app/contracts/${contractId}/versions/new`, { cookie });
    expect(editor.status).toBe(200);
    const editorHtml = await editor.text();
    expect(inputValue(editorHtml, 'slas[0].target')).toBe('80');
    expect(inputValue(editorHtml, 'rateLines[0].rate')).toBe('45');

    const values = await prefilledValues(seeded.ctx('bank1', 'program_manager'), contractId);
    values.effectiveFrom = '2025-02-01';
    values.reason = 'Peak season: stricter service level';
    values.slas[0]!.target = '85';
    const response = await app.request(`/app/contracts/${contractId}/versions/new`, { method: 'POST', cookie, form: formFieldsOf(values) });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/app/contracts/${contractId}`);

    const { html } = await page('bank1', 'viewer', `/app/contracts/${contractId}`);
    expect((html.match(/data-testid="version-row"/g) ?? []).length).toBe(2);
    expect(html).toContain('Peak season: stricter service level');
    expect(html).toContain('SLA Service level, Target: 80% → 85%');
    const zh = await page('bank1', 'viewer', `/app/contracts/${contractId}`, { 'accept-language': 'zh-TW' });
    expect(zh.html).toContain('SLA 服務水準，目標值：80% → 85%');
    const zhHistory = /<ol class="contract-history".*?<\/ol>/s.exec(zh.html)?.[0] ?? '';
    expect(zhHistory).toContain('生效日：');
    expect(zhHistory).not.toMatch(/service_level|target|effective from/);
    const older = await page('bank1', 'viewer', `/app/contracts/${contractId}?version=1`);
    expect(older.html).toContain('Terms of version 1');
    expect((await page('bank1', 'viewer', `/app/contracts/${contractId}?version=9`)).status).toBe(404);

    const detail = await getContract(seeded.ctx('bank1', 'viewer'), contractId);
    expect(detail.versions.map((v) => v.slas.length)).toEqual([5, 5]); // the blank rows were ignored
    const audit = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'contract.version.create'), eq(auditEvents.objectId, contractId)));
    expect(audit).toHaveLength(2);
  });

  it('only contract writers reach the editor: viewer, finance and vendors get 403', async () => {
    const path = `/app/contracts/${bank1.contractIds.vendor1}/versions/new`;
    for (const [tenant, role] of [['bank1', 'viewer'], ['bank1', 'finance'], ['vendor1', 'vendor_admin'], ['vendor1', 'vendor_reporter']] as const) {
      expect((await page(tenant, role, path)).status, `${tenant} ${role}`).toBe(403);
      const post = await app.request(path, { method: 'POST', cookie: await cookieOf(tenant, role), form: { reason: 'x' } });
      expect(post.status, `${tenant} ${role} post`).toBe(403);
    }
    expect((await page('bank1', 'finance', '/app/contracts/new')).status).toBe(403);
    expect((await page('vendor1', 'vendor_admin', '/app/contracts/new')).status).toBe(403);
  });

  it("a vendor sees its own contract's terms and a 404 for another vendor's; another bank gets 404", async () => {
    const own = await page('vendor1', 'vendor_reporter', `/app/contracts/${bank1.contractIds.vendor1}`);
    expect(own.status).toBe(200);
    expect(own.html).toContain('data-testid="sla-table"');
    expect(own.html).not.toContain('Taipei in-house');
    expect((await page('vendor1', 'vendor_reporter', `/app/contracts/${bank1.contractIds.vendor2}`)).status).toBe(404);
    expect((await page('vendor2', 'vendor_admin', `/app/contracts/${bank2.contractIds.vendor1}`)).status).toBe(404);
    expect((await page('bank2', 'owner', `/app/contracts/${bank1.contractIds.vendor1}`)).status).toBe(404);
    expect((await page('bank2', 'owner', `/app/contracts/${bank1.contractIds.vendor1}/versions/new`)).status).toBe(404);
    const foreignPost = await app.request(`/app/contracts/${bank1.contractIds.vendor1}/versions/new`, { method: 'POST', cookie: await cookieOf('bank2', 'owner'), form: formFieldsOf(await prefilledValues(seeded.ctx('bank1', 'owner'), bank1.contractIds.vendor1!)) });
    expect(foreignPost.status).toBe(404);
    expect((await page('bank1', 'owner', '/app/contracts/not-a-uuid')).status).toBe(404);
    expect((await page('bank1', 'owner', '/app/contracts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('creates a contract with its first version from the form; a refused one writes nothing', async () => {
    const cookie = await cookieOf('bank2', 'program_manager');
    const form = await app.request('/app/contracts/new', { cookie });
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain(`value="${bank2.vendorUnitIds.vendor1}"`);
    expect(formHtml).not.toContain(bank2.inHouseUnitId);

    const values = await prefilledValues(seeded.ctx('bank1', 'owner'), bank1.contractIds.vendor2!);
    values.effectiveFrom = '2025-06-01';
    values.reason = 'Overflow contract';
    const fields = { ...formFieldsOf(values), name: 'Overflow', vendorOrgId: seeded.orgs.vendor1.id };
    const refused = await app.request('/app/contracts/new', { method: 'POST', cookie, form: fields });
    expect(refused.status).toBe(422);
    expect(fieldErrorText(await refused.text(), 'f-unitIds')).toBe('Choose at least one unit the contract covers.');

    // A scope outside the covered units is refused inside the transaction: no contract is left behind.
    const outOfScope = new URLSearchParams({ ...fields, 'slas[0].scopeUnitId': bank2.inHouseUnitId });
    outOfScope.append('unitIds', bank2.vendorUnitIds.vendor1!);
    const refusedScope = await app.request('/app/contracts/new', { method: 'POST', cookie, body: outOfScope, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin } });
    expect(refusedScope.status).toBe(422);
    expect(fieldErrorText(await refusedScope.text(), 'f-slas-0-scopeUnitId')).toBe('This unit or queue is not covered by the contract.');
    expect((await listContracts(seeded.ctx('bank2', 'viewer'))).map((c) => c.name)).not.toContain('Overflow');

    const body = new URLSearchParams({ ...fields });
    body.append('unitIds', bank2.vendorUnitIds.vendor1!);
    const created = await app.request('/app/contracts/new', { method: 'POST', cookie, body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin } });
    expect(created.status).toBe(302);
    const location = created.headers.get('location')!;
    const detail = await page('bank2', 'viewer', location);
    expect(detail.html).toContain('Overflow contract');
  });
});
