import { describe, expect, it } from 'vitest';
import { checkShares, computeMix, costPerInteractionMinor, TELECOM_SHARES, todayShares, type MixBaseline } from '../../../app/domain/costs/channel-mix';
import { deriveChannelCosts } from '../../../app/domain/costs/channel-mix-costs';
import { defaultMixValues, evaluateMixForm, majorToFraction, mixValuesFrom } from '../../../app/domain/costs/channel-mix-params';

const per = (minor: bigint) => ({ num: minor, den: 1n });
/** 1,000 interactions a month: 900 agent contacts at 100.00, 100 IVR calls at 5.00, no web (2.00 each). */
const TODAY: MixBaseline = { months: 1, channels: { agent: { interactions: 900, cost: per(10_000n) }, ivr: { interactions: 100, cost: per(500n) }, web: { interactions: 0, cost: per(200n) } } };

describe('checkShares', () => {
  it('accepts whole percents adding up to 100 and names what is wrong otherwise', () => {
    expect(checkShares(TELECOM_SHARES)).toBeNull();
    expect(checkShares({ ivr: 50, web: 20, agent: 20 })).toEqual({ kind: 'share_sum', sum: 90 });
    expect(checkShares({ ivr: 101, web: 0, agent: -1 })).toEqual({ kind: 'share_range', channel: 'ivr' });
    expect(checkShares({ ivr: 50.5, web: 19.5, agent: 30 })).toEqual({ kind: 'share_range', channel: 'ivr' });
  });
});

describe('computeMix', () => {
  it('the telecom 50/20/30: 500 × 5.00 + 200 × 2.00 + 300 × 100.00 = 32,900.00 against 90,500.00 today', () => {
    const mix = computeMix(TODAY, TELECOM_SHARES);
    expect(mix.ok).toBe(true);
    if (!mix.ok) return;
    expect(mix.result.interactionsPerMonth).toBe(1000);
    expect(mix.result.today.shares).toEqual({ ivr: 10, web: 0, agent: 90 });
    expect(mix.result.today.totalMinor).toBe(9_050_000n);
    expect(mix.result.scenario.channels).toEqual({ ivr: { interactions: 500, costMinor: 250_000n }, web: { interactions: 200, costMinor: 40_000n }, agent: { interactions: 300, costMinor: 3_000_000n } });
    expect(mix.result.scenario.totalMinor).toBe(3_290_000n);
    expect(mix.result.differenceMinor).toBe(-5_760_000n);
  });

  it('averages a three-month period and rounds each channel once', () => {
    // 3,000 interactions over 3 months at 1/3 minor each: 1,000 a month × 1/3 = 333.33 → 333 per channel share.
    const third = { num: 1n, den: 3n };
    const baseline: MixBaseline = { months: 3, channels: { agent: { interactions: 3000, cost: third }, ivr: { interactions: 0, cost: third }, web: { interactions: 0, cost: third } } };
    const mix = computeMix(baseline, { ivr: 0, web: 0, agent: 100 });
    expect(mix.ok && mix.result.scenario.channels.agent).toEqual({ interactions: 1000, costMinor: 333n });
    expect(mix.ok && mix.result.today.totalMinor).toBe(333n);
  });

  it('refuses shares not adding up to 100 %, a share on a channel without a cost, and no volume', () => {
    expect(computeMix(TODAY, { ivr: 60, web: 20, agent: 30 })).toEqual({ ok: false, error: { kind: 'share_sum', sum: 110 } });
    const noWebCost = { ...TODAY, channels: { ...TODAY.channels, web: { interactions: 0, cost: null } } };
    expect(computeMix(noWebCost, TELECOM_SHARES)).toEqual({ ok: false, error: { kind: 'cost_unknown', channel: 'web' } });
    // With the web at 0 % its unknown cost does not matter, and today had no web volume either.
    const ok = computeMix(noWebCost, { ivr: 70, web: 0, agent: 30 });
    expect(ok.ok && ok.result.scenario.totalMinor).toBe(70n * 5n * 100n * 10n + 300n * 10_000n);
    expect(ok.ok && ok.result.today.totalMinor).toBe(9_050_000n);
    const empty: MixBaseline = { months: 3, channels: { agent: { interactions: 0, cost: null }, ivr: { interactions: 0, cost: null }, web: { interactions: 0, cost: null } } };
    expect(computeMix(empty, TELECOM_SHARES)).toEqual({ ok: false, error: { kind: 'no_volume' } });
  });

  it('today is unknown (not zero) when a channel in use has no cost', () => {
    const unknownIvr = { ...TODAY, channels: { ...TODAY.channels, ivr: { interactions: 100, cost: null } } };
    const mix = computeMix(unknownIvr, { ivr: 0, web: 0, agent: 100 });
    expect(mix.ok && mix.result.today.totalMinor).toBeNull();
    expect(mix.ok && mix.result.differenceMinor).toBeNull();
  });

  it('today’s shares add up to 100 by largest remainder', () => {
    const thirds: MixBaseline = { months: 1, channels: { agent: { interactions: 1, cost: null }, ivr: { interactions: 1, cost: null }, web: { interactions: 1, cost: null } } };
    expect(todayShares(thirds)).toEqual({ ivr: 34, web: 33, agent: 33 });
  });
});

describe('deriveChannelCosts: the documented allocation', () => {
  const inputs = {
    agentInteractions: 900,
    ivrInteractions: 100,
    webInteractions: 0,
    // In-house 90,000.00 of which 1,000.00 technology + telecom, covering 600 handled; vendor 30,000.00 for 300.
    inHouseTotalMinorTimes100: 9_000_000n * 100n,
    inHouseSharedMinor: 100_000n,
    inHouseCostedHandled: 600,
    hasInHouseCosts: true,
    vendorChargesMinor: 3_000_000n,
    vendorCostedHandled: 300,
  };

  it('self-service: 1,000.00 / 1,000 interactions = 1.00; agent: (90,000 − 1,000 × 100/1,000 + 30,000) / 900 = 133.22', () => {
    const costs = deriveChannelCosts(inputs);
    expect(costPerInteractionMinor(costs.ivr!)).toBe(100n);
    expect(costs.web).toEqual(costs.ivr);
    expect(costPerInteractionMinor(costs.agent!)).toBe(13_322n);
  });

  it('the channels’ costs add back up to the total cost exactly', () => {
    const costs = deriveChannelCosts(inputs);
    const mix = computeMix({ months: 1, channels: { agent: { interactions: 900, cost: costs.agent }, ivr: { interactions: 100, cost: costs.ivr }, web: { interactions: 0, cost: costs.web } } }, { ivr: 10, web: 0, agent: 90 });
    expect(mix.ok && mix.result.today.totalMinor).toBe(12_000_000n);
  });

  it('without in-house costs self-service is unknown and agents cost the vendor charge per handled contact', () => {
    const costs = deriveChannelCosts({ ...inputs, hasInHouseCosts: false, inHouseTotalMinorTimes100: 0n, inHouseSharedMinor: 0n, inHouseCostedHandled: 0 });
    expect(costs.ivr).toBeNull();
    expect(costPerInteractionMinor(costs.agent!)).toBe(10_000n);
  });
});

describe('the form', () => {
  it('reads a query, defaults to 50/20/30, and parses a cost in major units exactly', () => {
    expect(mixValuesFrom(new URLSearchParams(''))).toEqual(defaultMixValues());
    expect(mixValuesFrom(new URLSearchParams('ivr=40&web=10&agent=50&costWeb=1.5'))).toMatchObject({ ivr: '40', web: '10', agent: '50', costWeb: '1.5' });
    expect(costPerInteractionMinor(majorToFraction('12.5', 2))).toBe(1250n);
    // 0.1234 TWD = 12.34 minor units, exactly: 123,400 / 10,000.
    expect(majorToFraction('0.1234', 2)).toEqual({ num: 123_400n, den: 10_000n });
  });

  it('an entered cost replaces the data’s; bad fields are named; a wrong sum is the sum error', () => {
    const values = { ...defaultMixValues(), costWeb: '3.00' };
    const ok = evaluateMixForm(TODAY, values, 2);
    expect(ok.ok && ok.result.scenario.channels.web.costMinor).toBe(60_000n);
    expect(ok.ok && ok.overridden).toEqual(['web']);
    expect(evaluateMixForm(TODAY, { ...values, ivr: 'abc', costAgent: '-1' }, 2)).toEqual({ ok: false, error: { kind: 'fields', fields: { ivr: 'share', costAgent: 'cost' } } });
    expect(evaluateMixForm(TODAY, { ...values, ivr: '10' }, 2)).toEqual({ ok: false, error: { kind: 'share_sum', sum: 60 } });
  });
});
