import type { billingEn } from './billing.en';

export const billingZhTW: Record<keyof typeof billingEn, string> = {
};
