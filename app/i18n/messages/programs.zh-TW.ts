import type { programsEn } from './programs.en';

export const programsZhTW: Record<keyof typeof programsEn, string> = {
  'programs.placeholder': 'Programs',
};
