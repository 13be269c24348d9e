import { z } from 'zod';

/**
 * Money on a rate card is a decimal string (numeric(18,4) in the database), never a float: 47.5 per
 * contact times a million contacts must come out exact on an invoice.
 */
export const MONEY_PATTERN = /^\d{1,14}(\.\d{1,4})?$/;

export const moneySchema = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().replace(/,/g, '') : v),
  z.string({ message: 'programs.error.invalidAmount' }).regex(MONEY_PATTERN, { message: 'programs.error.invalidAmount' }),
);

/** Empty form fields mean "not given". */
export const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** "45.0000" → "45.00", "12.3450" → "12.345": at least two decimals, no trailing zeros beyond. */
export function formatDecimal(value: string | null | undefined, minDecimals = 2): string {
  if (value === null || value === undefined || value === '') return '—';
  const [whole = '0', frac = ''] = value.split('.');
  let f = frac.replace(/0+$/, '');
  if (f.length < minDecimals) f = f.padEnd(minDecimals, '0');
  return f ? `${whole.replace(/^0+(?=\d)/, '')}.${f}` : whole.replace(/^0+(?=\d)/, '');
}

/** Compares two non-negative decimal strings exactly (no float rounding). */
export function compareDecimal(a: string, b: string): number {
  const [aw = '0', af = ''] = a.split('.');
  const [bw = '0', bf = ''] = b.split('.');
  const width = Math.max(af.length, bf.length);
  const an = BigInt(aw + af.padEnd(width, '0'));
  const bn = BigInt(bw + bf.padEnd(width, '0'));
  return an === bn ? 0 : an < bn ? -1 : 1;
}

/** Basis points (1234) as a percentage string ("12.34%"). */
export function formatBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  return `${Number((bp / 100).toFixed(2))}%`;
}
