/** Contract pages: list, versions, diff, the version editor (rate card and SLAs). */
export const contractsUiEn = {
  'contractsUi.placeholder': 'Contracts',
} as const;
