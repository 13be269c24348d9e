import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { openCsvFeed } from '#app/domain/feeds';
import { MappingIssueCollector } from '#app/domain/feeds/canonical';
import { templateFromCustomMapping, type CustomMapping } from '#app/domain/feeds/templates';
import { columnControl, START_ROLE, TIME_OF_DAY_ROLE, type MappingFormValues } from '#app/components/feeds/mapping-types';
import { mappingFormFromSaved, mappingFromForm, readMappingForm } from '#app/services/feeds/mapping-form.server';

/** A layout no template knows: the date and the half hour in separate columns, an average handle time in minutes. */
const HEADER = ['Datum', 'Uhrzeit', 'Gruppe', 'Anrufe', 'Angenommen', 'AHT (min)', 'Bemerkung'];

const form = (over: Partial<MappingFormValues> = {}, roles: Record<number, Partial<MappingFormValues['columns'][number]>> = {}): MappingFormValues => {
  const columns = HEADER.map(() => ({ role: '', unit: '', averageOf: '' }));
  const base: Record<number, Partial<MappingFormValues['columns'][number]>> = {
    0: { role: START_ROLE },
    1: { role: TIME_OF_DAY_ROLE },
    2: { role: 'queue' },
    3: { role: 'offered' },
    4: { role: 'handled' },
    5: { role: 'talk_s', unit: 'minutes', averageOf: 'handled' },
  };
  for (const [index, column] of Object.entries({ ...base, ...roles })) Object.assign(columns[Number(index)]!, column);
  return { label: 'Berlin site', timestampFormat: 'dmy', timeZone: 'Europe/Berlin', intervalMinutes: '30', defaultQueue: '', defaultChannel: 'voice', defaultThresholdS: '', columns, ...over };
};

const errorsOf = (values: MappingFormValues) => {
  const result = mappingFromForm(values, HEADER);
  if (result.ok) throw new Error('expected errors');
  return Object.fromEntries(Object.entries(result.errors).map(([control, error]) => [control, error.key.replace('feedsUi.mapping.error.', '') + (error.params ? ` ${JSON.stringify(error.params)}` : '')]));
};

describe('mappingFromForm', () => {
  it('builds the mapping the schema accepts from the roles of the columns, ignoring the rest', () => {
    const result = mappingFromForm(form(), HEADER);
    expect(result).toEqual({
      ok: true,
      mapping: {
        label: 'Berlin site',
        columns: { queue: { column: 'Gruppe' }, offered: { column: 'Anrufe' }, handled: { column: 'Angenommen' }, talk_s: { column: 'AHT (min)', unit: 'minutes', average_of: 'handled' } },
        timestampColumn: 'Datum',
        timeOfDayColumn: 'Uhrzeit',
        timestampFormat: 'dmy',
        timeZone: 'Europe/Berlin',
        intervalMinutes: 30,
        defaults: { channel: 'voice' },
      },
    });
  });

  it('names every problem at once, on the control it concerns', () => {
    const values = form(
      { intervalMinutes: '', defaultChannel: '', timeZone: 'Berlin', defaultThresholdS: '21', label: 'x'.repeat(101) },
      { 2: { role: '' }, 3: { role: 'offered', unit: 'minutes' }, 4: { role: 'offered' }, 5: { role: 'talk_s', averageOf: 'handled' }, 6: { role: 'queue', averageOf: 'offered' } },
    );
    expect(errorsOf(values)).toEqual({
      [columnControl(4, 'role')]: 'duplicateRole {"column":"Anrufe"}',
      [columnControl(3, 'unit')]: 'unitNotDuration',
      [columnControl(5, 'averageOf')]: 'averageCountUnmapped {"count":"handled"}',
      [columnControl(6, 'averageOf')]: 'averageNotDuration',
      intervalMinutes: 'intervalMinutes',
      timeZone: 'timeZone',
      defaultThresholdS: 'threshold {"values":"10, 15, 20, 25, 30, 45, 60, 90, 120, 180, 240, 300, 600"}',
      defaultChannel: 'channelRequired',
      label: 'label',
    });
  });

  it('requires a start column, a component, and a queue and channel (a column or a default)', () => {
    const nothing = form({ defaultChannel: '' }, Object.fromEntries(HEADER.map((_, i) => [i, { role: '', unit: '', averageOf: '' }])));
    expect(errorsOf(nothing)).toEqual({ _start: 'startMissing', _columns: 'noComponent', defaultQueue: 'queueRequired', defaultChannel: 'channelRequired' });
    // A default queue stands in for a queue column.
    expect(mappingFromForm(form({ defaultQueue: 'VIP line' }, { 2: { role: '' } }), HEADER)).toMatchObject({ ok: true, mapping: { defaults: { queue: 'VIP line', channel: 'voice' } } });
  });

  it('refuses values no option offers (a tampered form)', () => {
    expect(errorsOf(form({ timestampFormat: 'ymd', defaultChannel: 'pigeon' }, { 6: { role: 'bogus' }, 5: { role: 'talk_s', unit: 'hours' } }))).toEqual({
      [columnControl(6, 'role')]: 'invalidChoice',
      [columnControl(5, 'unit')]: 'invalidChoice',
      timestampFormat: 'invalidChoice',
      defaultChannel: 'invalidChoice',
    });
  });
});

describe('readMappingForm and mappingFormFromSaved', () => {
  it('reads the posted controls of each column of the sample', () => {
    const posted = { label: ' Berlin ', timestampFormat: 'iso', 'col0.role': START_ROLE, 'col1.role': 'offered', 'col1.unit': '', 'col2.role': 'wait_s', 'col2.averageOf': 'handled', intervalMinutes: '15' };
    const values = readMappingForm(posted, 3);
    expect(values.label).toBe('Berlin');
    expect(values.columns).toEqual([
      { role: START_ROLE, unit: '', averageOf: '' },
      { role: 'offered', unit: '', averageOf: '' },
      { role: 'wait_s', unit: '', averageOf: 'handled' },
    ]);
  });

  it('starts a new sample from the saved mapping where its columns are in the header, and the mapping round-trips', () => {
    const saved = mappingFromForm(form(), HEADER);
    if (!saved.ok) throw new Error('valid');
    const values = mappingFormFromSaved(saved.mapping, HEADER);
    expect(values).toEqual(form());
    expect(mappingFromForm(values, HEADER)).toEqual(saved);
    // Another layout: only the columns it shares with the saved one are filled in.
    expect(mappingFormFromSaved(saved.mapping, ['anrufe', 'Other']).columns.map((c) => c.role)).toEqual(['offered', '']);
  });

  it('without a saved mapping, guesses canonical column names', () => {
    const values = mappingFormFromSaved(null, ['interval_start', 'Queue', 'offered', 'Talk time']);
    expect(values.columns.map((c) => c.role)).toEqual([START_ROLE, 'queue', 'offered', '']);
    expect(values.intervalMinutes).toBe('');
  });
});

describe('a mapping with the time of day in its own column reads the file', () => {
  async function mapText(mapping: CustomMapping, text: string) {
    const feed = await openCsvFeed(Readable.from([Buffer.from(text)]));
    const issues = new MappingIssueCollector(feed.issues);
    const rows = [];
    for await (const row of templateFromCustomMapping(mapping).map(feed.records, { header: feed.header, issues, timeZone: 'Asia/Taipei', decimalSeparator: feed.layout.decimalSeparator })) rows.push(row);
    return { rows, issues: issues.all() };
  }

  it('joins "02.03" style dates with "0830" or "08:30" times in the mapping zone, and says which cell is empty', async () => {
    const result = mappingFromForm(form(), HEADER);
    if (!result.ok) throw new Error('valid');
    const text = ['Datum;Uhrzeit;Gruppe;Anrufe;Angenommen;AHT (min);Bemerkung', '02/03/2026;0830;Karten;120;100;4,5;', '02/03/2026;09:00;Karten;80;80;3;ok', '02/03/2026;;Karten;1;1;1;'].join('\n');
    const { rows, issues } = await mapText(result.mapping, text);
    expect(rows.map((r) => [r.intervalStart.toISOString(), r.intervalMinutes, r.queue, r.channel, r.components])).toEqual([
      ['2026-03-02T07:30:00.000Z', 30, 'Karten', 'voice', { offered: 120, handled: 100, talk_s: 27_000 }],
      ['2026-03-02T08:00:00.000Z', 30, 'Karten', 'voice', { offered: 80, handled: 80, talk_s: 14_400 }],
    ]);
    expect(issues).toEqual([expect.objectContaining({ line: 4, column: 'Uhrzeit', code: 'value_missing' })]);
  });
});
