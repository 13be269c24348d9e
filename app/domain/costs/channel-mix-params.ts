/**
 * The channel-mix form's values (a GET query, or the page's live state) → shares and cost overrides, with
 * an error per field. Shared by the loader (no JavaScript) and the browser (live update), so both agree.
 */
import { z } from 'zod';
import { computeMix, MIX_CHANNELS, TELECOM_SHARES, type CostFraction, type MixBaseline, type MixChannel, type MixResult, type Shares } from './channel-mix';

export const SHARE_FIELDS = { ivr: 'ivr', web: 'web', agent: 'agent' } as const satisfies Record<MixChannel, string>;
export const COST_FIELDS = { ivr: 'costIvr', web: 'costWeb', agent: 'costAgent' } as const satisfies Record<MixChannel, string>;
type FieldName = (typeof SHARE_FIELDS)[MixChannel] | (typeof COST_FIELDS)[MixChannel];
export type MixFormValues = Record<FieldName, string>;

export type MixFieldError = 'share' | 'cost';
export type MixFormError =
  | { kind: 'fields'; fields: Partial<Record<FieldName, MixFieldError>> }
  | { kind: 'share_sum'; sum: number }
  | { kind: 'cost_unknown'; channel: MixChannel }
  | { kind: 'no_volume' };

const share = z.coerce.number().int().min(0).max(100);
/** A cost in major units, up to 4 decimals (as rate cards are). */
const cost = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/);

export function defaultMixValues(): MixFormValues {
  return { ivr: String(TELECOM_SHARES.ivr), web: String(TELECOM_SHARES.web), agent: String(TELECOM_SHARES.agent), costIvr: '', costWeb: '', costAgent: '' };
}

/** Reads the form's fields from a query string; missing shares take the telecom's 50/20/30. */
export function mixValuesFrom(params: URLSearchParams): MixFormValues {
  const defaults = defaultMixValues();
  const read = (name: FieldName) => params.get(name)?.trim() ?? defaults[name];
  return { ivr: read('ivr'), web: read('web'), agent: read('agent'), costIvr: read('costIvr'), costWeb: read('costWeb'), costAgent: read('costAgent') };
}

/** "12.5" major units → minor units as an exact fraction (1250 / 1 for two digits; 0.1234 → 1234 / 100). */
export function majorToFraction(value: string, minorDigits: number): CostFraction {
  const [whole, fraction = ''] = value.split('.') as [string, string?];
  const scale = fraction.length;
  const num = BigInt(whole + fraction) * 10n ** BigInt(minorDigits);
  return { num, den: 10n ** BigInt(scale) };
}

export function evaluateMixForm(
  baseline: MixBaseline,
  values: MixFormValues,
  minorDigits: number,
): { ok: true; shares: Shares; result: MixResult; overridden: MixChannel[] } | { ok: false; error: MixFormError } {
  const fields: Partial<Record<FieldName, MixFieldError>> = {};
  const shares = {} as Shares;
  const channels = { ...baseline.channels };
  const overridden: MixChannel[] = [];
  for (const channel of MIX_CHANNELS) {
    const parsedShare = share.safeParse(values[SHARE_FIELDS[channel]] === '' ? undefined : values[SHARE_FIELDS[channel]]);
    if (parsedShare.success) shares[channel] = parsedShare.data;
    else fields[SHARE_FIELDS[channel]] = 'share';
    const rawCost = values[COST_FIELDS[channel]];
    if (rawCost === '') continue;
    const parsedCost = cost.safeParse(rawCost);
    if (!parsedCost.success) fields[COST_FIELDS[channel]] = 'cost';
    else {
      channels[channel] = { ...channels[channel], cost: majorToFraction(parsedCost.data, minorDigits) };
      overridden.push(channel);
    }
  }
  if (Object.keys(fields).length) return { ok: false, error: { kind: 'fields', fields } };
  const computed = computeMix({ ...baseline, channels }, shares);
  if (!computed.ok) {
    const e = computed.error;
    // Ranges were checked per field above; what is left is the sum, a missing cost or no volume.
    if (e.kind === 'share_sum' || e.kind === 'cost_unknown' || e.kind === 'no_volume') return { ok: false, error: e };
    return { ok: false, error: { kind: 'fields', fields: { [SHARE_FIELDS[e.channel]]: 'share' } } };
  }
  return { ok: true, shares, result: computed.result, overridden };
}
