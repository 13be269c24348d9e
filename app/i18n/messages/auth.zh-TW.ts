import type { authEn } from './auth.en';

export const authZhTW: Record<keyof typeof authEn, string> = {
  'auth.placeholder': 'Auth',
};
