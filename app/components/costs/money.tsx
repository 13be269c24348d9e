import { formatMoney } from '#app/i18n/format';
import { useLocale } from '#app/i18n/react';

/** Integer minor units (a decimal string from a loader) shown exactly in the program's currency; "—" for none. */
export function Money({ minor, currency }: { minor: string | null | undefined; currency: string }) {
  const locale = useLocale();
  if (minor === null || minor === undefined) return <>—</>;
  return <>{formatMoney(locale, BigInt(minor), currency)}</>;
}
