/**
 * Amounts as people type them ("1,234.50", "-12") → integer minor units of the currency, exactly.
 * More decimals than the currency has is an error, not a silent rounding.
 */
export type AmountError = 'reconciliation.error.amount' | 'reconciliation.error.tooManyDecimals';

export function majorToMinor(value: string, minorDigits: number): bigint | AmountError {
  const cleaned = value.trim().replace(/[,\s]/g, '');
  const match = /^([+-])?(\d{1,15})(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return 'reconciliation.error.amount';
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > minorDigits) return 'reconciliation.error.tooManyDecimals';
  const minor = BigInt(whole + fraction.padEnd(minorDigits, '0').slice(0, minorDigits));
  return sign === '-' ? -minor : minor;
}

/** Integer minor units back to a plain decimal string for a form field ("123450", 2 → "1234.50"). */
export function minorToMajor(minor: bigint | string, minorDigits: number): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(minorDigits);
  const fraction = minorDigits ? `.${(abs % unit).toString().padStart(minorDigits, '0')}` : '';
  return `${negative ? '-' : ''}${abs / unit}${fraction}`;
}

/** ISO 4217 digits as Intl knows them (TWD 2, JPY 0); 2 for a code Intl does not know. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
