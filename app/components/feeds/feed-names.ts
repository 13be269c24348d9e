import { en, type MessageKey } from '#app/i18n/en';
import type { Locale, Translate } from '#app/i18n/index';
import type { FeedIssueView } from './upload-types';

/** The language the domain writes issue messages and template labels in (logs, the API, the CSV report). */
const DOMAIN_TEXT_LOCALE: Locale = 'en';
const PLACEHOLDER = /\{(\w+)\}/g;
const CUSTOM_TEMPLATE_KEY = 'feedsUi.template.custom' satisfies MessageKey;

const asMessageKey = (key: string): MessageKey | undefined => (Object.hasOwn(en, key) ? (key as MessageKey) : undefined);

/** The column names a header issue quotes in its message ("queue", "channel"), listed the locale's way. */
function quotedNames(message: string, locale: Locale): string {
  const names = [...message.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
  return locale === 'zh-TW' ? names.map((name) => `「${name}」`).join('、') : names.map((name) => `"${name}"`).join(', ');
}

/**
 * An issue's reason in the reader's language. In English it is the stored message itself, which can say
 * more than a catalogue text (counts, limits, the other column of a rule). In another language it is the
 * catalogue's `feedsUi.issue.<code>` with the issue's value and column; the stored message when the code
 * has no key, or when the text needs a part this issue lacks (an empty cell, no quoted column names).
 */
export function issueReason(t: Translate, locale: Locale, issue: Pick<FeedIssueView, 'code' | 'message' | 'column' | 'value'>): string {
  if (locale === DOMAIN_TEXT_LOCALE) return issue.message;
  const key = asMessageKey(`feedsUi.issue.${issue.code}`);
  if (!key) return issue.message;
  const params: Record<string, string> = { value: issue.value ?? '', column: issue.column ?? '', names: quotedNames(issue.message, locale) };
  const needed = [...en[key].matchAll(PLACEHOLDER)].map((match) => match[1]!);
  if (needed.some((name) => !params[name])) return issue.message;
  return t(key, params);
}

/**
 * A feed template's name in the reader's language, by its id. A custom mapping keeps the name its author
 * gave it; the templates' own labels are English and must equal the catalogue's (tests/unit/feeds/feed-names).
 */
export function templateName(t: Translate, template: { id: string; label?: string }): string {
  if (template.id === 'custom' && template.label && template.label !== en[CUSTOM_TEMPLATE_KEY]) return template.label;
  const key = asMessageKey(`feedsUi.template.${template.id}`);
  return key ? t(key) : (template.label ?? template.id);
}
