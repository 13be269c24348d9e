/**
 * The billing engine: one contract month's invoice from its terms, measured volumes, SLA credits,
 * earn-backs and manual items. Pure: no database, no clock; the service loads the inputs and stores the
 * result, and the SLA engine's invoice basis is this module's service subtotal (see serviceLines).
 *
 * Invoice (DOMAIN.md "Pricing models") = service lines (usage, fixed fees, minimum true-up)
 *   + pass-through items - SLA credits + earn-backs ± adjustments and credit/debit notes, plus tax.
 *
 *  usage line   quantity (summed over the line's channel/queue scope) × rate, rounded once
 *  tiers        graduated: one line per band the quantity reaches, band quantity × band rate, each rounded
 *               once; band [from, to): a quantity exactly at `to` is wholly in the lower band
 *  minimum      when the service lines add up to less than the minimum monthly commitment, a true-up
 *               line of the difference
 *  tax          per taxable line, amount × taxRateBp / 10,000, rounded once; credits reduce tax too
 */
import type { InvoiceLineKind, InvoiceLineParams, InvoiceLineSource, RoundingMode } from '#db/schema/billing';
import type { PricingModel, StoredTier } from '#app/domain/contracts/rate-card';
import { boundOnScale, formatQuantity, MEASURE_OF, quantityOf, type BillableComponents, type Quantity } from './quantity';
import { basisPointsOf, divideRound, parseScaled } from './rounding';

/** Rates are numeric(18,4) on the rate card; the invoice stores up to 6 decimals. */
const RATE_SCALE = 6;

export interface BillingRateLine {
  id: string;
  position: number;
  pricingModel: PricingModel;
  description: string | null;
  channel: string | null;
  queueId: string | null;
  rate: string | null;
  tiers: readonly StoredTier[];
}

export interface BillingTerms {
  currency: string;
  minorDigits: number;
  taxRateBp: number;
  /** Decimal string in major units, or null. */
  minimumMonthlyCommitment: string | null;
  rateLines: readonly BillingRateLine[];
}

/** Summed components of one unit, queue and channel (feed channel names) over the month. */
export interface BillingVolume {
  unitId?: string;
  queueId: string;
  channel: string;
  components: BillableComponents;
}

export interface BillingCredit {
  slaId: string;
  slaKey: string;
  kpi: string;
  /** The credit levied after the cap, positive minor units. */
  amountMinor: bigint;
}

export interface BillingEarnBack {
  slaKey: string;
  kpi: string;
  creditMonth: string;
  returnedMinor: bigint;
}

export interface BillingItem {
  id: string;
  kind: 'adjustment' | 'credit_note' | 'debit_note' | 'pass_through';
  description: string;
  reason: string;
  correctsMonth: string | null;
  /** Signed minor units. */
  amountMinor: bigint;
  isTaxable: boolean;
  /** The vendor invoice whose acceptance with an adjustment wrote this item, if any. */
  vendorInvoiceNumber?: string | null;
}

export interface BillingInput {
  month: string;
  terms: BillingTerms;
  volumes: readonly BillingVolume[];
  credits: readonly BillingCredit[];
  earnBacks: readonly BillingEarnBack[];
  items: readonly BillingItem[];
  rounding: RoundingMode;
}

export interface ComputedLine {
  kind: InvoiceLineKind;
  lineKey: string;
  /** English (exports, the ERP, matching a vendor's lines by description). */
  description: string;
  /** The same text as a message key (billing.line.*) and raw params, for the reader's language; null: free text only. */
  descriptionKey: string | null;
  descriptionParams: InvoiceLineParams | null;
  pricingModel: PricingModel | null;
  channel: string | null;
  queueId: string | null;
  rateCardLineId: string | null;
  quantity: string;
  quantityUnit: string;
  rate: string | null;
  amountMinor: bigint;
  taxMinor: bigint;
  isTaxable: boolean;
  source: InvoiceLineSource;
}

export interface ComputedInvoice {
  lines: (ComputedLine & { position: number })[];
  /** Service lines (usage, fixed, minimum true-up): the SLA engine's invoice basis. */
  serviceMinor: bigint;
  subtotalMinor: bigint;
  creditsMinor: bigint;
  adjustmentsMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

const UNIT_OF: Record<PricingModel, string> = {
  per_handled_contact: 'contacts',
  per_handled_minute: 'minutes',
  per_productive_hour: 'hours',
  per_fte_month: 'FTE-months',
  fixed_monthly_fee: 'months',
  pass_through: 'items',
};

const MODEL_LABEL: Record<PricingModel, string> = {
  per_handled_contact: 'Handled contacts',
  per_handled_minute: 'Handled minutes',
  per_productive_hour: 'Productive hours',
  per_fte_month: 'FTE-months',
  fixed_monthly_fee: 'Fixed monthly fee',
  pass_through: 'Pass-through',
};

/** Programs say web_self_service where feeds say web (as services/feeds/unit-context does). */
const feedChannel = (channel: string) => (channel === 'web_self_service' ? 'web' : channel);

/** amount (minor) of `q` units at `rate` (decimal string, major units per unit), rounded once. */
export function priceOf(q: Quantity, rate: string, minorDigits: number, mode: RoundingMode): bigint {
  return divideRound(q.num * parseScaled(rate, RATE_SCALE) * 10n ** BigInt(minorDigits), q.den * 10n ** BigInt(RATE_SCALE), mode);
}

/** A decimal string in major units as minor units, rounded once (the minimum commitment). */
export function toMinor(value: string, minorDigits: number, mode: RoundingMode): bigint {
  return divideRound(parseScaled(value, RATE_SCALE) * 10n ** BigInt(minorDigits), 10n ** BigInt(RATE_SCALE), mode);
}

function sumVolumes(rows: readonly BillingVolume[]): BillableComponents {
  const out: BillableComponents = { handled: 0, talk_s: 0, hold_s: 0, wrap_s: 0, staffed_s: 0 };
  for (const r of rows) for (const key of Object.keys(out) as (keyof BillableComponents)[]) out[key] += r.components[key];
  return out;
}

type ServiceLine = Omit<ComputedLine, 'taxMinor' | 'isTaxable'>;

/**
 * The service lines of the rate card (usage by band, fixed fees) and the minimum true-up; the SLA engine's
 * invoice basis is their sum. Pass-through rate-card lines only declare that items are billed at cost:
 * their amounts come from the month's pass-through items.
 */
export function serviceLines(month: string, terms: BillingTerms, volumes: readonly BillingVolume[], rounding: RoundingMode): { lines: ServiceLine[]; totalMinor: bigint; minimumMinor: bigint | null } {
  const lines: ServiceLine[] = [];
  for (const rl of [...terms.rateLines].sort((a, b) => a.position - b.position)) {
    if (rl.pricingModel === 'pass_through') continue;
    const rows = volumes.filter((v) => (rl.queueId === null || v.queueId === rl.queueId) && (rl.channel === null || v.channel === feedChannel(rl.channel)));
    const q = quantityOf(rl.pricingModel, sumVolumes(rows))!;
    const scope = `${rl.channel ?? 'all'}:${rl.queueId ?? 'all'}`;
    const label = rl.description ?? MODEL_LABEL[rl.pricingModel];
    // A rate-card line's own description is the client's text, shown as typed; the model's name is a message.
    const labelParams: InvoiceLineParams = rl.description === null ? { model: rl.pricingModel } : { text: rl.description };
    const isFixed = rl.pricingModel === 'fixed_monthly_fee';
    const source: InvoiceLineSource = isFixed
      ? { kind: 'rate_card', month, note: `rate card line ${rl.position}` }
      : { kind: 'kpi', measure: MEASURE_OF[rl.pricingModel], unitIds: [...new Set(rows.map((r) => r.unitId).filter((u): u is string => !!u))].sort(), queueId: rl.queueId, channel: rl.channel, month };
    const base = { kind: (isFixed ? 'fixed' : 'usage') as InvoiceLineKind, pricingModel: rl.pricingModel, channel: rl.channel, queueId: rl.queueId, rateCardLineId: rl.id, quantityUnit: UNIT_OF[rl.pricingModel], source };
    if (rl.tiers.length === 0) {
      const rate = rl.rate ?? '0';
      const message = rl.description === null ? { descriptionKey: `billing.line.model.${rl.pricingModel}`, descriptionParams: null } : { descriptionKey: null, descriptionParams: null };
      lines.push({ ...base, lineKey: `${base.kind}:${rl.pricingModel}:${scope}:${rl.position}`, description: label, ...message, quantity: formatQuantity(q), rate, amountMinor: priceOf(q, rate, terms.minorDigits, rounding) });
      continue;
    }
    let emitted = 0;
    rl.tiers.forEach((tier, i) => {
      const from = boundOnScale(tier.fromQty, q);
      const to = tier.toQty === null ? null : boundOnScale(tier.toQty, q);
      const upper = to === null || q.num < to ? q.num : to;
      // Bands the quantity does not reach are left out, but a month without volume still shows band 1.
      if (upper <= from && !(i === 0 && emitted === 0 && q.num <= from)) return;
      const band: Quantity = { num: upper > from ? upper - from : 0n, den: q.den };
      emitted += 1;
      const range = `${tier.fromQty}–${tier.toQty ?? '∞'}`;
      lines.push({
        ...base,
        lineKey: `${base.kind}:${rl.pricingModel}:${scope}:${rl.position}:tier${i + 1}`,
        description: `${label} (band ${i + 1}: ${range})`,
        descriptionKey: 'billing.line.band',
        descriptionParams: { ...labelParams, band: i + 1, range },
        quantity: formatQuantity(band),
        rate: tier.rate,
        amountMinor: priceOf(band, tier.rate, terms.minorDigits, rounding),
        source: { ...source, note: `band ${i + 1} of ${rl.tiers.length}: ${range}` },
      });
    });
  }
  let totalMinor = lines.reduce((s, l) => s + l.amountMinor, 0n);
  const minimumMinor = terms.minimumMonthlyCommitment === null ? null : toMinor(terms.minimumMonthlyCommitment, terms.minorDigits, rounding);
  if (minimumMinor !== null && minimumMinor > totalMinor) {
    const trueUp = minimumMinor - totalMinor;
    lines.push({
      kind: 'minimum_true_up',
      lineKey: 'minimum_true_up',
      description: 'Minimum monthly commitment true-up',
      descriptionKey: 'billing.line.minimumTrueUp',
      descriptionParams: null,
      pricingModel: null,
      channel: null,
      queueId: null,
      rateCardLineId: null,
      quantity: '1.0000',
      quantityUnit: 'months',
      rate: null,
      amountMinor: trueUp,
      source: { kind: 'minimum', month, note: `minimum ${terms.minimumMonthlyCommitment} ${terms.currency}; service lines ${totalMinor} minor units` },
    });
    totalMinor = minimumMinor;
  }
  return { lines, totalMinor, minimumMinor };
}

const ITEM_KIND: Record<BillingItem['kind'], InvoiceLineKind> = { adjustment: 'adjustment', credit_note: 'credit_note', debit_note: 'debit_note', pass_through: 'pass_through' };

/**
 * An item's description is finance's own text, shown as typed, except the adjustment a vendor invoice's
 * acceptance wrote (its stored English text is the portal's, so it is rendered by key) and the
 * "(corrects YYYY-MM)" a note adds.
 */
function itemMessage(item: BillingItem): Pick<ComputedLine, 'descriptionKey' | 'descriptionParams'> {
  // Such an adjustment is of kind 'adjustment', which never corrects another month.
  if (item.vendorInvoiceNumber) return { descriptionKey: 'billing.line.vendorInvoiceAdjustment', descriptionParams: { invoiceNumber: item.vendorInvoiceNumber } };
  if (item.correctsMonth) return { descriptionKey: 'billing.line.corrects', descriptionParams: { text: item.description, month: item.correctsMonth } };
  return { descriptionKey: null, descriptionParams: null };
}

export function computeInvoice(input: BillingInput): ComputedInvoice {
  const { month, terms, rounding } = input;
  const service = serviceLines(month, terms, input.volumes, rounding);
  const lines: (ServiceLine & { isTaxable?: boolean })[] = [...service.lines];
  const one = { quantity: '1.0000', pricingModel: null, channel: null, queueId: null, rateCardLineId: null, rate: null } as const;
  for (const item of input.items.filter((i) => i.kind === 'pass_through')) {
    lines.push({ ...one, kind: 'pass_through', lineKey: `pass_through:${item.id}`, description: item.description, descriptionKey: null, descriptionParams: null, quantityUnit: 'items', amountMinor: item.amountMinor, isTaxable: item.isTaxable, source: { kind: 'adjustment', month, note: item.reason } });
  }
  for (const credit of input.credits.filter((c) => c.amountMinor !== 0n)) {
    lines.push({ ...one, kind: 'sla_credit', lineKey: `sla_credit:${credit.slaKey}`, description: `SLA credit: ${credit.kpi}`, descriptionKey: 'billing.line.slaCredit', descriptionParams: { kpi: credit.kpi }, quantityUnit: 'credits', amountMinor: -credit.amountMinor, source: { kind: 'sla_credit', month, note: credit.slaKey } });
  }
  for (const eb of input.earnBacks.filter((e) => e.returnedMinor !== 0n)) {
    lines.push({ ...one, kind: 'earn_back', lineKey: `earn_back:${eb.slaKey}:${eb.creditMonth}`, description: `Earn-back of the ${eb.creditMonth} credit: ${eb.kpi}`, descriptionKey: 'billing.line.earnBack', descriptionParams: { month: eb.creditMonth, kpi: eb.kpi }, quantityUnit: 'credits', amountMinor: eb.returnedMinor, source: { kind: 'earn_back', month: eb.creditMonth, note: eb.slaKey } });
  }
  for (const item of input.items.filter((i) => i.kind !== 'pass_through')) {
    const corrects = item.correctsMonth ? ` (corrects ${item.correctsMonth})` : '';
    lines.push({ ...one, kind: ITEM_KIND[item.kind], lineKey: `${item.kind}:${item.id}`, description: `${item.description}${corrects}`, ...itemMessage(item), quantityUnit: 'items', amountMinor: item.amountMinor, isTaxable: item.isTaxable, source: { kind: 'adjustment', month: item.correctsMonth ?? month, note: item.reason } });
  }
  const computed = lines.map((line, i) => {
    const isTaxable = line.isTaxable ?? true;
    return { ...line, position: i + 1, isTaxable, taxMinor: isTaxable ? basisPointsOf(line.amountMinor, terms.taxRateBp, rounding) : 0n };
  });
  const sumOf = (kinds: InvoiceLineKind[]) => computed.filter((l) => kinds.includes(l.kind)).reduce((s, l) => s + l.amountMinor, 0n);
  const subtotalMinor = sumOf(['usage', 'fixed', 'minimum_true_up', 'pass_through']);
  const creditsMinor = sumOf(['sla_credit', 'earn_back']);
  const adjustmentsMinor = sumOf(['adjustment', 'credit_note', 'debit_note']);
  const taxMinor = computed.reduce((s, l) => s + l.taxMinor, 0n);
  return { lines: computed, serviceMinor: service.totalMinor, subtotalMinor, creditsMinor, adjustmentsMinor, taxMinor, totalMinor: subtotalMinor + creditsMinor + adjustmentsMinor + taxMinor };
}
