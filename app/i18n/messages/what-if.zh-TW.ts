import type { whatIfEn } from './what-if.en';

export const whatIfZhTW: Record<keyof typeof whatIfEn, string> = {
};
