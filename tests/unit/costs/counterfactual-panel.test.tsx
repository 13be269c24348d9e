import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CounterfactualPanel } from '../../../app/components/costs/counterfactual-panel';
import { staffIntervals, type MeasuredInterval } from '../../../app/domain/costs/counterfactual';
import type { CounterfactualDto } from '../../../app/domain/costs/counterfactual-types';

const DTO: CounterfactualDto = {
  programId: 'p1',
  currency: 'TWD',
  minorDigits: 2,
  from: '2026-03',
  to: '2026-03',
  months: ['2026-03'],
  inHouseUnits: [{ id: 'u0', name: 'Taipei in-house' }],
  method: { hoursPerFteMonth: 168, defaultShrinkage: 0.3, defaultTarget: { serviceLevel: 0.8, thresholdSeconds: 20 }, erlangChannels: ['voice'] },
  forward: [
    {
      unitId: 'u1',
      unitName: 'Vendor site',
      vendorName: 'Vendor One',
      contractId: 'c1',
      contractName: 'Bank × Vendor',
      months: [
        {
          month: '2026-03',
          target: { serviceLevel: 0.8, thresholdSeconds: 20, source: 'contract' },
          intervals: 16,
          skippedRows: 0,
          offered: 312,
          handled: 280,
          agentHours: 26,
          paidHours: 26 / 0.7,
          shrinkage: 0.3,
          shrinkageSource: 'in_house_costs',
          loadedHourlyCostMinor: '30357',
          inHouseCostMinor: '1127551',
          vendorCostMinor: '1260000',
          vendorCostSource: 'service_credits',
        },
      ],
    },
  ],
  reverse: [{ contractId: 'c1', contractName: 'Bank × Vendor', vendorName: 'Vendor One', months: [{ month: '2026-03', handled: 280, inHouseActualCostMinor: '51000000', atVendorRateMinor: '1260000', unpricedModels: ['pass_through'] }] }],
};

describe('CounterfactualPanel', () => {
  it('renders the method, the chart’s table and both tables with exact money from what loadCounterfactual returns', () => {
    const html = renderToStaticMarkup(<CounterfactualPanel {...DTO} />);
    expect(html).toContain('How this is calculated');
    expect(html).toContain('NT$11,275.51');
    expect(html).toContain('NT$12,600.00');
    expect(html).toContain('NT$510,000.00');
    expect(html).toContain('(not priced: Pass-through)');
    expect(html).toContain('80% in 20 s');
    expect(html).toContain('37.1');
  });
});

describe('staffIntervals performance', () => {
  it('staffs a month of quarter-hours for a queue (2,976 intervals) quickly', () => {
    const intervals: MeasuredInterval[] = Array.from({ length: 2976 }, (_, i) => {
      const offered = 20 + ((i * 37) % 400);
      return { offered, handled: offered, handleSeconds: offered * (150 + (i % 90)), intervalMinutes: 15 };
    });
    const started = performance.now();
    const staffing = staffIntervals(intervals, { serviceLevel: 0.8, thresholdSeconds: 20 });
    const elapsed = performance.now() - started;
    expect(staffing.intervals).toBe(2976);
    expect(elapsed).toBeLessThan(2000);
  });
});
