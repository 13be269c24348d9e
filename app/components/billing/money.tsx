import { formatMoney } from '#app/i18n/format';
import { useLocale } from '#app/i18n/react';

/** Integer minor units (a string from the DTO) in the invoice currency, exactly. */
export function Money({ minor, currency }: { minor: string; currency: string }) {
  const locale = useLocale();
  return <>{formatMoney(locale, BigInt(minor), currency)}</>;
}
