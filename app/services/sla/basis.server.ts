/**
 * The month's invoice amount before credits, for the SLA engine: the billing engine's service lines
 * (app/domain/billing/engine.ts serviceLines: usage by band, fixed fees, minimum commitment true-up), so
 * the at-risk amount and the computed invoice agree. Rounded half-up per line: the SLA engine does not
 * read the contract's billing settings, so a contract that rounds otherwise may differ by a minor unit per
 * line between this basis and its invoice. Pass-through items (at cost) and adjustments are not part of it.
 *
 *  per handled contact   handled × rate
 *  per handled minute    (talk + hold + wrap) / 60 × rate
 *  per productive hour   staffed_s / 3600 × rate (the feeds carry staffed time)
 *  per FTE-month         staffed_s / 3600 / FTE_MONTH_HOURS (160) × rate
 *  fixed monthly fee     rate
 *  pass-through          0 here: billed as incurred (noted on the line)
 *  tiers                 graduated: each band's part of the month's quantity at the band's rate
 *  minimum commitment    the basis is at least the version's minimum monthly commitment
 * A line limited to a channel or queue counts only that channel's or queue's volume.
 */
import type { InvoiceBasisDetails } from '#db/schema/index';
import type { Components } from '#app/domain/kpi/components';
import { serviceLines } from '#app/domain/billing/engine';
import type { ContractVersionDto } from '../contracts.server';

export interface VolumeRow {
  queueId: string;
  channel: string;
  components: Components;
}

const digitsByCurrency = new Map<string, number>();

/** ISO 4217 minor digits as Intl knows them (TWD 2, JPY 0, USD 2); remembered, Intl formatters are costly. */
export function minorDigitsOf(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    if (digitsByCurrency.size < 1000) digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** A decimal string ("45.0000", "-1.5") as a scaled integer: value × 10^scale, exactly (extra digits truncated). */
export function decimalToScaled(value: string, scale: number): bigint {
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal: ${value}`);
  const [, sign, whole = '', fraction = ''] = match;
  const digits = BigInt((whole || '0') + fraction.padEnd(scale, '0').slice(0, scale));
  return sign ? -digits : digits;
}

export function computeInvoiceBasis(version: ContractVersionDto, volumes: readonly VolumeRow[], digits: number): { amountMinor: bigint; details: InvoiceBasisDetails } {
  const service = serviceLines('', { currency: version.currency, minorDigits: digits, taxRateBp: 0, minimumMonthlyCommitment: version.minimumMonthlyCommitment, rateLines: version.rateLines }, volumes, 'half_up');
  const lines: InvoiceBasisDetails['lines'] = version.rateLines.map((line) => {
    if (line.pricingModel === 'pass_through') return { position: line.position, pricingModel: line.pricingModel, quantity: 0, amountMinor: '0', note: 'billed_as_incurred' };
    const own = service.lines.filter((l) => l.rateCardLineId === line.id);
    const quantity = own.reduce((s, l) => s + Number(l.quantity), 0);
    const amount = own.reduce((s, l) => s + l.amountMinor, 0n);
    return { position: line.position, pricingModel: line.pricingModel, quantity, amountMinor: amount.toString(), ...(quantity === 0 && line.pricingModel !== 'fixed_monthly_fee' ? { note: 'no_volume' } : {}) };
  });
  return { amountMinor: service.totalMinor, details: { source: 'rate_card', lines, minimumCommitmentMinor: service.minimumMinor === null ? null : service.minimumMinor.toString() } };
}
