/** Program, unit and contract pages: labels, headings, help texts. */
export const programsUiEn = {
  'programsUi.placeholder': 'Programs',
} as const;
