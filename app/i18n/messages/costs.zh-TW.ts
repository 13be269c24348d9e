import type { costsEn } from './costs.en';

export const costsZhTW: Record<keyof typeof costsEn, string> = {
};
