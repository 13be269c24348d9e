import type { programsUiEn } from './programs-ui.en';

export const programsUiZhTW: Record<keyof typeof programsUiEn, string> = {
  'programsUi.placeholder': '專案',
};
