import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../app/domain/permissions';
import { listMonthCloses } from '../../../app/services/sla/close.server';
import { getDispute, listDisputes } from '../../../app/services/sla/disputes.server';
import { evaluateContractMonth } from '../../../app/services/sla/evaluate.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import type { TenantName } from '../../support/tenants';
import { createSlaWorld, engine, makeContractUnit, monthOf, putFacts, SL, type ContractUnit, type SlaWorld } from '../sla/support';

let world: SlaWorld;
let app: TestApp;
let u: ContractUnit;
const NOW = new Date('2026-11-20T00:00:00Z');

beforeAll(async () => {
  world = await createSlaWorld();
  app = await createTestApp(world.handle);
  u = await makeContractUnit(world, {
    terms: { earnBackMonths: 2, slas: [{ ...SL, isCritical: true, allocationPct: 50 }, { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 50 }] },
  });
  // January misses service level (2 of 10 within 20 s) and ASA; February meets both.
  await putFacts(world.db, u, [
    ...monthOf('2026-01', { offered: 10, handled: 10, answered_within_threshold: 2, wait_s: 500 }),
    ...monthOf('2026-02', { offered: 10, handled: 10, answered_within_threshold: 10, wait_s: 50 }),
  ]);
  const pm = world.seeded.ctx('bank1', 'program_manager');
  for (const month of ['2026-01', '2026-02']) await evaluateContractMonth(pm, { contractId: u.contractId, month, now: NOW });
});
afterAll(() => world?.close());

const cookieOf = (tenant: TenantName, role: Role) => sessionCookieFor(world.db, world.seeded.userOf(tenant, role).id);
async function get(tenant: TenantName, role: Role, path: string) {
  const response = await app.request(path, { cookie: await cookieOf(tenant, role) });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}
async function post(tenant: TenantName, role: Role, path: string, form: Record<string, string>) {
  const response = await app.request(path, { method: 'POST', cookie: await cookieOf(tenant, role), form });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}
const scorecardPath = () => `/app/contracts/${u.contractId}/scorecard?from=2026-01&to=2026-03`;

describe(`SLA pages (${engine})`, () => {
  it('the scorecard shows the month grid, credits, score and trend table to the client and the vendor', async () => {
    for (const [tenant, role] of [
      ['bank1', 'viewer'],
      ['vendor1', 'vendor_reporter'],
    ] as const) {
      const { status, html } = await get(tenant, role, scorecardPath());
      expect(status, `${tenant} ${role}`).toBe(200);
      expect(html).toContain('data-testid="scorecard-grid"');
      for (const month of ['2026-01', '2026-02', '2026-03']) expect(html).toContain(`data-month="${month}"`);
      expect(html).toContain('data-status="missed"');
      expect(html).toContain('data-status="met"');
      expect(html).toContain('data-status="none"');
      // Weighted score: January 0 %, February 100 %; the credits of January shown (2 × 50 % of 12 % at risk).
      expect(html).toMatch(/data-testid="score" data-month="2026-01"><strong>0(\.0)?%/);
      expect(html).toMatch(/data-testid="score" data-month="2026-02"><strong>100(\.0)?%/);
      expect(html).toContain('Credit ');
      expect(html).toContain('Overall score trend');
      expect(html).toContain('Earn-back ledger');
    }
    const viewer = await get('bank1', 'viewer', scorecardPath());
    expect(viewer.html).not.toContain('name="intent" value="close"');
    expect(viewer.html).toContain('name="intent" value="evaluate"');
    const vendor = await get('vendor1', 'vendor_reporter', scorecardPath());
    expect(vendor.html).not.toContain('name="intent"');
    const finance = await get('bank1', 'finance', scorecardPath());
    expect(finance.html).toContain('name="intent" value="close"');
  });

  it('renders in Traditional Chinese', async () => {
    const response = await app.request(scorecardPath(), { cookie: await cookieOf('bank1', 'viewer'), headers: { 'accept-language': 'zh-TW' } });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('每月 SLA 結果');
    expect(html).toContain('未達成');
    const disputes = await app.request('/app/disputes', { cookie: await cookieOf('vendor1', 'vendor_reporter'), headers: { 'accept-language': 'zh-TW' } });
    expect(await disputes.text()).toContain('提出爭議');
  });

  it('another org gets a 404 for the scorecard', async () => {
    expect((await get('bank2', 'program_manager', scorecardPath())).status).toBe(404);
    expect((await get('vendor2', 'vendor_reporter', scorecardPath())).status).toBe(404);
    expect((await post('bank2', 'finance', scorecardPath(), { intent: 'close', month: '2026-01' })).status).toBe(404);
    expect((await post('vendor1', 'vendor_admin', scorecardPath(), { intent: 'close', month: '2026-01' })).status).toBe(403);
    expect((await get('bank1', 'viewer', `/app/contracts/not-a-uuid/scorecard`)).status).toBe(404);
  });

  it('closes a month through the form, refuses a reopen without a reason (422), reopens with one', async () => {
    const closed = await post('bank1', 'finance', scorecardPath(), { intent: 'close', month: '2026-01' });
    expect(closed.status).toBe(200);
    expect(closed.html).toContain('Month 2026-01 closed.');
    const ctx = world.seeded.ctx('bank1', 'viewer');
    expect((await listMonthCloses(ctx, u.contractId)).filter((c) => c.month === '2026-01' && !c.reopenedAt)).toHaveLength(1);
    const page = await get('bank1', 'finance', scorecardPath());
    expect(page.html).toContain('data-testid="month-state" data-month="2026-01" data-closed="true"');
    expect(page.html).toContain('name="intent" value="reopen"');

    const again = await post('bank1', 'finance', scorecardPath(), { intent: 'close', month: '2026-01' });
    expect(again.status).toBe(409);

    const noReason = await post('bank1', 'finance', scorecardPath(), { intent: 'reopen', month: '2026-01', reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain('role="alert"');
    expect((await listMonthCloses(ctx, u.contractId)).filter((c) => c.month === '2026-01' && !c.reopenedAt)).toHaveLength(1);

    const reopened = await post('bank1', 'program_manager', scorecardPath(), { intent: 'reopen', month: '2026-01', reason: 'Late revision from the vendor' });
    expect(reopened.status).toBe(200);
    expect(reopened.html).toContain('Month 2026-01 reopened.');
    const closes = await listMonthCloses(ctx, u.contractId);
    expect(closes.find((c) => c.month === '2026-01')).toMatchObject({ reopenReason: 'Late revision from the vendor' });
    const after = await get('bank1', 'finance', scorecardPath());
    expect(after.html).toContain('data-testid="month-state" data-month="2026-01" data-closed="false"');
  });

  it('a client evaluates an open month through the form; a vendor may not', async () => {
    const evaluated = await post('bank1', 'viewer', scorecardPath(), { intent: 'evaluate', month: '2026-02' });
    expect(evaluated.status).toBe(200);
    expect(evaluated.html).toContain('Month 2026-02 evaluated');
    expect((await post('vendor1', 'vendor_reporter', scorecardPath(), { intent: 'evaluate', month: '2026-02' })).status).toBe(403);
  });

  it('a vendor raises a dispute through the form, the client approves it through the form, both see the trail', async () => {
    const form = { unitId: u.unitId, spanStart: '2026-01-05T09:00', spanEnd: '2026-01-05T10:00', queueId: '', channel: '', reason: 'Client IVR outage' };
    const page = await get('vendor1', 'vendor_reporter', '/app/disputes');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Raise a dispute');
    expect(page.html).toContain(`value="${u.unitId}"`);
    expect((await get('bank1', 'program_manager', '/app/disputes')).html).not.toContain('Raise a dispute');

    const invalid = await post('vendor1', 'vendor_reporter', '/app/disputes', { ...form, reason: '' });
    expect(invalid.status).toBe(422);
    const backwards = await post('vendor1', 'vendor_reporter', '/app/disputes', { ...form, spanEnd: '2026-01-05T08:00' });
    expect(backwards.status).toBe(422);
    expect((await post('bank1', 'program_manager', '/app/disputes', form)).status).toBe(403);

    const raised = await post('vendor1', 'vendor_reporter', '/app/disputes', form);
    expect(raised.status).toBe(302);
    const id = /\/app\/disputes\/([0-9a-f-]{36})\?raised=1$/.exec(raised.location ?? '')?.[1];
    expect(id).toBeTruthy();
    const stored = await getDispute(world.seeded.ctx('bank1', 'viewer'), id!);
    // 09:00-10:00 in Asia/Taipei (UTC+8).
    expect(stored.spanStart.toISOString()).toBe('2026-01-05T01:00:00.000Z');
    expect(stored.spanEnd.toISOString()).toBe('2026-01-05T02:00:00.000Z');
    expect(stored.status).toBe('open');

    const list = await get('bank1', 'viewer', '/app/disputes');
    expect(list.html).toContain(`href="/app/disputes/${id}"`);
    expect(list.html).toContain('Client IVR outage');
    expect((await get('bank2', 'program_manager', '/app/disputes')).html).not.toContain(id!);
    expect((await get('bank2', 'program_manager', `/app/disputes/${id}`)).status).toBe(404);
    expect((await get('vendor2', 'vendor_reporter', `/app/disputes/${id}`)).status).toBe(404);

    const detail = await get('bank1', 'program_manager', `/app/disputes/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain('name="decision" value="approved"');
    expect((await get('bank1', 'viewer', `/app/disputes/${id}`)).html).not.toContain('name="decision"');

    const noComment = await post('bank1', 'program_manager', `/app/disputes/${id}`, { decision: 'approved', comment: ' ' });
    expect(noComment.status).toBe(422);
    expect((await post('bank2', 'program_manager', `/app/disputes/${id}`, { decision: 'approved', comment: 'x' })).status).toBe(404);
    expect((await post('vendor1', 'vendor_admin', `/app/disputes/${id}`, { decision: 'approved', comment: 'x' })).status).toBe(403);

    const approved = await post('bank1', 'program_manager', `/app/disputes/${id}`, { decision: 'approved', comment: 'Confirmed: our IVR was down' });
    expect(approved.status).toBe(200);
    expect((await listDisputes(world.seeded.ctx('vendor1', 'vendor_reporter'))).find((d) => d.id === id)?.status).toBe('approved');
    expect((await post('bank1', 'program_manager', `/app/disputes/${id}`, { decision: 'rejected', comment: 'again' })).status).toBe(409);

    const vendorView = await get('vendor1', 'vendor_reporter', `/app/disputes/${id}`);
    expect(vendorView.status).toBe(200);
    expect(vendorView.html).toContain('data-testid="dispute-status" data-status="approved"');
    expect(vendorView.html).toContain('data-event="raised"');
    expect(vendorView.html).toContain('data-event="approved"');
    expect(vendorView.html).toContain('Confirmed: our IVR was down');
    expect(vendorView.html).toContain('Client IVR outage');
  });
});
