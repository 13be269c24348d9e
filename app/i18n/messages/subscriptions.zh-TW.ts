import type { subscriptionsEn } from './subscriptions.en';

export const subscriptionsZhTW: Record<keyof typeof subscriptionsEn, string> = {
};
