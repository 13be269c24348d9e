/** Importing in-house costs: CSV and XLSX, every problem with row/column/value/reason, all or nothing. */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/client';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { commitCostImport, costImportTemplate, previewCostImport } from '../../../app/services/costs/import.server';
import { getUnitCosts, saveInHouseMonth } from '../../../app/services/costs/unit-costs.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { seedClientWorld, type ClientWorld } from '../programs/seed';

let handle: TestDatabase;
let seeded: SeededTenants;
let bank1: ClientWorld;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  bank1 = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1']);
}, 60_000);
afterAll(() => handle?.close());

const HEADER = 'unit,month,agent_fte,productive_hours,loaded_cost_per_fte,supervision,facilities,technology,telecom,training,overhead';
const bytes = (text: string) => new TextEncoder().encode(text);

async function costRows(): Promise<string> {
  return unsafeWithoutTenant(handle.db, async (tx) => {
    const rows = await queryRows<{ t: string | null }>(tx, sql`select string_agg(c::text, '|' order by c::text) as t from in_house_costs c`);
    return rows[0]?.t ?? '';
  });
}

async function xlsxOf(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Costs');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('importing in-house costs', () => {
  it('reports every problem with its row, column, value and reason, and writes nothing', async () => {
    const finance = seeded.ctx('bank1', 'finance');
    await saveInHouseMonth(finance, bank1.inHouseUnitId, { month: '2026-01', agentFte: '9', productiveHours: '1200', loadedCostPerFte: '58000' });
    const before = await costRows();
    const csv = [
      HEADER,
      'Taipei in-house,2026-02,10,1400,60000,50000,,,,,', // fine on its own
      'Taipei in-house,2026-13,10,1400,60000,,,,,,', // line 3: bad month
      'Nowhere,2026-03,10,1400,60000,,,,,,', // line 4: unknown unit
      'vendor1 site,2026-03,10,1400,60000,,,,,,', // line 5: a vendor unit
      'Taipei in-house,2026-04,,1400,60.005,,-5,,,,', // line 6: no FTE, 3 decimals, negative
      'Taipei in-house,2026-02,11,1400,60000,,,,,,', // line 7: 2026-02 again
    ].join('\n');
    const result = await commitCostImport(finance, bank1.inHouseUnitId, { fileName: 'bad.csv', bytes: bytes(csv) });
    expect(result.committed).toBe(false);
    expect(result.issues.map((i) => [i.row, i.column, i.value, i.reason])).toEqual([
      [3, 'month', '2026-13', 'costs.error.month'],
      [4, 'unit', 'Nowhere', 'costs.import.error.unknownUnit'],
      [5, 'unit', 'vendor1 site', 'costs.import.error.notInHouse'],
      [6, 'agent_fte', '', 'costs.error.required'],
      [6, 'loaded_cost_per_fte', '60.005', 'costs.error.amountDecimals'],
      [6, 'facilities', '-5', 'costs.error.amountFormat'],
      [7, 'month', '2026-02', 'costs.import.error.duplicateRow'],
    ]);
    expect(result.issues.at(-1)!.detail).toBe('2');
    expect(await costRows()).toBe(before);
  });

  it('refuses a header with a misspelt or missing column', async () => {
    const pm = seeded.ctx('bank1', 'program_manager');
    const csv = `${HEADER.replace('facilities', 'facility')}\nTaipei in-house,2026-02,10,1400,60000,,,,,,\n`;
    const result = await previewCostImport(pm, bank1.inHouseUnitId, { fileName: 'typo.csv', bytes: bytes(csv) });
    expect(result.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      [1, 'facility', 'costs.import.error.unknownColumn'],
      [1, 'facilities', 'costs.import.error.missingColumn'],
    ]);
  });

  it('previews then commits a CSV: new months added, an entered month replaced, amounts exact', async () => {
    const finance = seeded.ctx('bank1', 'finance');
    const csv = `${HEADER}\nTaipei in-house,2026-01,10.5,"1,470.25","61,234.57",50000,30000,20000,10000,5000,15000\n${bank1.inHouseUnitId},2026-02,11,1500,60000,,,,,,\n`;
    const preview = await previewCostImport(finance, bank1.inHouseUnitId, { fileName: 'q1.csv', bytes: bytes(csv) });
    expect(preview.issues).toEqual([]);
    // 2026-01: 10.5 × 61,234.57 = 642,962.985 → 642,962.99, + 130,000.00 = 772,962.99
    expect(preview.rows.map((r) => [r.row, r.month, r.totalMinor, r.replaces])).toEqual([
      [2, '2026-01', '77296299', true],
      [3, '2026-02', '66000000', false],
    ]);
    const committed = await commitCostImport(finance, bank1.inHouseUnitId, { fileName: 'q1.csv', bytes: bytes(csv) });
    expect(committed.committed).toBe(true);
    const costs = await getUnitCosts(finance, bank1.inHouseUnitId);
    expect(costs.inHouse.map((r) => [r.month, r.agentFte, r.productiveHours, r.loadedCostPerFteMinor, r.totalMinor, r.source])).toEqual([
      ['2026-01', '10.50', '1470.25', '6123457', '77296299', 'q1.csv'],
      ['2026-02', '11.00', '1500.00', '6000000', '66000000', 'q1.csv'],
    ]);
  });

  it('imports an XLSX the same way, a typed month read from the date Excel makes of it', async () => {
    const pm = seeded.ctx('bank1', 'program_manager');
    const file = await xlsxOf([HEADER.split(','), ['Taipei in-house', new Date(Date.UTC(2026, 2, 1)) as unknown as string, 12, 1600, 62000, 50000, 0, 0, 0, 0, 0]]);
    const result = await commitCostImport(pm, bank1.inHouseUnitId, { fileName: 'march.xlsx', bytes: file });
    expect(result.issues).toEqual([]);
    expect(result.format).toBe('xlsx');
    expect(result.rows.map((r) => [r.month, r.totalMinor])).toEqual([['2026-03', String((12 * 62_000 + 50_000) * 100)]]);
    const bad = await xlsxOf([HEADER.split(','), ['Taipei in-house', '2026-04', 'ten', 1600, 62000, 0, 0, 0, 0, 0, 0]]);
    const refused = await commitCostImport(pm, bank1.inHouseUnitId, { fileName: 'bad.xlsx', bytes: bad });
    expect(refused.issues.map((i) => [i.row, i.column, i.value, i.reason])).toEqual([[2, 'agent_fte', 'ten', 'costs.error.quantity']]);
  });

  it('offers a template in both formats that imports back once filled in', async () => {
    const finance = seeded.ctx('bank1', 'finance');
    const csv = await costImportTemplate(finance, bank1.inHouseUnitId, 'csv', ['2026-05']);
    expect(String(csv.body).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(HEADER);
    const filled = String(csv.body).replace('2026-05,,,,,,,,,', '2026-05,10,1400,60000,,,,,,');
    const result = await previewCostImport(finance, bank1.inHouseUnitId, { fileName: 'template.csv', bytes: bytes(filled) });
    expect(result.issues).toEqual([]);
    expect(result.rows).toHaveLength(1);
    const xlsx = await costImportTemplate(finance, bank1.inHouseUnitId, 'xlsx', ['2026-05']);
    expect((xlsx.body as Uint8Array)[0]).toBe(0x50);
  });

  it('is closed to vendors and viewers', async () => {
    await expect(previewCostImport(seeded.ctx('vendor1', 'vendor_admin'), bank1.inHouseUnitId, { fileName: 'x.csv', bytes: bytes(HEADER) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(commitCostImport(seeded.ctx('bank1', 'viewer'), bank1.inHouseUnitId, { fileName: 'x.csv', bytes: bytes(HEADER) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(commitCostImport(seeded.ctx('bank2', 'finance'), bank1.inHouseUnitId, { fileName: 'x.csv', bytes: bytes(HEADER) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
