import type { reconciliationEn } from './reconciliation.en';

export const reconciliationZhTW: Record<keyof typeof reconciliationEn, string> = {
};
