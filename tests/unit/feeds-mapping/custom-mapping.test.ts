import { describe, expect, it } from 'vitest';
import { parseCustomMapping, templateFromCustomMapping } from '#app/domain/feeds/templates';
import { mapFixture, utc } from './helpers';

const SAVED_MAPPING = {
  label: 'Berlin site export',
  columns: {
    queue: { column: 'Warteschlange' },
    offered: { column: 'Angeboten' },
    handled: { column: 'Bearbeitet' },
    talk_s: { column: 'Ø Bearbeitungszeit (min)', unit: 'minutes', average_of: 'handled' },
    wait_s: { column: 'Wartezeit gesamt' },
  },
  timestampColumn: 'Periode',
  timestampFormat: 'dmy',
  timeZone: 'Europe/Berlin',
  intervalMinutes: 15,
  defaults: { channel: 'voice' },
};

describe('custom mapping', () => {
  it('maps a semicolon, decimal-comma layout with an average in minutes turned into a sum', async () => {
    const parsed = parseCustomMapping(SAVED_MAPPING);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const template = templateFromCustomMapping(parsed.mapping, 'custom-berlin');
    expect(template.label).toBe('Berlin site export');
    const { rows, errors } = await mapFixture('custom-semicolon-layout.csv', template, { timeZone: 'Europe/Berlin' });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        intervalStart: utc('2026-03-02T07:00:00Z'),
        intervalMinutes: 15,
        queue: 'Karten',
        channel: 'voice',
        thresholdS: null,
        // 5,25 min x 60 x 110 handled
        components: { offered: 120, handled: 110, talk_s: 34_650, wait_s: 1650 },
        line: 2,
      },
      { intervalStart: utc('2026-03-02T07:15:00Z'), intervalMinutes: 15, queue: 'Karten', channel: 'voice', thresholdS: null, components: {}, line: 3 },
    ]);
  });

  it('rejects a mapping that could not be applied, saying where', () => {
    const result = parseCustomMapping({
      ...SAVED_MAPPING,
      columns: {
        offered: { column: 'Angeboten', unit: 'minutes' },
        wait_s: { column: 'ASA', average_of: 'handled' },
      },
      defaults: {},
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.every((issue) => issue.code === 'mapping_invalid')).toBe(true);
    expect(result.issues.map((issue) => issue.column).sort()).toEqual(
      ['columns.offered.unit', 'columns.wait_s.average_of', 'defaults.channel', 'defaults.queue'].sort(),
    );
    const badLength = parseCustomMapping({ ...SAVED_MAPPING, intervalMinutes: 20 });
    expect(badLength.ok ? [] : badLength.issues.map((issue) => issue.column)).toEqual(['intervalMinutes']);
  });

  it('names mapped columns missing from a file', async () => {
    const parsed = parseCustomMapping(SAVED_MAPPING);
    if (!parsed.ok) throw new Error('mapping should be valid');
    const { rows, errors } = await mapFixture('random-signups.csv', templateFromCustomMapping(parsed.mapping), { timeZone: 'Europe/Berlin' });
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ code: 'columns_missing', columns: expect.arrayContaining(['Periode', 'Angeboten']) })]);
  });
});
