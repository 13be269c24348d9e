/**
 * An invoice line's description in the reader's language. The line stores its English text (exports, the
 * ERP, lines computed before 0014) and, for the portal's own wording, a message key with raw params
 * (app/domain/billing/engine.ts): ids among them are named by key here, `kpi` as the contract pages name
 * KPIs, `model` (a pricing model) as the billing catalogue does; `text` is someone's own text, shown as
 * typed. A line without a key, or with a key this build does not know, shows its stored description.
 */
import { en } from './en';
import type { MessageKey, MessageParams, Translate } from './index';
import type { InvoiceLineParams } from '#db/schema/billing';

export interface DescribedLine {
  description: string;
  descriptionKey: string | null;
  descriptionParams: InvoiceLineParams | null;
}

const known = (key: string): key is MessageKey => key in en;

export function invoiceLineText(t: Translate, line: DescribedLine): string {
  const key = line.descriptionKey;
  if (!key || !known(key)) return line.description;
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(line.descriptionParams ?? {})) {
    const byKey = name === 'kpi' ? `contractsUi.kpi.${value}` : name === 'model' ? `billing.line.model.${value}` : null;
    params[name] = byKey && known(byKey) ? t(byKey) : value;
  }
  // A band's label is the rate-card line's own text, or its pricing model's name.
  params.label = params.text ?? params.model ?? '';
  return t(key, params);
}
