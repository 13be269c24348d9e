import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';

const BADGE: Record<string, string> = { submitted: 'badge warn', accepted: 'badge ok', accepted_with_adjustment: 'badge ok', disputed: 'badge danger', superseded: 'badge', none: 'badge' };

/** A vendor invoice's status in words (never colour alone); a superseded submission says so. */
export function VendorInvoiceStatus({ status, isSuperseded = false }: { status: string; isSuperseded?: boolean }) {
  const t = useT();
  const shown = isSuperseded ? 'superseded' : status;
  return (
    <span className={BADGE[shown] ?? 'badge'} data-status={shown}>
      {t(`reconciliation.status.${shown}` as MessageKey)}
    </span>
  );
}
