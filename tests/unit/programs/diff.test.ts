import { describe, expect, it } from 'vitest';
import { diffContractVersions } from '../../../app/domain/contracts/diff';
import { contractVersionInputSchema } from '../../../app/domain/contracts/version';
import { serviceLevel, versionInput } from './fixtures';

const v1 = contractVersionInputSchema.parse(versionInput());

describe('contract version diff', () => {
  it('is empty between identical terms', () => {
    expect(diffContractVersions(v1, v1)).toEqual([]);
  });

  it('reads like "SLA service_level target 80% → 85%" and "rate per handled contact 45.00 → 47.50"', () => {
    const v2 = contractVersionInputSchema.parse(
      versionInput({
        effectiveFrom: '2025-02-01',
        rateLines: [{ pricingModel: 'per_handled_contact', rate: '47.5' }],
        slas: [serviceLevel({ target: 85 }), ...versionInput().slas!.slice(1)],
      }),
    );
    expect(diffContractVersions(v1, v2).map((c) => c.text)).toEqual([
      'effective from 2025-01-01 → 2025-02-01',
      'rate per handled contact 45.00 → 47.50',
      'SLA service_level target 80% → 85%',
    ]);
  });

  it('lists added and removed lines and SLAs, and term changes', () => {
    const v2 = contractVersionInputSchema.parse(
      versionInput({
        atRiskPct: 10,
        rateLines: [{ pricingModel: 'per_handled_contact', rate: '45' }, { pricingModel: 'pass_through', description: 'Telecom' }],
        slas: versionInput().slas!.filter((s) => s.kpi !== 'qa_score').concat([{ kpi: 'fcr', comparator: 'gte', target: 70 }]),
      }),
    );
    const texts = diffContractVersions(v1, v2, {}).map((c) => c.text);
    expect(texts).toEqual(['at-risk 12% → 10%', 'pass-through Telecom added: at cost', 'SLA qa_score removed (was ≥ 90, key measurement)', 'SLA fcr added: ≥ 70%, key measurement']);
  });

  it('shows scope names, tiers and allocation changes', () => {
    const unitId = crypto.randomUUID();
    const a = contractVersionInputSchema.parse(versionInput({ rateLines: [{ pricingModel: 'per_handled_minute', tiers: [{ fromQty: 0, toQty: 1000, rate: '12' }, { fromQty: 1000, rate: '11' }] }], slas: [serviceLevel({ scopeUnitId: unitId })] }));
    const b = contractVersionInputSchema.parse(versionInput({ rateLines: [{ pricingModel: 'per_handled_minute', tiers: [{ fromQty: 0, toQty: 2000, rate: '12' }, { fromQty: 2000, rate: '10.5' }] }], slas: [serviceLevel({ scopeUnitId: unitId, allocationPct: 50, thresholdS: 10 })] }));
    const changes = diffContractVersions(a, b, { units: { [unitId]: 'Vendor A Kaohsiung' } });
    expect(changes.map((c) => c.text)).toEqual([
      'rate per handled minute 0-1000 @ 12.00; 1000-∞ @ 11.00 → 0-2000 @ 12.00; 2000-∞ @ 10.50',
      'SLA service_level [Vendor A Kaohsiung] threshold 20 s → 10 s',
      'SLA service_level [Vendor A Kaohsiung] allocation 40% → 50%',
    ]);
    expect(changes[1]).toMatchObject({ area: 'sla', kind: 'changed', field: 'threshold', before: '20 s', after: '10 s' });
  });
});
