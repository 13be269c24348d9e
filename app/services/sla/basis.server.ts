/**
 * The month's invoice amount before credits, until the billing issue exists: the rate card applied to the
 * measured volumes of the contract's units (DOMAIN.md "Pricing models"). Integer money throughout:
 * rates are decimal strings, quantities exact rationals, one half-up rounding per line.
 *
 *  per handled contact   handled × rate
 *  per handled minute    (talk + hold + wrap) / 60 × rate
 *  per productive hour   staffed_s / 3600 × rate (the feeds carry staffed time)
 *  fixed monthly fee     rate
 *  per FTE-month         0: the FTE count is not an input yet (noted on the line)
 *  pass-through          0: billed as incurred, unknown here (noted on the line)
 *  tiers                 graduated: each band's part of the month's quantity at the band's rate
 *  minimum commitment    the basis is at least the version's minimum monthly commitment
 * A line limited to a channel or queue counts only that channel's or queue's volume.
 */
import type { InvoiceBasisDetails } from '#db/schema/index';
import type { Components } from '#app/domain/kpi/components';
import { divideRounded } from '#app/domain/sla/money';
import type { ContractVersionDto } from '../contracts.server';
import { feedChannelOf } from '../feeds/unit-context.server';

export interface VolumeRow {
  queueId: string;
  channel: string;
  components: Components;
}

/** ISO 4217 minor digits as Intl knows them (TWD 2, JPY 0, USD 2). */
export function minorDigitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** A decimal string ("45.0000", "-1.5") as a scaled integer: value × 10^scale, exactly (extra digits truncated). */
export function decimalToScaled(value: string, scale: number): bigint {
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal: ${value}`);
  const [, sign, whole = '', fraction = ''] = match;
  const digits = BigInt((whole || '0') + fraction.padEnd(scale, '0').slice(0, scale));
  return sign ? -digits : digits;
}

const RATE_SCALE = 4;
/** Quantities are kept in thousandths (seconds carry milliseconds). */
const MILLI = 1000n;

interface Quantity {
  /** quantity × 1000 / divisor */
  milli: bigint;
  divisor: bigint;
}

function quantityOf(model: string, c: Components): Quantity | null {
  const milli = (x: number) => BigInt(Math.round(x * 1000));
  switch (model) {
    case 'per_handled_contact':
      return { milli: milli(c.handled), divisor: 1n };
    case 'per_handled_minute':
      return { milli: milli(c.talk_s + c.hold_s + c.wrap_s), divisor: 60n };
    case 'per_productive_hour':
      return { milli: milli(c.staffed_s), divisor: 3600n };
    case 'fixed_monthly_fee':
      return { milli: MILLI, divisor: 1n };
    default:
      return null;
  }
}

/** amount (minor) of `q` units at `rate` (decimal string per unit, major currency units). */
function priced(q: Quantity, rate: string, digits: number): bigint {
  const rateScaled = decimalToScaled(rate, RATE_SCALE);
  return divideRounded(q.milli * rateScaled * 10n ** BigInt(digits), q.divisor * MILLI * 10n ** BigInt(RATE_SCALE), 'half_up');
}

function tiered(q: Quantity, tiers: ContractVersionDto['rateLines'][number]['tiers'], digits: number): bigint {
  let total = 0n;
  // Band bounds in the same scaled unit as the quantity (quantity × 1000 / divisor).
  const scaled = (x: number) => BigInt(Math.round(x * 1000)) * q.divisor;
  for (const tier of tiers) {
    const from = scaled(tier.fromQty);
    const to = tier.toQty === null ? null : scaled(tier.toQty);
    const upper = to === null || q.milli < to ? q.milli : to;
    if (upper <= from) continue;
    total += priced({ milli: upper - from, divisor: q.divisor }, tier.rate, digits);
  }
  return total;
}

export function computeInvoiceBasis(version: ContractVersionDto, volumes: readonly VolumeRow[], digits: number): { amountMinor: bigint; details: InvoiceBasisDetails } {
  const lines: InvoiceBasisDetails['lines'] = [];
  let sum = 0n;
  for (const line of version.rateLines) {
    const rows = volumes.filter((v) => (line.queueId === null || v.queueId === line.queueId) && (line.channel === null || v.channel === feedChannelOf(line.channel as never)));
    const components = rows.reduce<Components | null>((acc, r) => {
      if (!acc) return { ...r.components };
      for (const key of Object.keys(acc) as (keyof Components)[]) acc[key] += r.components[key];
      return acc;
    }, null);
    const q = components ? quantityOf(line.pricingModel, components) : line.pricingModel === 'fixed_monthly_fee' ? { milli: MILLI, divisor: 1n } : null;
    if (!q) {
      const note = line.pricingModel === 'per_fte_month' ? 'needs_fte_count' : line.pricingModel === 'pass_through' ? 'billed_as_incurred' : 'no_volume';
      lines.push({ position: line.position, pricingModel: line.pricingModel, quantity: 0, amountMinor: '0', note });
      continue;
    }
    const amount = line.tiers.length > 0 ? tiered(q, line.tiers, digits) : line.rate !== null ? priced(q, line.rate, digits) : 0n;
    sum += amount;
    lines.push({ position: line.position, pricingModel: line.pricingModel, quantity: Number(q.milli) / 1000 / Number(q.divisor), amountMinor: amount.toString() });
  }
  const minimum = version.minimumMonthlyCommitment === null ? null : divideRounded(decimalToScaled(version.minimumMonthlyCommitment, RATE_SCALE) * 10n ** BigInt(digits), 10n ** BigInt(RATE_SCALE), 'half_up');
  const amountMinor = minimum !== null && minimum > sum ? minimum : sum;
  return { amountMinor, details: { source: 'rate_card', lines, minimumCommitmentMinor: minimum === null ? null : minimum.toString() } };
}
