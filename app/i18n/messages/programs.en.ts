/** Programs, units, contracts, SLAs, sourcing assessment. */
export const programsEn = {
  'programs.placeholder': 'Programs',
} as const;
