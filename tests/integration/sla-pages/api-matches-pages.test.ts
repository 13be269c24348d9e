import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSlaTarget } from '../../../app/components/contracts/format';
import { formatMoney } from '../../../app/i18n/format';
import { translate, type MessageKey } from '../../../app/i18n/index';
import { createApiKey } from '../../../app/services/api-keys.server';
import { evaluateContractMonth } from '../../../app/services/sla/evaluate.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { createSlaWorld, engine, makeContractUnit, monthOf, putFacts, SL, type ContractUnit, type SlaWorld } from '../sla/support';

/**
 * Issue 5's "the API figures equal the pages' figures": for each month, every SLA's status, value and
 * credit in `GET /api/v1/programs/{id}/sla-results` is what the scorecard page shows in that SLA's cell,
 * formatted as the page formats it. Three months: one missing both SLAs (credits), one meeting both, one
 * with a feed for a few intervals only (missing data).
 */

let world: SlaWorld;
let app: TestApp;
let u: ContractUnit;
const NOW = new Date('2026-11-20T00:00:00Z');
const MONTHS = ['2026-01', '2026-02', '2026-03'];

beforeAll(async () => {
  world = await createSlaWorld();
  app = await createTestApp(world.handle);
  u = await makeContractUnit(world, {
    terms: { earnBackMonths: 2, slas: [{ ...SL, isCritical: true, allocationPct: 50 }, { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 50 }] },
  });
  await putFacts(world.db, u, [
    ...monthOf('2026-01', { offered: 10, handled: 10, answered_within_threshold: 3, wait_s: 470 }),
    ...monthOf('2026-02', { offered: 10, handled: 10, answered_within_threshold: 9, wait_s: 61 }),
    ...monthOf('2026-03', { offered: 1, handled: 1, answered_within_threshold: 1, wait_s: 7 }).slice(0, 20),
  ]);
  const pm = world.seeded.ctx('bank1', 'program_manager');
  for (const month of MONTHS) await evaluateContractMonth(pm, { contractId: u.contractId, month, now: NOW });
});
afterAll(() => world?.close());

interface ApiResult {
  kpi: string;
  grain: string;
  status: string;
  value: number | null;
  credit: { amountMinor: string; currency: string } | null;
}

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

/** The scorecard grid's cells: per KPI label (the row header), per month column, the status and the text. */
function scorecardCells(html: string): Map<string, { status: string; text: string }[]> {
  const grid = html.slice(html.indexOf('data-testid="scorecard-grid"'));
  const body = grid.slice(grid.indexOf('<tbody>'), grid.indexOf('</tbody>'));
  const rows = new Map<string, { status: string; text: string }[]>();
  for (const row of body.split(/<tr data-sla=/).slice(1)) {
    const header = decode(row.slice(row.indexOf('<th'), row.indexOf('</th>')));
    const cells = [...row.matchAll(/<td data-status="([a-z_]+)">([\s\S]*?)<\/td>/g)].map((m) => ({ status: m[1]!, text: decode(m[2]!) }));
    rows.set(header, cells);
  }
  return rows;
}

describe(`the SLA results API equals the scorecard page (${engine})`, () => {
  it('status, value and credit of every SLA and month are the same on both', async () => {
    const cookie = await sessionCookieFor(world.db, world.seeded.userOf('bank1', 'viewer').id);
    const page = await app.request(`/app/contracts/${u.contractId}/scorecard?from=${MONTHS[0]}&to=${MONTHS.at(-1)}`, { cookie });
    expect(page.status).toBe(200);
    const cells = scorecardCells(await page.text());
    const { secret } = await createApiKey(world.seeded.ctx('bank1', 'owner'), { name: 'api vs page', role: 'viewer' });

    let compared = 0;
    const statuses = new Set<string>();
    for (const [column, month] of MONTHS.entries()) {
      const response = await app.request(`/api/v1/programs/${u.programId}/sla-results?month=${month}`, { headers: { authorization: `Bearer ${secret}` } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { units: { unitId: string; results: ApiResult[] }[] };
      const results = body.units.find((x) => x.unitId === u.unitId)!.results.filter((r) => r.grain === 'month');
      expect(results.map((r) => r.kpi).sort()).toEqual(['asa', 'service_level']);
      for (const result of results) {
        const label = translate('en', `contractsUi.kpi.${result.kpi}` as MessageKey);
        const row = [...cells.entries()].find(([header]) => header.startsWith(label))?.[1];
        expect(row, `a scorecard row for ${label}`).toBeDefined();
        const cell = row![column]!;
        expect(cell.status, `${result.kpi} ${month}`).toBe(result.status);
        expect(cell.text).toContain(translate('en', `sla.status.${result.status}` as MessageKey));
        if (result.value === null) expect(cell.text).toContain('—');
        else expect(cell.text, `${result.kpi} ${month} value`).toContain(formatSlaTarget('en', result.kpi, result.value, 'TWD'));
        if (result.credit && result.credit.amountMinor !== '0') expect(cell.text, `${result.kpi} ${month} credit`).toContain(formatMoney('en', BigInt(result.credit.amountMinor), result.credit.currency));
        else expect(cell.text).not.toContain(translate('en', 'sla.scorecard.credit', { amount: '' }).trim());
        statuses.add(result.status);
        compared += 1;
      }
    }
    expect(compared).toBe(6);
    // The three months cover what a scorecard has to show: missed with credits, met, and missing data.
    expect([...statuses].sort()).toEqual(['met', 'missed', 'missing_data']);
  });
});
