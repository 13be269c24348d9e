import type { contractsUiEn } from './contracts-ui.en';

export const contractsUiZhTW: Record<keyof typeof contractsUiEn, string> = {
  'contractsUi.placeholder': '合約',
};
