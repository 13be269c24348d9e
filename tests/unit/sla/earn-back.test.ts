import { describe, expect, it } from 'vitest';
import { buildEarnBackLedger, earnBacksDecidedIn, nextMonth, type MonthlySlaOutcome } from '../../../app/domain/sla/earn-back';
import type { SlaOutcome } from '../../../app/domain/sla/evaluate';

const history = (slaId: string, from: string, outcomes: SlaOutcome[]): MonthlySlaOutcome[] => {
  let month = from;
  return outcomes.map((outcome) => {
    const result = { slaId, month, outcome };
    month = nextMonth(month);
    return result;
  });
};
const credit = (month: string, amountMinor = 200_000n, earnBackMonths = 3) => ({ slaId: 'sl', month, amountMinor, earnBackMonths });

describe('earn-back: the credit returns when the SLA is met for the following N months', () => {
  it('is earned back in the third good month', () => {
    const [entry] = buildEarnBackLedger([credit('2024-01')], history('sl', '2024-01', ['missed', 'met', 'met', 'met', 'missed']));
    expect(entry).toMatchObject({
      creditMonth: '2024-01',
      fate: 'earned_back',
      decidedMonth: '2024-04',
      returnedMinor: 200_000n,
      metMonths: 3,
      windowMonths: [
        { month: '2024-02', outcome: 'met' },
        { month: '2024-03', outcome: 'met' },
        { month: '2024-04', outcome: 'met' },
      ],
    });
  });

  it('is forfeited by a miss inside the window, which starts its own credit', () => {
    const ledger = buildEarnBackLedger(
      [credit('2024-01'), credit('2024-03', 150_000n)],
      history('sl', '2024-01', ['missed', 'met', 'missed', 'met', 'met', 'met']),
    );
    expect(ledger[0]).toMatchObject({ creditMonth: '2024-01', fate: 'forfeited', decidedMonth: '2024-03', returnedMinor: 0n, metMonths: 1 });
    expect(ledger[1]).toMatchObject({ creditMonth: '2024-03', fate: 'earned_back', decidedMonth: '2024-06', returnedMinor: 150_000n });
  });

  it('stays pending while the data ends inside the window', () => {
    const [entry] = buildEarnBackLedger([credit('2024-11')], history('sl', '2024-11', ['missed', 'met', 'met']));
    expect(entry).toMatchObject({ fate: 'pending', decidedMonth: null, returnedMinor: 0n, metMonths: 2 });
    expect(entry?.windowMonths.map((m) => m.month)).toEqual(['2024-12', '2025-01']);
  });

  it('a not-measured month neither counts nor breaks: it extends the window', () => {
    const [entry] = buildEarnBackLedger([credit('2024-01')], history('sl', '2024-01', ['missed', 'met', 'not_measured', 'met', 'met']));
    expect(entry).toMatchObject({ fate: 'earned_back', decidedMonth: '2024-05', metMonths: 3 });
    expect(entry?.windowMonths).toHaveLength(4);
  });

  it('missing data counts as the evaluation outcome made it (missing-feed rule "missed" forfeits)', () => {
    // SlaResult.outcome of a missing feed under the default rule is 'missed'.
    const [entry] = buildEarnBackLedger([credit('2024-01')], history('sl', '2024-01', ['missed', 'met', 'missed']));
    expect(entry).toMatchObject({ fate: 'forfeited', decidedMonth: '2024-03' });
  });

  it('N = 0 means no earn-back: forfeited in its own month; zero credits are left out', () => {
    const ledger = buildEarnBackLedger([credit('2024-01', 500n, 0), credit('2024-02', 0n)], history('sl', '2024-01', ['missed', 'missed', 'met']));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ fate: 'forfeited', decidedMonth: '2024-01', windowMonths: [] });
  });

  it('keeps SLAs apart and lists what each month returns', () => {
    const results = [...history('sl', '2024-01', ['missed', 'met', 'met', 'met']), ...history('asa', '2024-01', ['missed', 'missed', 'met', 'met'])];
    const ledger = buildEarnBackLedger([credit('2024-01'), { ...credit('2024-01', 90_000n), slaId: 'asa' }], results);
    expect(ledger.map((e) => [e.slaId, e.fate])).toEqual([
      ['asa', 'forfeited'],
      ['sl', 'earned_back'],
    ]);
    expect(earnBacksDecidedIn(ledger, '2024-04').totalMinor).toBe(200_000n);
    expect(earnBacksDecidedIn(ledger, '2024-03').totalMinor).toBe(0n);
  });

  it('refuses a gap in the months', () => {
    const results = [...history('sl', '2024-01', ['missed', 'met']), { slaId: 'sl', month: '2024-04', outcome: 'met' as const }];
    expect(() => buildEarnBackLedger([credit('2024-01')], results)).toThrow(/consecutive/);
  });

  it('nextMonth rolls over the year', () => {
    expect(nextMonth('2024-12')).toBe('2025-01');
    expect(nextMonth('2024-09')).toBe('2024-10');
  });
});
