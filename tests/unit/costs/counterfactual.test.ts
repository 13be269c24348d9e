import { describe, expect, it } from 'vitest';
import {
  addMonths,
  hundredths,
  monthsBetween,
  priceAgentMinutes,
  shrinkageOf,
  staffIntervals,
  sumInHouseMonth,
  totalCostMinor,
} from '../../../app/domain/costs/counterfactual';

const TARGET_80_20 = { serviceLevel: 0.8, thresholdSeconds: 20 };
/** 100 calls in 30 minutes at AHT 180 s: A = 10 Erlangs; the published Erlang C table gives SL(20 s) 79.6 % at 13 agents and 88.8 % at 14. */
const TEXTBOOK = { offered: 100, handled: 100, handleSeconds: 100 * 180, intervalMinutes: 30 };

/** 10 FTE at 50,000.00 TWD each, nothing else; 1,176 productive of 1,680 paid hours (30 % shrinkage). */
const IN_HOUSE = sumInHouseMonth([{ agentFte: '10.00', productiveHours: '1176.00', loadedCostPerFteMinor: 5_000_000n, otherMinor: 0n }]);

describe('staffIntervals', () => {
  it('staffs the textbook interval with 14 agents: 7 agent-hours', () => {
    const staffing = staffIntervals([TEXTBOOK], TARGET_80_20);
    expect(staffing).toEqual({ intervals: 1, skipped: 0, agentMinutes: 14 * 30, offered: 100, handled: 100 });
  });

  it('a stricter target needs more agents (90/10 at A = 10: 14 give 86.0 %, 15 give 92.3 %)', () => {
    expect(staffIntervals([TEXTBOOK], { serviceLevel: 0.9, thresholdSeconds: 10 }).agentMinutes).toBe(15 * 30);
  });

  it('sums intervals, staffs none for an empty one, skips daily rows and intervals without AHT', () => {
    const quiet = { offered: 0, handled: 0, handleSeconds: 0, intervalMinutes: 30 };
    const daily = { ...TEXTBOOK, intervalMinutes: 1440 };
    const noAht = { offered: 5, handled: 0, handleSeconds: 0, intervalMinutes: 30 };
    const staffing = staffIntervals([TEXTBOOK, TEXTBOOK, quiet, daily, noAht], TARGET_80_20);
    expect(staffing.agentMinutes).toBe(2 * 14 * 30);
    expect(staffing.intervals).toBe(3);
    expect(staffing.skipped).toBe(2);
    expect(staffing.offered).toBe(305);
  });
});

describe('in-house month and shrinkage', () => {
  it('keeps the total exact: FTE with decimals × loaded cost is not rounded before the sum', () => {
    const month = sumInHouseMonth([
      { agentFte: '2.5', productiveHours: '300', loadedCostPerFteMinor: 333n, otherMinor: 10n },
      { agentFte: '0.01', productiveHours: '1.5', loadedCostPerFteMinor: 49n, otherMinor: 0n },
    ]);
    // 2.5 × 333 = 832.5, + 10, + 0.01 × 49 = 0.49 → 842.99 → 843 once.
    expect(month.totalMinorTimes100).toBe(84_299n);
    expect(totalCostMinor(month)).toBe(843n);
    expect(month.fteHundredths).toBe(251n);
    expect(month.productiveHundredths).toBe(30_150n);
  });

  it('derives shrinkage as 1 − productive / (FTE × 168)', () => {
    const s = shrinkageOf(IN_HOUSE);
    expect(s.source).toBe('in_house_costs');
    expect(s.value).toBeCloseTo(0.3, 12);
  });

  it('falls back to 30 % without a cost row, and honours an override', () => {
    expect(shrinkageOf(null)).toMatchObject({ value: 0.3, source: 'default' });
    expect(shrinkageOf(IN_HOUSE, 0.25)).toMatchObject({ value: 0.25, source: 'default' });
    expect(() => shrinkageOf(null, 1)).toThrow(RangeError);
  });

  it('reads two decimals of numeric strings and refuses anything else', () => {
    expect(hundredths('1176')).toBe(117_600n);
    expect(hundredths('0.5')).toBe(50n);
    expect(() => hundredths('-1')).toThrow(RangeError);
  });
});

describe('priceAgentMinutes: the hand calculation', () => {
  it('14 agents × 0.5 h = 7 h; / (1 − 30 %) = 10 paid hours; × 500,000.00 / 1,680 h = 2,976.19 TWD', () => {
    const { agentMinutes } = staffIntervals([TEXTBOOK], TARGET_80_20);
    const cost = priceAgentMinutes(agentMinutes, IN_HOUSE, shrinkageOf(IN_HOUSE));
    expect(cost.agentHours).toBe(7);
    expect(cost.paidHours).toBeCloseTo(10, 12);
    // 500,000.00 TWD / 1,680 paid hours = 297.619… TWD per paid hour, shown rounded.
    expect(cost.loadedHourlyCostMinor).toBe(29_762n);
    // 10 h × 29,761.904… minor = 297,619.04… → 297,619, not 10 × the rounded 29,762 = 297,620.
    expect(cost.costMinor).toBe(297_619n);
  });

  it('is the same as agent hours × total / productive hours (shrinkage is not counted twice)', () => {
    const cost = priceAgentMinutes(420, IN_HOUSE, shrinkageOf(IN_HOUSE));
    // 7 h × 50,000,000 minor / 1,176 productive hours = 297,619.05
    expect(cost.costMinor).toBe(297_619n);
  });

  it('with an overridden shrinkage of 20 %: 7 / 0.8 = 8.75 paid hours × 29,761.90… = 260,416.67 → 260,417', () => {
    expect(priceAgentMinutes(420, IN_HOUSE, shrinkageOf(IN_HOUSE, 0.2)).costMinor).toBe(260_417n);
  });

  it('has hours but no cost without an in-house month', () => {
    expect(priceAgentMinutes(420, null, shrinkageOf(null))).toEqual({ agentHours: 7, paidHours: 10, loadedHourlyCostMinor: null, costMinor: null });
  });
});

describe('month ranges', () => {
  it('lists months across a year end and shifts months', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-03', '2025-02')).toEqual([]);
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-12', 3)).toBe('2025-03');
  });
});
