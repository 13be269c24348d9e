import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../app/domain/permissions';
import { listMonthCloses } from '../../../app/services/sla/close.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import type { TenantName } from '../../support/tenants';
import { createSlaWorld, engine, makeContractUnit, monthOf, putFacts, SL, type ContractUnit, type SlaWorld } from '../sla/support';

/** The program's month-close page over HTTP: the contracts' states, one batch close, the outcomes. */
let world: SlaWorld;
let app: TestApp;
let first: ContractUnit;
let second: ContractUnit;
let other: ContractUnit;

beforeAll(async () => {
  world = await createSlaWorld();
  app = await createTestApp(world.handle);
  first = await makeContractUnit(world, { terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });
  second = await makeContractUnit(world, { vendor: 'vendor2', programId: first.programId, terms: { slas: [{ ...SL, isCritical: true, allocationPct: 50 }, { kpi: 'asa', comparator: 'lte', target: 30 }] } });
  // A contract of another program of the same client: never part of this page's close.
  other = await makeContractUnit(world, { terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });
  for (const u of [first, second, other]) await putFacts(world.db, u, monthOf('2026-03', { offered: 10, handled: 10, answered_within_threshold: 7, wait_s: 40 }));
});
afterAll(() => world?.close());

const cookieOf = (tenant: TenantName, role: Role) => sessionCookieFor(world.db, world.seeded.userOf(tenant, role).id);
async function get(tenant: TenantName, role: Role, path: string, headers?: Record<string, string>) {
  const response = await app.request(path, { cookie: await cookieOf(tenant, role), headers });
  return { status: response.status, html: await response.text() };
}
async function post(tenant: TenantName, role: Role, path: string, form: Record<string, string>) {
  const response = await app.request(path, { method: 'POST', cookie: await cookieOf(tenant, role), form });
  return { status: response.status, html: await response.text() };
}
const pagePath = (month?: string) => `/app/programs/${first.programId}/month-close${month ? `?month=${month}` : ''}`;
const stateOf = (html: string, u: ContractUnit) => new RegExp(`data-contract="${u.contractId}" data-state="(\\w+)"`).exec(html)?.[1];
const closedMarch = async (u: ContractUnit) => (await listMonthCloses(world.seeded.ctx('bank1', 'viewer'), u.contractId)).filter((c) => c.month === '2026-03' && !c.reopenedAt);

describe(`program month close page (${engine})`, () => {
  it('the program page links to it for those who may close months, and only for them', async () => {
    for (const role of ['program_manager', 'finance', 'owner'] as const) expect((await get('bank1', role, `/app/programs/${first.programId}`)).html).toContain(`href="${pagePath()}"`);
    expect((await get('bank1', 'viewer', `/app/programs/${first.programId}`)).html).not.toContain('/month-close');
    expect((await get('vendor1', 'vendor_reporter', `/app/programs/${first.programId}`)).html).not.toContain('/month-close');
  });

  it("shows each contract's state for the month and a button for the open ones; others get 403 or 404", async () => {
    const page = await get('bank1', 'finance', pagePath('2026-03'));
    expect(page.status).toBe(200);
    expect(stateOf(page.html, first)).toBe('open');
    expect(stateOf(page.html, second)).toBe('open');
    expect(page.html).not.toContain(other.contractId);
    expect(page.html).toContain('Close 2026-03 for 2 contracts');
    // A month that has not ended (the page runs on the real clock): nothing to close.
    const future = await get('bank1', 'program_manager', pagePath('2099-01'));
    expect(stateOf(future.html, first)).toBe('not_ended');
    expect(future.html).not.toContain('Close 2099-01 for');
    expect(future.html).toContain('No contract has 2099-01 ended and open');

    expect((await get('bank1', 'viewer', pagePath())).status).toBe(403);
    expect((await get('vendor1', 'vendor_admin', pagePath())).status).toBe(403);
    expect((await get('bank2', 'program_manager', pagePath())).status).toBe(404);
    expect((await get('bank1', 'finance', '/app/programs/not-a-uuid/month-close')).status).toBe(404);
  });

  it('closes the month for every contract of the program at once and shows the outcome per contract', async () => {
    // Refused callers change nothing.
    expect((await post('bank2', 'finance', pagePath(), { month: '2026-03' })).status).toBe(404);
    expect((await post('vendor1', 'vendor_admin', pagePath(), { month: '2026-03' })).status).toBe(403);
    expect((await post('bank1', 'viewer', pagePath(), { month: '2026-03' })).status).toBe(403);
    const invalid = await post('bank1', 'finance', pagePath(), { month: '2026-3' });
    expect(invalid.status).toBe(422);
    expect(invalid.html).toContain('role="alert"');
    expect(await closedMarch(first)).toHaveLength(0);

    const closed = await post('bank1', 'finance', pagePath('2026-03'), { month: '2026-03' });
    expect(closed.status).toBe(200);
    expect(closed.html).toContain('Closed 2026-03 for 2 of 2 contracts.');
    expect(closed.html.match(/data-outcome="closed"/g)).toHaveLength(2);
    for (const u of [first, second]) expect(await closedMarch(u)).toHaveLength(1);
    expect(await closedMarch(other)).toHaveLength(0);

    const after = await get('bank1', 'finance', pagePath('2026-03'));
    expect(stateOf(after.html, first)).toBe('closed');
    expect(stateOf(after.html, second)).toBe('closed');
    expect(after.html).toContain('No contract has 2026-03 ended and open');

    // A second close finds both closed and leaves them as they were.
    const again = await post('bank1', 'program_manager', pagePath('2026-03'), { month: '2026-03' });
    expect(again.status).toBe(200);
    expect(again.html).toContain('Closed 2026-03 for 0 of 2 contracts.');
    expect(again.html.match(/data-outcome="already_closed"/g)).toHaveLength(2);
    for (const u of [first, second]) expect(await closedMarch(u)).toHaveLength(1);
  });

  it('renders in Traditional Chinese', async () => {
    const page = await get('bank1', 'finance', pagePath('2026-02'), { 'accept-language': 'zh-TW' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('月份結算');
    expect(page.html).toContain('結算 2 份合約的 2026-02 月份');
  });
});
