import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveAgents } from '../../../app/domain/staffing/erlang-c';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { apiKeyFor, bearer } from '../api/helpers';

/** The calculator page and `GET /api/v1/tools/erlang-c`, through the production build, on this run's engine. */
let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let viewerCookie: string;
let vendorCookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
  viewerCookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'viewer').id);
  vendorCookie = await sessionCookieFor(handle.db, seeded.userOf('vendor1', 'vendor_reporter').id);
});
afterAll(() => handle?.close());

const PAGE = '/app/tools/erlang-c';
const API = '/api/v1/tools/erlang-c';
/** The published worked example: 100 calls in 30 minutes, AHT 180 s, 80 % within 20 s → A = 10, 14 agents. */
const EXAMPLE = { calls: '100', intervalSeconds: '1800', ahtSeconds: '180', thresholdSeconds: '20' };
const query = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;
const resultOf = (html: string, id: string) => new RegExp(`data-result="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];

describe('the calculator page', () => {
  it('renders the results of solveAgents, the chart placeholder, its data table and the download buttons', async () => {
    const params = { ...EXAMPLE, mode: 'target', targetServiceLevel: '80', shrinkage: '30', maxOccupancy: '' };
    const response = await app.request(`${PAGE}${query(params)}`, { cookie: viewerCookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    const expected = solveAgents({ calls: 100, intervalSeconds: 1800, ahtSeconds: 180, thresholdSeconds: 20, targetServiceLevel: 0.8, shrinkage: 0.3 });
    expect(expected).toMatchObject({ agents: 14, scheduledAgents: 20 });
    expect(resultOf(html, 'agents')).toBe('14');
    expect(resultOf(html, 'scheduled-agents')).toBe('20');
    expect(resultOf(html, 'traffic')).toBe('10');
    expect(resultOf(html, 'service-level')).toBe('88.8%');
    expect(resultOf(html, 'p-wait')).toBe('17.4%');
    expect(resultOf(html, 'occupancy')).toBe('71.4%');
    expect(resultOf(html, 'asa')).toMatch(/^7\.8\s?sec?$/);
    // The canvas waits for hydration; the table is in the server HTML: N = 11 … 22 with the target column.
    expect(html).toContain('data-chart-placeholder');
    expect(html).toContain('<caption class="muted">Service level and average speed of answer by number of agents</caption>');
    expect(html).toMatch(/<th scope="row">11<\/th>/);
    expect(html).toMatch(/<th scope="row">22<\/th>/);
    expect(html).not.toMatch(/<th scope="row">23<\/th>/);
    expect(html).toContain('Target service level');
    // Downloads are built in the browser from the same data, so they wait for hydration too.
    expect(html).toMatch(/<button type="button" class="secondary" disabled="" aria-label="Download the data of “Service level and average speed of answer by number of agents” as CSV" data-export="csv">/);
    expect(html).toContain('data-export="xlsx"');
    // The form keeps the inputs (a shareable GET form) and the nav offers the page.
    expect(html).toMatch(/<form method="get"/);
    expect(html).toContain('href="/app/tools/erlang-c"');
  });

  it('is open to any signed-in member, a vendor user included, and shows the default example on a first visit', async () => {
    const response = await app.request(PAGE, { cookie: vendorCookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Staffing calculator (Erlang C)');
    expect(html).not.toContain('data-result=');
  });

  it('evaluates a fixed number of agents in agents mode', async () => {
    const params = { ...EXAMPLE, mode: 'agents', agents: '12', targetServiceLevel: '80', shrinkage: '0' };
    const html = await (await app.request(`${PAGE}${query(params)}`, { cookie: viewerCookie })).text();
    expect(resultOf(html, 'agents')).toBe('12');
    expect(resultOf(html, 'p-wait')).toBe('44.9%');
    expect(html).not.toContain('Target service level</th>');
  });

  it('shows each invalid field’s error next to it, in the user’s language', async () => {
    const params = { ...EXAMPLE, calls: 'abc', ahtSeconds: '0', mode: 'target', targetServiceLevel: '120', shrinkage: '100' };
    const response = await app.request(`${PAGE}${query(params)}`, { cookie: viewerCookie });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Enter the number of calls, more than 0.');
    expect(html).toContain('Enter the handling time in seconds, more than 0.');
    expect(html).toContain('Enter a target between 0 and 100 %, both excluded.');
    expect(html).toContain('Enter shrinkage from 0 up to (not including) 100 %.');
    expect(html).toMatch(/aria-invalid="true" aria-describedby="calls-[^"]*-error"/);
    expect(html).not.toContain('data-result=');

    const zh = await app.request(`${PAGE}${query({ ...EXAMPLE, mode: 'agents', agents: '' })}`, { cookie: viewerCookie, headers: { 'accept-language': 'zh-TW' } });
    expect(zh.status).toBe(400);
    expect(await zh.text()).toContain('請輸入 1 到 20000 之間的整數人數。');
  });

  it('refuses traffic beyond the cap on the calls field', async () => {
    const response = await app.request(`${PAGE}${query({ ...EXAMPLE, calls: '100000000', targetServiceLevel: '80' })}`, { cookie: viewerCookie });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('more than 5000 Erlangs');
  });

  it('sends anonymous visitors to /login', async () => {
    const response = await app.request(`${PAGE}${query({ ...EXAMPLE, targetServiceLevel: '80' })}`);
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!, app.origin).pathname).toBe('/login');
  });
});

describe('GET /api/v1/tools/erlang-c', () => {
  it('solves the published example: 14 agents, A = 10', async () => {
    const key = await apiKeyFor(seeded, 'bank1', 'viewer');
    const response = await app.request(`${API}${query({ ...EXAMPLE, targetServiceLevel: '0.8' })}`, { headers: bearer(key) });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ mode: 'solve', trafficErlangs: 10, agents: 14, scheduledAgents: 14, isOccupancyBound: false });
    expect(body.probabilityOfWaiting).toBeCloseTo(0.1741, 4);
    expect(body.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(body.asaSeconds).toBeCloseTo(7.84, 2);
    expect(body.occupancy).toBeCloseTo(10 / 14, 10);
  });

  it('evaluates N = 11 … 14 agents with a key of any role: the textbook P(wait) table', async () => {
    const key = await apiKeyFor(seeded, 'vendor1', 'vendor_reporter');
    const table: [number, number][] = [
      [11, 0.6821],
      [12, 0.4494],
      [13, 0.2853],
      [14, 0.1741],
    ];
    for (const [agents, pWait] of table) {
      const response = await app.request(`${API}${query({ ...EXAMPLE, agents: String(agents), shrinkage: '0.3' })}`, { headers: bearer(key) });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ mode: 'evaluate', agents, trafficErlangs: 10, isOccupancyBound: false });
      expect(body.probabilityOfWaiting).toBeCloseTo(pWait, 4);
      expect(body.occupancy).toBeCloseTo(10 / agents, 10);
      expect(body.scheduledAgents).toBe(Math.ceil(agents / 0.7 - 1e-9));
      expect(typeof body.serviceLevel).toBe('number');
      expect(typeof body.asaSeconds).toBe('number');
    }
  });

  it('answers 422 with the issues on bad input', async () => {
    const key = await apiKeyFor(seeded, 'bank1', 'finance');
    const cases: [Record<string, string>, string[]][] = [
      [{ ...EXAMPLE, calls: 'many', targetServiceLevel: '80' }, ['calls', 'targetServiceLevel']],
      [{ ...EXAMPLE }, ['targetServiceLevel']],
      [{ ...EXAMPLE, targetServiceLevel: '0.8', agents: '12' }, ['agents']],
      [{ ...EXAMPLE, agents: '2.5' }, ['agents']],
      [{ ...EXAMPLE, calls: '1e9', targetServiceLevel: '0.8' }, ['calls']],
    ];
    for (const [params, paths] of cases) {
      const response = await app.request(`${API}${query(params)}`, { headers: bearer(key) });
      expect(response.status, JSON.stringify(params)).toBe(422);
      const body = await response.json();
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(paths.sort());
    }
  });

  it('answers 401 without a key, and ignores a session cookie', async () => {
    const url = `${API}${query({ ...EXAMPLE, targetServiceLevel: '0.8' })}`;
    expect((await app.request(url)).status).toBe(401);
    expect((await app.request(url, { cookie: viewerCookie })).status).toBe(401);
  });
});
