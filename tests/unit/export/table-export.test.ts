import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { targetSeries, toExportTable, type ChartData } from '../../../app/components/charts/chart-data';
import { buildCsv } from '../../../app/domain/export/csv';
import { buildXlsx } from '../../../app/lib/table-export';

const chart: ChartData = {
  labels: [11, 12, 13],
  xTitle: 'Agents',
  left: { title: 'Service level', format: 'percent' },
  right: { title: 'ASA (seconds)', format: 'seconds' },
  series: [
    { id: 'sl', label: 'Service level', values: [0.40513, 0.64016, null], format: 'percent' },
    targetSeries('target', '=Target', 0.8, 3, { format: 'percent' }),
    { id: 'asa', label: 'ASA', values: [136.4273, 40.4449, 17.1], format: 'seconds', axis: 'right' },
  ],
};

describe('toExportTable', () => {
  it('puts units in the headers, percent as 0–100, seconds to 0.01, gaps as empty cells', () => {
    expect(toExportTable(chart)).toEqual({
      columns: ['Agents', 'Service level (%)', '=Target (%)', 'ASA (s)'],
      rows: [
        [11, 40.513, 80, 136.43],
        [12, 64.016, 80, 40.44],
        [13, null, 80, 17.1],
      ],
    });
  });

  it('feeds buildCsv: a neutralised header, numbers as numbers', () => {
    expect(buildCsv(toExportTable(chart))).toBe('\uFEFFAgents,Service level (%),\'=Target (%),ASA (s)\r\n11,40.513,80,136.43\r\n12,64.016,80,40.44\r\n13,,80,17.1\r\n');
  });
});

describe('buildXlsx', () => {
  it('writes a workbook that reads back with the same header and numeric cells', async () => {
    const bytes = await buildXlsx(toExportTable(chart), 'Erlang C: SL/ASA [by agents] with a very long name');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Erlang C  SL ASA  by agents  wi');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Agents', 'Service level (%)', '=Target (%)', 'ASA (s)']);
    expect(sheet.getRow(2).values).toEqual([undefined, 11, 40.513, 80, 136.43]);
    expect(sheet.getRow(4).getCell(2).value).toBeNull();
    expect(sheet.getRow(1).font?.bold).toBe(true);
  });
});
