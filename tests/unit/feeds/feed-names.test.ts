import { describe, expect, it } from 'vitest';
import { issueReason, templateName } from '#app/components/feeds/feed-names';
import { MAPPING_ISSUE_CODES, MappingIssueCollector } from '#app/domain/feeds/canonical/issues';
import { requireColumns } from '#app/domain/feeds/canonical/header-checks';
import { FILE_ISSUE_CODES, ROW_ISSUE_CODES, VALUE_ISSUE_CODES } from '#app/domain/feeds/issues';
import { FEED_TEMPLATES, parseCustomMapping, templateFromCustomMapping } from '#app/domain/feeds/templates';
import { parseCount } from '#app/domain/feeds/values';
import { CONSISTENCY_RULES } from '#app/domain/kpi/components';
import { en, type MessageKey } from '#app/i18n/en';
import { translator } from '#app/i18n/index';
import { zhTW } from '#app/i18n/zh-TW';

/** Staging's checks against the unit's queues (services/feeds/stage.server.ts) store these codes too. */
const STAGING_CODES = ['queue_unknown', 'queue_channel_mismatch'] as const;
const ALL_CODES = [...FILE_ISSUE_CODES, ...ROW_ISSUE_CODES, ...VALUE_ISSUE_CODES, ...MAPPING_ISSUE_CODES, ...CONSISTENCY_RULES, ...STAGING_CODES];

const zh = translator('zh-TW');
const english = translator('en');
const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function countIssue(raw: string) {
  const result = parseCount(raw);
  if (result.ok) throw new Error(`${raw} parsed`);
  return { ...result.reason, column: 'handled', value: raw };
}

describe('issueReason', () => {
  it('every issue code the readers, mappers, row rules and staging store has a reason in both languages, with the same parameters', () => {
    for (const code of ALL_CODES) {
      const key = `feedsUi.issue.${code}` as MessageKey;
      expect(en[key], code).toBeTypeOf('string');
      expect(zhTW[key], code).not.toBe(en[key]);
      expect(params(zhTW[key]), code).toEqual(params(en[key]));
      expect(params(en[key]).every((name) => ['value', 'column', 'names'].includes(name!)), code).toBe(true);
    }
  });

  it('shows the stored English message verbatim in English, whatever the catalogue says', () => {
    const issue = countIssue('1O');
    expect(issue).toMatchObject({ code: 'number_invalid', message: '"1O" is not a number.' });
    expect(issueReason(english, 'en', issue)).toBe('"1O" is not a number.');
    const percent = countIssue('85%');
    expect(issueReason(english, 'en', percent)).toBe('"85%" is a percentage, not a count.');
  });

  it("translates the code with the issue's value and column in zh-TW", () => {
    expect(issueReason(zh, 'zh-TW', countIssue('1O'))).toBe('「1O」不是數字。');
    expect(issueReason(zh, 'zh-TW', countIssue('-3'))).toBe('「-3」為負數，此欄位不可為負值。');
    const consistency = { code: 'handled_exceeds_offered', column: 'Contacts handled', value: '12', message: '"Contacts handled" (12) is more than "Contacts queued" (10).' };
    expect(issueReason(zh, 'zh-TW', consistency)).toBe('處理量「Contacts handled」（12）大於進線量。');
    expect(issueReason(zh, 'zh-TW', { code: 'value_missing', column: 'queue', value: '', message: '"queue" is empty; it is required.' })).toBe('「queue」為必填欄位，但沒有值。');
  });

  it('lists the column names a header issue quotes', () => {
    const issues = new MappingIssueCollector();
    requireColumns(issues, ['queue', 'channel']);
    const issue = { ...issues.all()[0]!, column: null, value: null };
    expect(issueReason(zh, 'zh-TW', issue)).toBe('標題列缺少必要欄位：「queue」、「channel」。');
  });

  it('falls back to the stored message for a code without a key, or when the text needs a part the issue lacks', () => {
    expect(issueReason(zh, 'zh-TW', { code: 'some_future_code', column: null, value: null, message: 'Something new.' })).toBe('Something new.');
    expect(issueReason(zh, 'zh-TW', { code: 'number_invalid', column: 'handled', value: null, message: '"" is not a number.' })).toBe('"" is not a number.');
    expect(issueReason(zh, 'zh-TW', { code: 'columns_missing', column: null, value: null, message: 'The header has no component column (offered, handled).' })).toBe(
      'The header has no component column (offered, handled).',
    );
  });
});

describe('templateName', () => {
  it("names every registered template by its id, the catalogue's English being the template's own label", () => {
    for (const template of FEED_TEMPLATES) {
      const key = `feedsUi.template.${template.id}` as MessageKey;
      expect(en[key], template.id).toBe(template.label);
      expect(templateName(english, template)).toBe(template.label);
      expect(templateName(zh, { id: template.id })).toBe(zhTW[key]);
      expect(zhTW[key]).not.toBe(en[key]);
    }
    expect(templateName(zh, { id: 'canonical-intervals' })).toBe('Outpost 時段報表格式');
  });

  it("keeps a custom mapping's own name, and translates the default one", () => {
    const unnamed = parseCustomMapping({ columns: { queue: { column: 'Q' }, offered: { column: 'O' } }, timestampColumn: 'T', timestampFormat: 'iso', intervalMinutes: 15, defaults: { channel: 'voice' } });
    if (!unnamed.ok) throw new Error(JSON.stringify(unnamed.issues));
    const template = templateFromCustomMapping(unnamed.mapping);
    expect(templateName(english, template)).toBe(template.label);
    expect(templateName(zh, template)).toBe('自訂欄位對應');
    expect(templateName(zh, { id: 'custom', label: 'Berlin site export' })).toBe('Berlin site export');
    expect(templateName(zh, { id: 'custom' })).toBe('自訂欄位對應');
  });

  it('shows an unknown template by its label, or its id', () => {
    expect(templateName(zh, { id: 'future-platform', label: 'Future platform export' })).toBe('Future platform export');
    expect(templateName(zh, { id: 'future-platform' })).toBe('future-platform');
  });
});
