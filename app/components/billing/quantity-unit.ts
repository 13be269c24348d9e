import type { MessageKey, Translate } from '#app/i18n/index';

/** The units the billing engine gives invoice quantities (app/domain/billing/engine.ts), stored as codes on each line. */
const QUANTITY_UNITS = ['contacts', 'minutes', 'hours', 'FTE-months', 'months', 'items', 'credits'] as const;

/** An invoice line's quantity unit in the reader's language; a unit the engine does not name is shown as stored. */
export function quantityUnitLabel(t: Translate, unit: string | null | undefined): string {
  if (!unit) return '';
  return (QUANTITY_UNITS as readonly string[]).includes(unit) ? t(`billing.quantityUnit.${unit}` as MessageKey) : unit;
}
