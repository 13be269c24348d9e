/**
 * A notification is stored as a message key and raw parameters (a KPI id, ratios, ISO instants), so it
 * can be shown in each reader's language: this turns the parameters into what the reader should see,
 * named and formatted in their locale. Instants are shown in UTC, marked as such, because a notification
 * does not carry its program's time zone.
 */
import { formatSlaTarget } from '#app/components/contracts/format';
import { en } from '#app/i18n/en';
import { formatDateTime } from '#app/i18n/format';
import { translate, type Locale, type MessageKey, type MessageParams } from '#app/i18n/index';

type RawParams = Record<string, string | number | boolean | null | undefined>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
const INSTANT_PARAMS = new Set(['spanStart', 'spanEnd', 'deadline']);

const known = (key: string): key is MessageKey => key in en;

function instant(locale: Locale, value: string): string {
  return ISO_INSTANT.test(value) ? `${formatDateTime(locale, value, 'UTC')} UTC` : value;
}

export function notificationParams(locale: Locale, messageKey: string, params: RawParams): MessageParams {
  const out: MessageParams = {};
  const kpi = typeof params.kpi === 'string' ? params.kpi : null;
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined) out[name] = '';
    else if (name === 'kpi' && kpi && known(`contractsUi.kpi.${kpi}`)) out[name] = translate(locale, `contractsUi.kpi.${kpi}` as MessageKey);
    else if ((name === 'value' || name === 'target') && kpi && typeof value === 'number') out[name] = formatSlaTarget(locale, kpi, value, 'USD');
    else if (name === 'status' && messageKey.startsWith('sla.notification.dispute') && known(`sla.disputes.status.${value}`)) out[name] = translate(locale, `sla.disputes.status.${value}` as MessageKey);
    else if (INSTANT_PARAMS.has(name) && typeof value === 'string') out[name] = instant(locale, value);
    else out[name] = typeof value === 'boolean' ? String(value) : value;
  }
  return out;
}
