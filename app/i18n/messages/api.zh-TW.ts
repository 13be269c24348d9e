import type { apiEn } from './api.en';

export const apiZhTW: Record<keyof typeof apiEn, string> = {
  'api.placeholder': 'Api',
};
