/** Billing runs, invoices, month lock and ERP exports (issue 7). */
export const billingEn = {
} as const;
