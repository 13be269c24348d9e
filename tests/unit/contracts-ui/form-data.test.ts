import { describe, expect, it } from 'vitest';
import { describeField } from '../../../app/components/contracts/error-summary';
import { translator } from '../../../app/i18n/index';
import { blankSla, versionFieldErrors, versionInputOf, versionValuesFrom, versionValuesOf, withBlankRows } from '../../../app/components/contracts/version-form';
import { errorUnder, fieldErrorsFromIssues, fieldNameOf, isBlankRow, parseFieldName, parseNestedForm, rowsOf, textOf } from '../../../app/lib/form-data';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

describe('nested form fields', () => {
  it('reads names into paths and back', () => {
    expect(parseFieldName('slas[2].target')).toEqual(['slas', 2, 'target']);
    expect(parseFieldName('rateLines[0].tiers[1].rate')).toEqual(['rateLines', 0, 'tiers', 1, 'rate']);
    expect(parseFieldName('unitIds[]')).toEqual(['unitIds', '[]']);
    expect(fieldNameOf(['slas', 2, 'target'])).toBe('slas[2].target');
    expect(fieldNameOf(['rateLines', 0, 'tiers', 1, 'rate'])).toBe('rateLines[0].tiers[1].rate');
    expect(fieldNameOf(['reason'])).toBe('reason');
  });

  it('builds nested objects and arrays, keeping the posted indexes', () => {
    const raw = parseNestedForm(
      form([
        ['reason', 'Peak'],
        ['slas[0].kpi', 'asa'],
        ['slas[0].target', '30'],
        ['slas[2].kpi', 'fcr'],
        ['rateLines[0].tiers[1].rate', '38.5'],
        ['unitIds[]', 'a'],
        ['unitIds[]', 'b'],
      ]),
    );
    expect(raw.reason).toBe('Peak');
    expect((raw.slas as unknown[]).length).toBe(3);
    expect((raw.slas as unknown[])[1]).toBeUndefined();
    expect(rowsOf(raw.slas)).toEqual([{ kpi: 'asa', target: '30' }, { kpi: 'fcr' }]);
    expect(raw.rateLines).toEqual([{ tiers: [undefined, { rate: '38.5' }] }]);
    expect(raw.unitIds).toEqual(['a', 'b']);
  });

  it('collects a repeated plain name only when it is declared a list; otherwise the last value wins', () => {
    const data = form([
      ['channels', 'voice'],
      ['channels', 'ivr'],
      ['name', 'first'],
      ['name', 'second'],
    ]);
    expect(parseNestedForm(data, ['channels'])).toEqual({ channels: ['voice', 'ivr'], name: 'second' });
    expect(parseNestedForm(form([]), ['channels'])).toEqual({ channels: [] });
  });

  it('refuses prototype keys and huge indexes, and ignores files', () => {
    const data = form([
      ['__proto__.polluted', 'yes'],
      ['a.constructor.prototype.x', 'y'],
      ['slas[100000].kpi', 'asa'],
    ]);
    data.append('file', new Blob(['x']), 'x.txt');
    const raw = parseNestedForm(data);
    expect(raw).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a name used both as a value and as a group keeps the group', () => {
    expect(parseNestedForm(form([['a', 'x'], ['a.b', 'y']]))).toEqual({ a: { b: 'y' } });
  });

  it('tells blank rows, texts and errors under a group', () => {
    expect(isBlankRow({ kpi: '', target: '  ', comparator: 'gte' }, ['comparator'])).toBe(true);
    expect(isBlankRow({ kpi: 'asa', comparator: 'gte' }, ['comparator'])).toBe(false);
    expect(isBlankRow({ tiers: [{ rate: '' }] })).toBe(true);
    expect(textOf(undefined)).toBe('');
    expect(textOf(['x'])).toBe('');
    const errors = fieldErrorsFromIssues([
      { path: ['slas', 1, 'target'], message: 'a' },
      { path: ['slas', 1, 'target'], message: 'b' },
      { path: ['rateLines', 0, 'tiers', 1, 'toQty'], message: 'c' },
    ]);
    expect(errors).toEqual({ 'slas[1].target': 'a', 'rateLines[0].tiers[1].toQty': 'c' });
    expect(errorUnder(errors, 'rateLines[0].tiers')).toBe('c');
    expect(errorUnder(errors, 'slas[0]')).toBeUndefined();
  });
});

describe('the contract version form', () => {
  const stored = {
    currency: 'TWD',
    taxRateBp: 500,
    minimumMonthlyCommitment: '1500000.0000',
    atRiskBp: 1200,
    poolBp: 10000,
    earnBackMonths: 3,
    rateLines: [{ pricingModel: 'per_handled_contact', description: null, channel: 'voice', queueId: null, rate: null, tiers: [{ fromQty: 0, toQty: 40000, rate: '42.0000' }, { fromQty: 40000, toQty: null, rate: '38.5000' }] }],
    slas: [{ kpi: 'service_level', comparator: 'gte', target: 0.8, period: 'month', scopeUnitId: null, scopeQueueId: null, scopeChannel: null, minimumVolume: 0, missingFeed: 'missed', slVariant: 'negative', thresholdS: 20, shortAbandonS: 5, isCritical: true, allocationBp: 4000 }],
  };

  it('prefills from a stored version in the units people type: percent, plain amounts', () => {
    const values = versionValuesOf(stored);
    expect(values).toMatchObject({ taxRatePct: '5', atRiskPct: '12', poolPct: '100', minimumMonthlyCommitment: '1500000', effectiveFrom: '', reason: '' });
    expect(values.rateLines[0]!.tiers).toEqual([{ fromQty: '0', toQty: '40000', rate: '42' }, { fromQty: '40000', toQty: '', rate: '38.5' }]);
    expect(values.slas[0]).toMatchObject({ target: '80', allocationPct: '40', thresholdS: '20', isCritical: true });
  });

  it('drops the blank rows it offers and points errors back at the rows as posted', () => {
    const values = withBlankRows(versionValuesOf(stored));
    // Blank SLA rows before and between filled ones: the service's SLA 2 is the form's SLA 5.
    values.slas = [blankSla(), ...values.slas, { ...blankSla(), kpi: 'asa', target: '30' }];
    const { input, positions } = versionInputOf(values);
    expect(input.rateLines).toHaveLength(1);
    expect(input.rateLines[0]!.tiers).toHaveLength(2);
    expect(input.slas).toHaveLength(2);
    expect(positions).toEqual({ rateLines: [0], tiers: [[0, 1]], slas: [1, 4] });
    const errors = versionFieldErrors(
      [
        { path: ['slas', 1, 'target'], message: 'programs.error.targetOutOfRange' },
        { path: ['rateLines', 0, 'tiers', 1, 'toQty'], message: 'programs.error.tierBoundsInvalid' },
        { path: ['effectiveFrom'], message: 'programs.error.invalidDate' },
      ],
      positions,
    );
    expect(errors).toEqual({ 'slas[4].target': 'programs.error.targetOutOfRange', 'rateLines[0].tiers[1].toQty': 'programs.error.tierBoundsInvalid', effectiveFrom: 'programs.error.invalidDate' });
  });

  it('reads a posted form back into the same values', () => {
    const raw = parseNestedForm(
      form([
        ['effectiveFrom', '2025-02-01'],
        ['reason', 'Peak'],
        ['slas[0].kpi', 'csat'],
        ['slas[0].target', '85'],
        ['slas[0].isCritical', 'on'],
        ['rateLines[0].pricingModel', 'pass_through'],
        ['rateLines[0].description', 'Telecom'],
      ]),
    );
    const values = versionValuesFrom(raw);
    expect(values.slas[0]).toMatchObject({ kpi: 'csat', target: '85', isCritical: true, comparator: '' });
    expect(values.rateLines[0]).toEqual({ pricingModel: 'pass_through', description: 'Telecom', channel: '', queueId: '', rate: '', tiers: [] });
  });

  it('names where an error is, in the user language', () => {
    expect(describeField(translator('en'), 'rateLines[0].tiers[1].toQty')).toBe('Rate line 1 · Tier 2 · To');
    expect(describeField(translator('en'), 'slas[2].allocationPct')).toBe('SLA 3 · Allocation (% of at-risk)');
    expect(describeField(translator('zh-TW'), 'slas[0].target')).toBe('SLA 1 · 目標值');
    expect(describeField(translator('en'), 'unitIds[0]')).toBe('Units covered');
  });
});
