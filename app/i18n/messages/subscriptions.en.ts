/** The platform's own subscription billing with Stripe (issue 7). */
export const subscriptionsEn = {
} as const;
