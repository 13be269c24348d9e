/** Vendor invoice submission and reconciliation (issue 7). */
export const reconciliationEn = {
} as const;
