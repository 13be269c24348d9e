import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { VersionHistory } from '../../../app/components/contracts/contract-terms';
import { diffContractVersions } from '../../../app/domain/contracts/diff';
import { contractVersionInputSchema } from '../../../app/domain/contracts/version';
import { en } from '../../../app/i18n/en';
import type { Locale } from '../../../app/i18n/index';
import { I18nProvider } from '../../../app/i18n/react';
import { zhTW } from '../../../app/i18n/zh-TW';
import { serviceLevel, versionInput } from '../programs/fixtures';

const unitId = crypto.randomUUID();
const v1 = contractVersionInputSchema.parse(
  versionInput({ rateLines: [{ pricingModel: 'per_handled_contact', rate: '45', channel: 'voice' }], slas: [...versionInput().slas!, { kpi: 'aht', comparator: 'lte', target: 300, period: 'week', scopeUnitId: unitId }] }),
);
/** Every kind of change the diff writes: version terms, rate lines and SLAs changed, added and removed, with enum values. */
const v2 = contractVersionInputSchema.parse(
  versionInput({
    effectiveFrom: '2025-02-01',
    taxRatePct: 6,
    earnBackMonths: 6,
    rateLines: [{ pricingModel: 'per_handled_contact', rate: '47.5', channel: 'voice', description: 'Inbound' }, { pricingModel: 'pass_through', description: 'Telecom' }],
    slas: [
      serviceLevel({ target: 85, slVariant: 'positive', missingFeed: 'not_measured', thresholdS: 30 }),
      { kpi: 'abandonment_rate', comparator: 'lte', target: 5, isCritical: false },
      { kpi: 'asa', comparator: 'lte', target: 25, isCritical: true, allocationPct: 30 },
      { kpi: 'fcr', comparator: 'gte', target: 70, isCritical: true, allocationPct: 10 },
      { kpi: 'aht', comparator: 'lte', target: 280, period: 'week', scopeUnitId: unitId },
    ],
  }),
);
const changes = diffContractVersions(v1, v2, { units: { [unitId]: 'Kaohsiung 2' } });
const history = [{ fromVersionNo: 1, toVersionNo: 2, changes: JSON.parse(JSON.stringify(changes)) as typeof changes }];

/** The history's lines as a reader sees them (tags dropped). */
function lines(locale: Locale): string[] {
  const html = renderToStaticMarkup(
    <I18nProvider locale={locale}>
      <VersionHistory history={history} />
    </I18nProvider>,
  );
  return [...html.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

describe('version history in the reader language', () => {
  it('keeps the English text for audit and the API, and adds the structured change', () => {
    expect(changes.map((c) => c.text)).toContain('SLA service_level target 80% → 85%');
    expect(changes.map((c) => c.text)).toContain('SLA service_level missing feed counts as missed → not_measured');
    expect(changes.find((c) => c.text === 'SLA service_level target 80% → 85%')).toMatchObject({
      about: { area: 'sla', kpi: 'service_level', period: 'month', scope: { unit: null, queue: null, channel: null } },
      fieldId: 'target',
      beforeValue: { type: 'text', text: '80%' },
      afterValue: { type: 'text', text: '85%' },
    });
    expect(changes.find((c) => c.kind === 'added' && c.area === 'rate')).toMatchObject({ about: { pricingModel: 'pass_through', description: 'Telecom' }, afterValue: { type: 'atCost' } });
  });

  it('reads in English with KPI, field and option names from the catalogue', () => {
    const shown = lines('en');
    expect(shown).toContain('changed Effective from: 2025-01-01 → 2025-02-01');
    expect(shown).toContain('changed Tax rate (%): 5% → 6%');
    expect(shown).toContain('changed SLA Service level, Target: 80% → 85%');
    expect(shown).toContain('changed SLA Service level, A missing feed counts as: Missed → Not measured');
    expect(shown).toContain('changed SLA Service level, Threshold T (s): 20 s → 30 s');
    expect(shown).toContain('changed SLA Abandonment rate, Type: critical → key measurement');
    expect(shown).toContain('changed SLA Average handle time (Week) (Kaohsiung 2), Target: 300 s → 280 s');
    expect(shown).toContain('added Pass-through rate “Telecom” added: at cost');
    expect(shown).toContain('added SLA First-contact resolution added: ≥ 70%, critical 10%');
    expect(shown).toContain('removed SLA Quality score removed (was ≥ 90, key measurement)');
    expect(shown).toContain('changed Per handled contact rate (Voice): 45.00 → 47.50');
  });

  it('reads in Traditional Chinese: KPI names, field names and enum values, and no English of the catalogue', () => {
    const shown = lines('zh-TW');
    expect(shown).toHaveLength(changes.length);
    expect(shown).toContain('變更 生效日：2025-01-01 → 2025-02-01');
    expect(shown).toContain('變更 稅率（%）：5% → 6%');
    expect(shown).toContain('變更 回贖期（月）：3 → 6');
    expect(shown).toContain('變更 SLA 服務水準，目標值：80% → 85%');
    expect(shown).toContain('變更 SLA 服務水準，缺少資料時視為：未達成 → 不列入衡量');
    expect(shown).toContain('變更 SLA 服務水準，服務水準計算方式：負向（放棄計入未達成） → 正向（T 內放棄視為達成）');
    expect(shown).toContain('變更 SLA 服務水準，門檻 T（秒）：20 秒 → 30 秒');
    expect(shown).toContain('變更 SLA 放棄率，類型：關鍵 → 衡量指標');
    expect(shown).toContain('變更 SLA 平均處理時間（每週）（Kaohsiung 2），目標值：300 秒 → 280 秒');
    expect(shown).toContain('變更 按處理件數費率（語音）：45.00 → 47.50');
    expect(shown).toContain('新增 代墊費用費率「Telecom」 新增：依實際成本');
    expect(shown).toContain('新增 SLA 首次解決率 新增：≥ 70%，關鍵 10%');
    expect(shown).toContain('移除 SLA 品質評分 已移除（原為 ≥ 90，衡量指標）');

    // Only user content ("Telecom", "Inbound", the unit's name), "SLA" and the T of the threshold stay in Latin letters.
    const words = new Set(shown.flatMap((line) => line.match(/[A-Za-z][A-Za-z-]*/g) ?? []));
    expect([...words].sort()).toEqual(['Inbound', 'Kaohsiung', 'SLA', 'T', 'Telecom']);
    // Nor any piece of a contract message that reads differently in zh-TW ("critical", "key measurement", "at cost", "added: ").
    const english = Object.entries(en)
      .filter(([key, text]) => key.startsWith('contractsUi.') && zhTW[key as keyof typeof en] !== text)
      .flatMap(([, text]) => text.split(/\{\w+\}/).map((piece) => piece.trim()))
      .filter((piece) => /[A-Za-z]{4}/.test(piece));
    for (const line of shown) for (const piece of english) expect(line).not.toContain(piece);
  });
});
